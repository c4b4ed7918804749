using MarketPrism.Core.Configuration;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Coinbase;

/// <summary>The <c>options:</c> of a Coinbase entry (config keys are the snake_case property names).</summary>
public sealed class CoinbaseOptions : IVenueOptions
{
    /// <summary>The <see cref="Api"/> value of the Coinbase Exchange feed.</summary>
    public const string ExchangeApi = "exchange";

    /// <summary>The <see cref="Api"/> value of Coinbase Advanced Trade.</summary>
    public const string AdvancedTradeApi = "advanced_trade";

    private static readonly string[] Apis = [ExchangeApi, AdvancedTradeApi];

    /// <summary>
    /// Which public API the entry collects from: <c>exchange</c> (the Coinbase Exchange feed: the matching engine's
    /// own full-depth <c>level2_batch</c> book, <c>matches</c> with the maker and taker order ids and contiguous trade
    /// ids, microsecond times; spot only) or <c>advanced_trade</c> (the retail API's public channels: a full-depth
    /// <c>level2</c> book and trades of the same matching engine, one <c>sequence_num</c> per connection; where CDE
    /// futures are listed; its public channels send <c>-USD</c> data for most <c>-USDC</c> products). Unset: the
    /// Exchange feed for spot, since a full-depth researcher wants the venue's own feed (and existing Coinbase datasets
    /// were recorded from it), and Advanced Trade for futures, the only API that lists them.
    /// </summary>
    public string? Api { get; set; }

    /// <summary>The API an entry of <paramref name="market"/> uses (an invalid value, reported by <see cref="Validate"/>, reads as unset).</summary>
    public CoinbaseApi ApiFor(MarketPrism.Core.Model.MarketType market) => Api switch
    {
        AdvancedTradeApi => CoinbaseApi.AdvancedTrade,
        ExchangeApi => CoinbaseApi.Exchange,
        _ => market == MarketPrism.Core.Model.MarketType.Futures ? CoinbaseApi.AdvancedTrade : CoinbaseApi.Exchange,
    };

    public void Validate(string path, IConfigReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (Api is not null && Array.IndexOf(Apis, Api) < 0)
        {
            report.Error($"{path}.api", $"must be exchange or advanced_trade, got `{Api}`{Suggestions.DidYouMean(Api, Apis)}");
        }
    }

    public VenueStreamOptions ToStreamOptions() => new();
}

using MarketPrism.Core.Configuration;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Binance;

/// <summary>The <c>options:</c> of a Binance entry (config keys are the snake_case property names).</summary>
public sealed class BinanceOptions : IVenueOptions
{
    private static readonly string[] TradeStreams = ["trade", "agg_trade"];

    /// <summary>
    /// Stream that feeds <c>trade</c> records: <c>trade</c> (every fill) or <c>agg_trade</c> (fills aggregated by taker
    /// order). Default: trade.
    /// </summary>
    public string TradeStream { get; set; } = "trade";

    public void Validate(string path, IConfigReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (Array.IndexOf(TradeStreams, TradeStream) < 0)
        {
            report.Error($"{path}.trade_stream", $"must be trade or agg_trade, got `{TradeStream}`{Suggestions.DidYouMean(TradeStream, TradeStreams)}");
        }
    }

    /// <summary>The feed <see cref="TradeStream"/> names; <see cref="BinanceTradeFeed.Trade"/> for a value validation rejects.</summary>
    public BinanceTradeFeed TradeFeed =>
        BinanceStreams.TryParseTradeFeed(TradeStream, out var feed) ? feed : BinanceTradeFeed.Trade;
}

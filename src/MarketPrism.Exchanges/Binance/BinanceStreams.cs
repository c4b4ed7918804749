using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Binance;

/// <summary>
/// The Binance stream names that carry each data type. Names are the lower-case exchange symbol, <c>@</c>, and the
/// stream (<c>btcusdt@depth@100ms</c>), the same on spot, USDⓈ-M and COIN-M.
/// </summary>
public static class BinanceStreams
{
    /// <summary>Diff depth every 100 ms, for <c>book_delta</c> and <c>book_snapshot</c> (the fastest documented speed).</summary>
    public const string DepthSuffix = "@depth@100ms";

    /// <summary>Every fill.</summary>
    public const string TradeSuffix = "@trade";

    /// <summary>Fills aggregated per taker order and price.</summary>
    public const string AggTradeSuffix = "@aggTrade";

    /// <summary>Best bid and ask on every change.</summary>
    public const string BookTickerSuffix = "@bookTicker";

    /// <summary>Mark price, index price and funding rate every second (futures), for <c>funding_rate</c> and <c>mark_price</c>.</summary>
    public const string MarkPriceSuffix = "@markPrice@1s";

    /// <summary>Liquidation orders, at most one per symbol per second (futures).</summary>
    public const string ForceOrderSuffix = "@forceOrder";

    /// <summary>
    /// The stream carrying <paramref name="dataType"/> for <paramref name="instrument"/>, or null when Binance has no
    /// stream for it there: <c>open_interest</c> is only available by REST polling; spot has no funding, mark price
    /// or liquidations; dated contracts do not fund.
    /// </summary>
    public static string? StreamName(Instrument instrument, DataType dataType, BinanceTradeFeed tradeFeed = BinanceTradeFeed.Trade)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var suffix = Suffix(instrument.MarketType, dataType, tradeFeed);
        return suffix is null ? null : string.Concat(instrument.ExchangeSymbol.ToLowerInvariant(), suffix);
    }

    /// <summary>
    /// The distinct streams for <paramref name="dataTypes"/> of one instrument, in first-use order (book_delta and
    /// book_snapshot share the depth stream; funding_rate and mark_price share the mark price stream).
    /// </summary>
    public static IReadOnlyList<string> StreamNames(
        Instrument instrument, IEnumerable<DataType> dataTypes, BinanceTradeFeed tradeFeed = BinanceTradeFeed.Trade)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(dataTypes);
        var names = new List<string>();
        foreach (var dataType in dataTypes)
        {
            if (StreamName(instrument, dataType, tradeFeed) is { } name && !names.Contains(name))
            {
                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>
    /// Reads the configured trade stream (<c>trade_stream</c>): <c>trade</c> or <c>agg_trade</c>; null or empty
    /// means the default, <see cref="BinanceTradeFeed.Trade"/>.
    /// </summary>
    public static bool TryParseTradeFeed(string? value, out BinanceTradeFeed feed)
    {
        switch (value)
        {
            case null or "" or "trade":
                feed = BinanceTradeFeed.Trade;
                return true;
            case "agg_trade":
                feed = BinanceTradeFeed.AggTrade;
                return true;
            default:
                feed = default;
                return false;
        }
    }

    private static string? Suffix(MarketType market, DataType dataType, BinanceTradeFeed tradeFeed)
    {
        var derivative = market is MarketType.Perpetual or MarketType.Futures;
        return dataType switch
        {
            DataType.Trade => tradeFeed == BinanceTradeFeed.AggTrade ? AggTradeSuffix : TradeSuffix,
            DataType.BookDelta or DataType.BookSnapshot => DepthSuffix,
            DataType.BestBidAsk => BookTickerSuffix,
            DataType.FundingRate when market == MarketType.Perpetual => MarkPriceSuffix,
            DataType.MarkPrice when derivative => MarkPriceSuffix,
            DataType.Liquidation when derivative => ForceOrderSuffix,
            _ => null,
        };
    }
}

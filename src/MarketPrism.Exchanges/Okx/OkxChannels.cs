namespace MarketPrism.Exchanges.Okx;

/// <summary>
/// The OKX v5 public channels the collector subscribes, and the stream names it gives them. OKX subscribes and
/// acknowledges per argument (<c>{"channel":"books","instId":"BTC-USDT"}</c>), so a stream name is the argument
/// written as <c>channel:instId</c> (or <c>channel:instType</c> for the channels OKX subscribes by instrument type):
/// the parser builds the same name from every acknowledgement's <c>arg</c>.
/// </summary>
public static class OkxChannels
{
    /// <summary>Public trades; may aggregate several fills of one taker order (<c>count</c>). Public endpoint.</summary>
    public const string Trades = "trades";

    /// <summary>Every fill, one per message. Business endpoint (not subscribed; parsed when met in a capture).</summary>
    public const string TradesAll = "trades-all";

    /// <summary>400-level book: snapshot, then incremental updates every 100 ms, with checksum and seqId.</summary>
    public const string Books = "books";

    /// <summary>Tick-by-tick 400-level book (login required); same format as <see cref="Books"/>.</summary>
    public const string BooksL2Tbt = "books-l2-tbt";

    /// <summary>Tick-by-tick 50-level book (login required); same format as <see cref="Books"/>.</summary>
    public const string Books50L2Tbt = "books50-l2-tbt";

    /// <summary>Best bid and offer, one level, pushed on every change (at most every 10 ms).</summary>
    public const string BboTbt = "bbo-tbt";

    public const string Tickers = "tickers";

    public const string FundingRate = "funding-rate";

    public const string OpenInterest = "open-interest";

    public const string MarkPrice = "mark-price";

    public const string IndexTickers = "index-tickers";

    public const string PriceLimit = "price-limit";

    /// <summary>Liquidation orders of every instrument of one <c>instType</c> (subscribed by <c>instType</c>).</summary>
    public const string LiquidationOrders = "liquidation-orders";

    /// <summary>A Tardis-generated wrapper of polled REST liquidations found in recordings (same detail fields).</summary>
    public const string Liquidations = "liquidations";

    /// <summary>Whether the channel's argument names an <c>instType</c> rather than an <c>instId</c>.</summary>
    public static bool IsByInstrumentType(string channel) => channel == LiquidationOrders;

    /// <summary>The stream name of a subscription argument: <c>channel:instId</c> or <c>channel:instType</c>.</summary>
    public static string StreamName(string channel, string instIdOrType)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(instIdOrType);
        return string.Concat(channel, ":", instIdOrType);
    }

    /// <summary>Splits a stream name back into its argument; false when it is not <c>channel:value</c>.</summary>
    public static bool TrySplit(string streamName, out string channel, out string instIdOrType)
    {
        ArgumentNullException.ThrowIfNull(streamName);
        var colon = streamName.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == streamName.Length - 1)
        {
            channel = instIdOrType = "";
            return false;
        }

        channel = streamName[..colon];
        instIdOrType = streamName[(colon + 1)..];
        return true;
    }
}

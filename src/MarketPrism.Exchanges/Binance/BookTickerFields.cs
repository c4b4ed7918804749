namespace MarketPrism.Exchanges.Binance;

/// <summary>The fields of a <c>bookTicker</c> event seen so far, one bit each.</summary>
[Flags]
internal enum BookTickerFields
{
    None = 0,
    UpdateId = 1,
    BidPrice = 2,
    BidSize = 4,
    AskPrice = 8,
    AskSize = 16,
    EventTime = 32,

    /// <summary>Every field a bookTicker must carry (futures add <c>E</c>; spot has no time).</summary>
    Required = UpdateId | BidPrice | BidSize | AskPrice | AskSize,
}

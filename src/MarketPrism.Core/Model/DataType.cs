namespace MarketPrism.Core.Model;

/// <summary>The kind of a normalized record. The wire name (e.g. <c>book_delta</c>) is what users query.</summary>
public enum DataType : byte
{
    Trade,
    BookDelta,
    BookSnapshot,
    BestBidAsk,
    FundingRate,
    OpenInterest,
    Liquidation,
    MarkPrice,
    LongShortRatio,
    VolatilityIndex,
}

namespace MarketPrism.Core.Model;

/// <summary>Top of book (<c>best_bid_ask</c>).</summary>
public sealed class BestBidAskRecord : MarketRecord
{
    public override DataType DataType => DataType.BestBidAsk;

    public required decimal BidPrice { get; init; }

    public required decimal BidSize { get; init; }

    public required decimal AskPrice { get; init; }

    public required decimal AskSize { get; init; }

    /// <summary>The exchange's book update id for this quote, when it sends one.</summary>
    public long? UpdateId { get; init; }
}

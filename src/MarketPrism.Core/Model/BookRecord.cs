namespace MarketPrism.Core.Model;

/// <summary>What book deltas and book snapshots share: levels and the exchange's update ids.</summary>
public abstract class BookRecord : MarketRecord
{
    /// <summary>Bid levels, best (highest) first.</summary>
    public required BookLevel[] Bids { get; init; }

    /// <summary>Ask levels, best (lowest) first.</summary>
    public required BookLevel[] Asks { get; init; }

    public required long FirstUpdateId { get; init; }

    public required long LastUpdateId { get; init; }
}

using MarketPrism.Core.Model;

namespace MarketPrism.Core.Books;

/// <summary>
/// A full book as an exchange's REST endpoint returns it, used to (re)synchronize a local book. Not a record:
/// after bridging, the synchronized book emits its own <see cref="BookSnapshotRecord"/>.
/// </summary>
/// <param name="LastUpdateId">The exchange's update id the snapshot reflects.</param>
/// <param name="Bids">Bid levels, best first.</param>
/// <param name="Asks">Ask levels, best first.</param>
/// <param name="Timestamp">Exchange time of the snapshot when given, else the receive time.</param>
/// <param name="LocalTimestamp">When the response was received.</param>
public sealed record DepthSnapshot(long LastUpdateId, BookLevel[] Bids, BookLevel[] Asks, DateTime Timestamp, DateTime LocalTimestamp);

using MarketPrism.Core.Instruments;

namespace MarketPrism.Core.Model;

/// <summary>
/// The top <see cref="Depth"/> levels of a synchronized book (<c>book_snapshot</c>), emitted at the configured
/// interval and after every (re)synchronization.
/// </summary>
public sealed class BookSnapshotRecord : BookRecord
{
    public override DataType DataType => DataType.BookSnapshot;

    /// <summary>The number of levels per side requested; a side may hold fewer when the book is thinner.</summary>
    public required int Depth { get; init; }

    /// <summary>
    /// A whole book as the exchange sent it at one update id (a REST depth snapshot, a full book pushed in band)
    /// rather than the top of a book the collector keeps: its depth is what the deeper side holds.
    /// </summary>
    public static BookSnapshotRecord OfWholeBook(
        Instrument instrument, DateTime timestamp, DateTime localTimestamp, BookLevel[] bids, BookLevel[] asks, long updateId)
    {
        ArgumentNullException.ThrowIfNull(bids);
        ArgumentNullException.ThrowIfNull(asks);
        return new BookSnapshotRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = localTimestamp,
            Bids = bids,
            Asks = asks,
            FirstUpdateId = updateId,
            LastUpdateId = updateId,
            Depth = Math.Max(bids.Length, asks.Length),
        };
    }
}

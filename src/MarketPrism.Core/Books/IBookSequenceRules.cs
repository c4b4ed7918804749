using MarketPrism.Core.Model;

namespace MarketPrism.Core.Books;

/// <summary>
/// A venue's book continuity rules, so that <see cref="BookSynchronizer"/> stays venue-neutral. Implementations are
/// stateless (everything they need is passed in) and may be shared by every instrument of a venue.
/// </summary>
public interface IBookSequenceRules
{
    /// <summary>Where the venue's full book comes from.</summary>
    BookSnapshotSource SnapshotSource { get; }

    /// <summary>
    /// Judges the first update after a snapshot (REST or in-band) was loaded: <see cref="SequenceDecision.Stale"/>
    /// when the snapshot already covers it, <see cref="SequenceDecision.Apply"/> when it starts where the snapshot
    /// ends, <see cref="SequenceDecision.Gap"/> when updates between the two are missing.
    /// </summary>
    /// <param name="snapshotUpdateId">The update id the snapshot reflects.</param>
    SequenceDecision Bridge(BookDeltaRecord delta, long snapshotUpdateId);

    /// <summary>Judges every later update against the last one applied.</summary>
    /// <param name="lastAppliedUpdateId">The <see cref="BookRecord.LastUpdateId"/> of the last applied update.</param>
    SequenceDecision Continue(BookDeltaRecord delta, long lastAppliedUpdateId);

    /// <summary>
    /// For REST snapshots (<see cref="BookSnapshotSource.Rest"/> and <see cref="BookSnapshotSource.InBandWithRestFallback"/>
    /// venues): true when a snapshot is older than the first buffered update, so no buffered update can bridge to it
    /// and another must be fetched. Pure in-band venues return false.
    /// </summary>
    bool IsSnapshotTooOld(DepthSnapshot snapshot, BookDeltaRecord firstBuffered);

    /// <summary>
    /// Checks the venue's checksum (<see cref="BookDeltaRecord.Checksum"/>) against the book after
    /// <paramref name="applied"/> was applied. Venues without a checksum, and updates that carry none, return true.
    /// </summary>
    bool VerifyChecksum(OrderBook book, BookDeltaRecord applied);

    /// <summary>
    /// Every update is the venue's whole book (Hyperliquid's <c>l2Book</c> pushes 20 levels per side, and its updates
    /// are derived from consecutive pushes), so a <c>book_snapshot</c> is recorded after every applied update, whatever
    /// <see cref="BookOptions.SnapshotInterval"/> says: each one is a snapshot the venue itself published. Default: false.
    /// </summary>
    bool SnapshotAfterEveryUpdate => false;
}

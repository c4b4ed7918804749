using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Core.Books;

/// <summary>
/// Receives what a <see cref="BookSynchronizer"/> does, so the runtime can log one line per event and count metrics.
/// Called synchronously on the synchronizer's task: implementations must be cheap and must not throw.
/// </summary>
public interface IBookSyncObserver
{
    /// <summary>The book was discarded or a synchronization attempt must start over.</summary>
    /// <param name="detail">What was seen, with the ids involved, for the log line.</param>
    void OnResync(Instrument instrument, ResyncReason reason, string detail);

    /// <summary>A snapshot was loaded and every buffered update after it applied; the book is live.</summary>
    /// <param name="updateId">The snapshot's update id.</param>
    /// <param name="appliedFromBuffer">Buffered updates applied on top of the snapshot.</param>
    void OnSynced(Instrument instrument, long updateId, int appliedFromBuffer);

    /// <summary>
    /// A <see cref="BookSnapshotSource.InBandWithRestFallback"/> book got no in-band snapshot in time and is seeded
    /// from REST instead. Not a resync: no book was discarded.
    /// </summary>
    /// <param name="detail">What is awaited and what is done, for the log line.</param>
    void OnSnapshotFallback(Instrument instrument, string detail);

    /// <summary>One received update was not applied (called once per update: count it, do not log each).</summary>
    void OnUpdateSkipped(Instrument instrument, UpdateSkipReason reason);

    /// <summary>
    /// An update was applied although ids between <paramref name="lastAppliedUpdateId"/> and it were never received,
    /// because the venue's rules said its ids may skip (<see cref="SequenceDecision.ApplyDespiteSkippedIds"/>).
    /// Called once per such update: count it.
    /// </summary>
    void OnUpdateIdsSkipped(Instrument instrument, long lastAppliedUpdateId, BookDeltaRecord applied)
    {
    }
}

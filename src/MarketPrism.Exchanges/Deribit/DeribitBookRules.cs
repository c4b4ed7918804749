using MarketPrism.Core.Books;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Deribit;

/// <summary>
/// Deribit's book continuity (docs.deribit.com, <c>book.{instrument_name}.{interval}</c>): the first notification
/// after subscribing is the whole book (<c>type: snapshot</c>); every later one is a change whose
/// <c>prev_change_id</c> (<see cref="BookDeltaRecord.PreviousUpdateId"/>) must equal the previous notification's
/// <c>change_id</c> (<see cref="BookRecord.LastUpdateId"/>). Change ids grow but are not contiguous. A break means
/// the book is wrong: resubscribe for a new snapshot.
/// </summary>
public sealed class DeribitBookRules : IBookSequenceRules
{
    public static DeribitBookRules Instance { get; } = new();

    public BookSnapshotSource SnapshotSource => BookSnapshotSource.InBand;

    /// <summary>The first change after the snapshot continues it like any other.</summary>
    public SequenceDecision Bridge(BookDeltaRecord delta, long snapshotUpdateId) => Continue(delta, snapshotUpdateId);

    /// <summary>
    /// <c>prev_change_id == last change_id</c> applies; a change the book already holds (<c>change_id</c> not above
    /// the last, e.g. a copy from an overlapping connection) is stale; anything else, including a change without
    /// <c>prev_change_id</c>, is a gap.
    /// </summary>
    public SequenceDecision Continue(BookDeltaRecord delta, long lastAppliedUpdateId)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (delta.PreviousUpdateId == lastAppliedUpdateId)
        {
            return SequenceDecision.Apply;
        }

        return delta.LastUpdateId <= lastAppliedUpdateId ? SequenceDecision.Stale : SequenceDecision.Gap;
    }

    /// <summary>Deribit sends its snapshots in-band; there is no REST snapshot to judge.</summary>
    public bool IsSnapshotTooOld(DepthSnapshot snapshot, BookDeltaRecord firstBuffered) => false;

    /// <summary>Deribit sends no book checksum.</summary>
    public bool VerifyChecksum(OrderBook book, BookDeltaRecord applied) => true;
}

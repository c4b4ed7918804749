using MarketPrism.Core.Books;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Okx;

/// <summary>
/// OKX <c>books</c> continuity, as documented under the order-book channel ("Sequence ID"). The snapshot comes in
/// band on every subscription (<c>action:"snapshot"</c>, <c>prevSeqId = -1</c>); every update must carry
/// <c>prevSeqId</c> equal to the <c>seqId</c> of the message before it. That one rule also covers OKX's two special
/// cases: a "no update" message (empty sides, <c>seqId == prevSeqId</c>) after a quiet period, and a sequence reset
/// after maintenance, where <c>seqId</c> drops below <c>prevSeqId</c> but <c>prevSeqId</c> still names the previous
/// message. The parser puts <c>seqId</c> in <see cref="BookRecord.LastUpdateId"/> and <c>prevSeqId</c> in
/// <see cref="BookDeltaRecord.PreviousUpdateId"/>. Frames from before OKX added the sequence fields (2022 captures)
/// carry no <c>prevSeqId</c>; they can only be checked by their checksum.
/// </summary>
/// <remarks>
/// The checksum (<see cref="OkxChecksum"/>) is verified whenever a frame carries a non-zero one: OKX announced that
/// from June 2026 it sends 0 on every frame, leaving <c>seqId</c>/<c>prevSeqId</c> as the only check. A broken book
/// is repaired by resubscribing, which brings a new snapshot.
/// </remarks>
public sealed class OkxBookRules : IBookSequenceRules
{
    public static OkxBookRules Instance { get; } = new();

    public BookSnapshotSource SnapshotSource => BookSnapshotSource.InBand;

    /// <summary>The first update after the snapshot must name it: <c>prevSeqId == snapshot seqId</c>.</summary>
    public SequenceDecision Bridge(BookDeltaRecord delta, long snapshotUpdateId) => Continue(delta, snapshotUpdateId);

    /// <summary>
    /// <c>prevSeqId == last seqId</c> applies; anything else is a gap (OKX: "unsubscribe and subscribe again"). An
    /// update without <c>prevSeqId</c> cannot be chained and is applied, its checksum being the only check.
    /// </summary>
    public SequenceDecision Continue(BookDeltaRecord delta, long lastAppliedUpdateId)
    {
        ArgumentNullException.ThrowIfNull(delta);
        return delta.PreviousUpdateId is not { } previous || previous == lastAppliedUpdateId
            ? SequenceDecision.Apply
            : SequenceDecision.Gap;
    }

    /// <summary>OKX books never come from REST.</summary>
    public bool IsSnapshotTooOld(DepthSnapshot snapshot, BookDeltaRecord firstBuffered) => false;

    /// <summary>Compares the frame's checksum with the book's top 25 levels; a checksum of 0 (or none) is not checked.</summary>
    public bool VerifyChecksum(OrderBook book, BookDeltaRecord applied)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(applied);
        return applied.Checksum is not { } expected || expected == 0 || OkxChecksum.Compute(book) == expected;
    }
}

using MarketPrism.Core.Books;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Okx;

/// <summary>
/// OKX <c>books</c> continuity, as documented under the order-book channel ("Sequence ID") and in OKX's changelog
/// entry "Delist initial snapshot and checksum field in order book channels" (last update 12 Feb 2026). Every update
/// must carry <c>prevSeqId</c> equal to the <c>seqId</c> of the message before it. That one rule also covers OKX's
/// two special cases: a "no update" message (empty sides, <c>seqId == prevSeqId</c>) after a quiet period, and a
/// sequence reset after maintenance, where <c>seqId</c> drops below <c>prevSeqId</c> but <c>prevSeqId</c> still names
/// the previous message. The parser puts <c>seqId</c> in <see cref="BookRecord.LastUpdateId"/> and <c>prevSeqId</c>
/// in <see cref="BookDeltaRecord.PreviousUpdateId"/>. Frames from before OKX added the sequence fields (2022
/// captures) carry no <c>prevSeqId</c>; they can only be checked by their checksum.
/// </summary>
/// <remarks>
/// <para>Where the book comes from (<see cref="BookSnapshotSource.InBandWithRestFallback"/>): today OKX sends the
/// book as the first message of every subscription (<c>action:"snapshot"</c>, <c>prevSeqId = -1</c>), and that
/// snapshot is used whenever it comes. OKX announced that the initial snapshot will be delisted (demo early May
/// 2026, production early August 2026) and that clients should get it from <c>GET /api/v5/market/books</c>, whose
/// answer carries the <c>seqId</c> the book reflects (a live answer: <c>"ts":"1780536387405","seqId":320237917986</c>;
/// <c>books-full</c> carries no <c>seqId</c> and cannot be bridged). So a book without an in-band snapshot soon
/// after subscribing is seeded from that REST book, by OKX's procedure "How to manage a local order book correctly":
/// buffer the stream; get the REST snapshot; if its <c>seqId</c> is strictly less than the <c>prevSeqId</c> of the
/// first buffered update, get another (<see cref="IsSnapshotTooOld"/>); discard buffered updates whose
/// <c>seqId &lt;= snapshot seqId</c>; the first one applied must satisfy
/// <c>prevSeqId &lt;= snapshot seqId &lt; seqId</c>; then every update continues the previous one
/// (<see cref="Bridge"/>, <see cref="Continue"/>).</para>
/// <para>The checksum (<see cref="OkxChecksum"/>) is verified whenever a frame carries a non-zero one: since 23 June
/// 2026 OKX sends 0 on every frame, leaving <c>seqId</c>/<c>prevSeqId</c> as the only check.</para>
/// </remarks>
public sealed class OkxBookRules : IBookSequenceRules
{
    public static OkxBookRules Instance { get; } = new();

    public BookSnapshotSource SnapshotSource => BookSnapshotSource.InBandWithRestFallback;

    /// <summary>
    /// The first update after a snapshot, in this order:
    /// <list type="number">
    /// <item><c>prevSeqId == snapshot seqId</c> applies: it continues the snapshot exactly (always so after an in-band
    /// snapshot, and also when it is a "no update" message or a sequence reset).</item>
    /// <item><c>seqId &lt;= snapshot seqId</c> is stale: the REST snapshot already holds it.</item>
    /// <item><c>prevSeqId &lt; snapshot seqId &lt; seqId</c> applies: the REST snapshot was taken inside this push
    /// (a <c>books</c> push spans several steps of the sequence, and its sizes are absolute).</item>
    /// <item>Otherwise (<c>prevSeqId &gt; snapshot seqId</c>) updates between the snapshot and it are missing: a
    /// gap.</item>
    /// </list>
    /// An update without <c>prevSeqId</c> cannot be chained and is applied, its checksum being the only check.
    /// </summary>
    public SequenceDecision Bridge(BookDeltaRecord delta, long snapshotUpdateId)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (delta.PreviousUpdateId is not { } previous || previous == snapshotUpdateId)
        {
            return SequenceDecision.Apply;
        }

        if (delta.LastUpdateId <= snapshotUpdateId)
        {
            return SequenceDecision.Stale;
        }

        return previous < snapshotUpdateId ? SequenceDecision.Apply : SequenceDecision.Gap;
    }

    /// <summary>
    /// <c>prevSeqId == last seqId</c> applies; anything else is a gap (OKX: "unsubscribe and subscribe again", or with
    /// the REST snapshot: start over from it). An update without <c>prevSeqId</c> cannot be chained and is applied, its
    /// checksum being the only check. A repeat of an applied update is a gap here too, not stale: after a sequence
    /// reset small <c>seqId</c>s follow large ones, so "not newer" cannot tell a repeat from a lost reset message.
    /// (The only repeats are the overlap of a connection hand-over, which the synchronizer judges with
    /// <see cref="Bridge"/>.)
    /// </summary>
    public SequenceDecision Continue(BookDeltaRecord delta, long lastAppliedUpdateId)
    {
        ArgumentNullException.ThrowIfNull(delta);
        return delta.PreviousUpdateId is not { } previous || previous == lastAppliedUpdateId
            ? SequenceDecision.Apply
            : SequenceDecision.Gap;
    }

    /// <summary>
    /// OKX: "If the seqId from the snapshot is strictly less than the prevSeqId" of the first buffered update, the
    /// snapshot predates every buffered update and another must be fetched. An update without <c>prevSeqId</c> cannot
    /// tell.
    /// </summary>
    public bool IsSnapshotTooOld(DepthSnapshot snapshot, BookDeltaRecord firstBuffered)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(firstBuffered);
        return firstBuffered.PreviousUpdateId is { } previous && snapshot.LastUpdateId < previous;
    }

    /// <summary>Compares the frame's checksum with the book's top 25 levels; a checksum of 0 (or none) is not checked.</summary>
    public bool VerifyChecksum(OrderBook book, BookDeltaRecord applied)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(applied);
        return applied.Checksum is not { } expected || expected == 0 || OkxChecksum.Compute(book) == expected;
    }
}

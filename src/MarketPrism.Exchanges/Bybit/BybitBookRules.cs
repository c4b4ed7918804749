using MarketPrism.Core.Books;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Bybit;

/// <summary>
/// Bybit v5 <c>orderbook.{depth}</c> continuity (docs "Orderbook", bybit-exchange.github.io/docs/v5/websocket/public/orderbook).
/// The first frame after subscribing is a <c>snapshot</c> and every later <c>snapshot</c> replaces the book too: the
/// parser marks them <see cref="BookDeltaRecord.IsSnapshot"/>, so the synchronizer loads them whatever its state.
/// That covers the documented restart ("Occasionally, you'll receive "u"=1, which is a snapshot data due to the
/// restart of the service. So please overwrite your local orderbook"). Each <c>delta</c> carries the topic's update
/// id <c>u</c>.
/// </summary>
/// <remarks>
/// <para>
/// What a <c>u</c> above the previous one plus one means is a policy (config <c>exchanges[].options.book_continuity</c>).
/// Bybit promises an id "always in sequence" only for the <c>orderbook.full</c> stream and its REST snapshot (and the
/// RPI book's); the page of the depth topics the collector subscribes (50, 200, 1000) no longer says so, and its
/// other feeds say that under load updates may be merged, so that continuity "is not guaranteed". Hence
/// <see cref="Lenient"/>, the default: a skipped <c>u</c> is applied and counted, and the book is resynchronized only
/// when it turns crossed or Bybit sends a snapshot. <see cref="Strict"/> treats every skipped <c>u</c> as lost
/// messages and resubscribes for a fresh snapshot.
/// </para>
/// <para>Both policies skip a copy of an applied message (<see cref="MaxOverlap"/>) and resynchronize on an id far
/// behind the book: that is a new numbering whose snapshot was not seen, not a merge.</para>
/// </remarks>
public sealed class BybitBookRules : IBookSequenceRules
{
    private readonly bool _strict;

    private BybitBookRules(bool strict) => _strict = strict;

    /// <summary>Every skipped <c>u</c> is a gap: the book is resubscribed.</summary>
    public static BybitBookRules Strict { get; } = new(strict: true);

    /// <summary>A skipped <c>u</c> is applied and reported; only a crossed book or a snapshot resynchronizes.</summary>
    public static BybitBookRules Lenient { get; } = new(strict: false);

    /// <summary>The default policy, <see cref="Lenient"/>.</summary>
    public static BybitBookRules Instance => Lenient;

    /// <summary>Whether a skipped <c>u</c> resynchronizes the book.</summary>
    public bool IsStrict => _strict;

    /// <summary>The snapshot arrives in-band, on subscribing.</summary>
    public BookSnapshotSource SnapshotSource => BookSnapshotSource.InBand;

    /// <summary>The first delta after a snapshot is judged like any other against the snapshot's <c>u</c>.</summary>
    public SequenceDecision Bridge(BookDeltaRecord delta, long snapshotUpdateId) => Continue(delta, snapshotUpdateId);

    /// <summary>
    /// A copy of an already applied message is at most this far behind the book: the overlap of two connections
    /// lasts seconds, a few hundred messages at the fastest push rate. An update id further back is not a copy but a
    /// new numbering (a venue restart whose snapshot was not seen), and resynchronizing is the only safe answer.
    /// </summary>
    public const long MaxOverlap = 10_000;

    /// <summary>
    /// <c>u == prev_u + 1</c> applies; <c>u &lt;= prev_u</c> within <see cref="MaxOverlap"/> is a copy of an applied
    /// message (two connections overlapping) and is skipped; <c>u &gt; prev_u + 1</c> is a gap under
    /// <see cref="Strict"/> and applied with the skip reported under <see cref="Lenient"/>; any other <c>u</c> is a gap.
    /// </summary>
    public SequenceDecision Continue(BookDeltaRecord delta, long lastAppliedUpdateId)
    {
        ArgumentNullException.ThrowIfNull(delta);
        var u = delta.LastUpdateId;
        if (u == lastAppliedUpdateId + 1)
        {
            return SequenceDecision.Apply;
        }

        if (u > lastAppliedUpdateId)
        {
            return _strict ? SequenceDecision.Gap : SequenceDecision.ApplyDespiteSkippedIds;
        }

        return lastAppliedUpdateId - u <= MaxOverlap ? SequenceDecision.Stale : SequenceDecision.Gap;
    }

    /// <summary>In-band: there is no REST snapshot to judge.</summary>
    public bool IsSnapshotTooOld(DepthSnapshot snapshot, BookDeltaRecord firstBuffered) => false;

    /// <summary>Bybit's book topics carry no checksum.</summary>
    public bool VerifyChecksum(OrderBook book, BookDeltaRecord applied) => true;
}

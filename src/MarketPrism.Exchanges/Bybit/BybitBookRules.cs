using MarketPrism.Core.Books;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Bybit;

/// <summary>
/// Bybit v5 <c>orderbook.{depth}</c> continuity (docs "Orderbook", bybit-exchange.github.io/docs/v5/websocket/public/orderbook).
/// The first frame after subscribing is a <c>snapshot</c> and every later <c>snapshot</c> replaces the book too: the
/// parser marks them <see cref="BookDeltaRecord.IsSnapshot"/>, so the synchronizer loads them whatever its state.
/// That covers the documented restart ("Occasionally, you'll receive "u"=1, which is a snapshot data due to the
/// restart of the service. So please overwrite your local orderbook"). Each <c>delta</c> carries the topic's update
/// id <c>u</c>, which rises by exactly one per message, so a delta must be the previous <c>u</c> plus one; anything
/// higher means messages were lost and the book is resubscribed for a fresh snapshot.
/// </summary>
public sealed class BybitBookRules : IBookSequenceRules
{
    public static BybitBookRules Instance { get; } = new();

    /// <summary>The snapshot arrives in-band, on subscribing.</summary>
    public BookSnapshotSource SnapshotSource => BookSnapshotSource.InBand;

    /// <summary>The first delta after a snapshot: <c>u == snapshot u + 1</c> applies, <c>u &lt;= snapshot u</c> is stale, else a gap.</summary>
    public SequenceDecision Bridge(BookDeltaRecord delta, long snapshotUpdateId) => Continue(delta, snapshotUpdateId);

    /// <summary>
    /// A copy of an already applied message is at most this far behind the book: the overlap of two connections
    /// lasts seconds, a few hundred messages at the fastest push rate. An update id further back is not a copy but a
    /// new numbering (a venue restart whose snapshot was not seen), and resynchronizing is the only safe answer.
    /// </summary>
    public const long MaxOverlap = 10_000;

    /// <summary>
    /// <c>u == prev_u + 1</c> applies; <c>u &lt;= prev_u</c> within <see cref="MaxOverlap"/> is a copy of an applied
    /// message (two connections overlapping) and is skipped; any other <c>u</c> is a gap.
    /// </summary>
    public SequenceDecision Continue(BookDeltaRecord delta, long lastAppliedUpdateId)
    {
        ArgumentNullException.ThrowIfNull(delta);
        var u = delta.LastUpdateId;
        if (u == lastAppliedUpdateId + 1)
        {
            return SequenceDecision.Apply;
        }

        return u <= lastAppliedUpdateId && lastAppliedUpdateId - u <= MaxOverlap ? SequenceDecision.Stale : SequenceDecision.Gap;
    }

    /// <summary>In-band: there is no REST snapshot to judge.</summary>
    public bool IsSnapshotTooOld(DepthSnapshot snapshot, BookDeltaRecord firstBuffered) => false;

    /// <summary>Bybit's book topics carry no checksum.</summary>
    public bool VerifyChecksum(OrderBook book, BookDeltaRecord applied) => true;
}

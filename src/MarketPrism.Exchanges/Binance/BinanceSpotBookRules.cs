using MarketPrism.Core.Books;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Binance;

/// <summary>
/// Binance spot diff-depth continuity (<c>&lt;symbol&gt;@depth</c>, <c>@depth@100ms</c>), as documented under "How to
/// manage a local order book correctly" in the spot WebSocket streams docs (binance-spot-api-docs PR #383). Updates
/// carry the range <c>[U;u]</c> of update ids they cover and no previous id.
/// </summary>
public sealed class BinanceSpotBookRules : IBookSequenceRules
{
    public static BinanceSpotBookRules Instance { get; } = new();

    public BookSnapshotSource SnapshotSource => BookSnapshotSource.Rest;

    /// <summary>
    /// Drop <c>u &lt;= lastUpdateId</c>; the first applied update must have <c>U &lt;= lastUpdateId + 1 &lt;= u</c>.
    /// </summary>
    public SequenceDecision Bridge(BookDeltaRecord delta, long snapshotUpdateId) => Judge(delta, snapshotUpdateId);

    /// <summary>
    /// <c>u &lt;= prev_u</c> is stale, <c>U &gt; prev_u + 1</c> is a gap, anything else applies. In an unbroken stream
    /// that means <c>U == prev_u + 1</c>; an update overlapping ids already applied is applied too, as the docs
    /// prescribe (sizes are absolute, so re-applying is harmless).
    /// </summary>
    public SequenceDecision Continue(BookDeltaRecord delta, long lastAppliedUpdateId) => Judge(delta, lastAppliedUpdateId);

    /// <summary>
    /// The documented rule, verbatim: "if lastUpdateId &lt; U of the first buffered event, fetch the snapshot again".
    /// (It also refetches when <c>lastUpdateId == U - 1</c>, which could bridge; the docs choose the safe side, and
    /// so do we.)
    /// </summary>
    public bool IsSnapshotTooOld(DepthSnapshot snapshot, BookDeltaRecord firstBuffered)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(firstBuffered);
        return snapshot.LastUpdateId < firstBuffered.FirstUpdateId;
    }

    /// <summary>Binance sends no book checksum.</summary>
    public bool VerifyChecksum(OrderBook book, BookDeltaRecord applied) => true;

    private static SequenceDecision Judge(BookDeltaRecord delta, long bookUpdateId)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (delta.LastUpdateId <= bookUpdateId)
        {
            return SequenceDecision.Stale;
        }

        return delta.FirstUpdateId <= bookUpdateId + 1 ? SequenceDecision.Apply : SequenceDecision.Gap;
    }
}

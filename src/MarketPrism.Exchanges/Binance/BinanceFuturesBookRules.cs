using MarketPrism.Core.Books;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Binance;

/// <summary>
/// Binance USD-M and COIN-M futures diff-depth continuity, as documented under "How to manage a local order book
/// correctly" for each. Updates carry <c>U</c>/<c>u</c> and <c>pu</c> (the <c>u</c> of the previous update on the
/// stream, <see cref="BookDeltaRecord.PreviousUpdateId"/>); ids are not contiguous between updates, so continuity
/// is <c>pu == prev_u</c>, not <c>U == prev_u + 1</c>.
/// </summary>
public sealed class BinanceFuturesBookRules : IBookSequenceRules
{
    public static BinanceFuturesBookRules Instance { get; } = new();

    public BookSnapshotSource SnapshotSource => BookSnapshotSource.Rest;

    /// <summary>Drop <c>u &lt; lastUpdateId</c>; the first applied update must have <c>U &lt;= lastUpdateId &lt;= u</c>.</summary>
    public SequenceDecision Bridge(BookDeltaRecord delta, long snapshotUpdateId)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (delta.LastUpdateId < snapshotUpdateId)
        {
            return SequenceDecision.Stale;
        }

        return delta.FirstUpdateId <= snapshotUpdateId ? SequenceDecision.Apply : SequenceDecision.Gap;
    }

    /// <summary>
    /// <c>pu == prev_u</c> applies; otherwise <c>u &lt;= prev_u</c> is stale (a duplicate from an overlapping
    /// connection) and anything else is a gap. An update without <c>pu</c> cannot be checked and counts as a gap.
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

    /// <summary>
    /// Too old when <c>lastUpdateId &lt; U</c> of the first buffered update: every buffered update then starts after
    /// the snapshot, so none can satisfy <c>U &lt;= lastUpdateId</c>.
    /// </summary>
    public bool IsSnapshotTooOld(DepthSnapshot snapshot, BookDeltaRecord firstBuffered)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(firstBuffered);
        return snapshot.LastUpdateId < firstBuffered.FirstUpdateId;
    }

    /// <summary>Binance sends no book checksum.</summary>
    public bool VerifyChecksum(OrderBook book, BookDeltaRecord applied) => true;
}

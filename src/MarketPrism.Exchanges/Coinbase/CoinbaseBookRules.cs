using MarketPrism.Core.Books;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Coinbase;

/// <summary>
/// Coinbase book continuity, for both APIs. Books come in band: the first message of a subscription is the whole book
/// (Exchange <c>snapshot</c>, Advanced Trade <c>l2_data</c> event <c>type: snapshot</c>), then updates with absolute
/// sizes. Neither book carries an id of its own that chains one update to the one before it:
/// <list type="bullet">
/// <item>Exchange <c>level2_batch</c> has no sequence at all (FORMATS.md 6c, verified on the capture). What shows a
/// loss is the product's trade ids, contiguous per product: a <c>match</c> or a <c>heartbeat</c>'s
/// <c>last_trade_id</c> that skips ahead means messages of that product were lost on the connection.</item>
/// <item>Advanced Trade numbers every message of a connection, across channels and products (<c>sequence_num</c>), and
/// every heartbeat (<c>heartbeat_counter</c>); a jump in either means a message was lost, and there is no replay.</item>
/// </list>
/// So the parser (one per connection, <see cref="CoinbaseFrameParser"/>) does the chaining: each book update gets an
/// id (<see cref="BookRecord.LastUpdateId"/>: <c>sequence_num</c>, or on the Exchange feed the message's time in microseconds × 1000 plus its place within that
/// microsecond) and, as
/// <see cref="BookDeltaRecord.PreviousUpdateId"/>, the id of the product's previous book message on the connection,
/// or -1 once the connection lost something since then. Here an update applies when it names the last applied one,
/// and anything else is a gap: resubscribe for a new snapshot.
/// </summary>
public sealed class CoinbaseBookRules : IBookSequenceRules
{
    /// <summary>The <see cref="BookDeltaRecord.PreviousUpdateId"/> of an update that follows a loss on its connection.</summary>
    public const long AfterLoss = -1;

    public static CoinbaseBookRules Instance { get; } = new();

    public BookSnapshotSource SnapshotSource => BookSnapshotSource.InBand;

    /// <summary>The first update after the snapshot continues it like any other.</summary>
    public SequenceDecision Bridge(BookDeltaRecord delta, long snapshotUpdateId) => Continue(delta, snapshotUpdateId);

    /// <summary>
    /// Names the last applied update: apply. An update the book already holds (its id not above the last, as when a
    /// stretch arrives twice) is stale. Anything else, including an update after a loss, is a gap.
    /// </summary>
    public SequenceDecision Continue(BookDeltaRecord delta, long lastAppliedUpdateId)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (delta.PreviousUpdateId == lastAppliedUpdateId)
        {
            return SequenceDecision.Apply;
        }

        return delta.PreviousUpdateId != AfterLoss && delta.LastUpdateId <= lastAppliedUpdateId ? SequenceDecision.Stale : SequenceDecision.Gap;
    }

    /// <summary>Coinbase books come in band; there is no REST snapshot to judge.</summary>
    public bool IsSnapshotTooOld(DepthSnapshot snapshot, BookDeltaRecord firstBuffered) => false;

    /// <summary>Coinbase sends no book checksum.</summary>
    public bool VerifyChecksum(OrderBook book, BookDeltaRecord applied) => true;
}

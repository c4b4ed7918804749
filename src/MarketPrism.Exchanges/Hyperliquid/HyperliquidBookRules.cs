using MarketPrism.Core.Books;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Hyperliquid;

/// <summary>
/// Hyperliquid <c>l2Book</c> continuity. Every push is the whole book, 20 levels per side, with no sequence number and
/// no checksum (docs "Subscriptions": <c>WsBook {coin, levels, time}</c>): each one replaces the book. So that consumers
/// of <c>book_delta</c> get the contract of every other venue, the parser derives the changes between consecutive
/// pushes of a coin on its connection (<see cref="HyperliquidFrameParser"/>): the first push after subscribing is an
/// in-band snapshot, each later one a delta whose ids are push times, <c>PreviousUpdateId</c> the time of the push it
/// was derived from and <c>LastUpdateId</c> its own. A delta applies exactly to the book of the push it was derived
/// from, and to no other.
/// </summary>
/// <remarks>
/// A delta whose time is not after the book's is a copy from a second connection during a hand-over (both connections
/// receive the same pushes, with the same times) and is skipped; a delta derived from another push than the book's (the
/// second connection's first push replaced the book in between) cannot be applied and resubscribes, which brings a
/// whole push again. A book is recorded (<c>book_snapshot</c>) after every update, since every push is one
/// (<see cref="SnapshotAfterEveryUpdate"/>).
/// </remarks>
public sealed class HyperliquidBookRules : IBookSequenceRules
{
    private HyperliquidBookRules()
    {
    }

    public static HyperliquidBookRules Instance { get; } = new();

    /// <summary>The first push after subscribing is the snapshot.</summary>
    public BookSnapshotSource SnapshotSource => BookSnapshotSource.InBand;

    /// <summary>Every push is a book the venue published: record each.</summary>
    public bool SnapshotAfterEveryUpdate => true;

    public SequenceDecision Bridge(BookDeltaRecord delta, long snapshotUpdateId) => Continue(delta, snapshotUpdateId);

    /// <summary>
    /// Derived from the book's push: apply. At or before the book's time: a copy, skip. Derived from another push:
    /// the book is not the one the changes were computed against, resynchronize.
    /// </summary>
    public SequenceDecision Continue(BookDeltaRecord delta, long lastAppliedUpdateId)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (delta.LastUpdateId <= lastAppliedUpdateId)
        {
            return SequenceDecision.Stale;
        }

        return delta.PreviousUpdateId == lastAppliedUpdateId ? SequenceDecision.Apply : SequenceDecision.Gap;
    }

    /// <summary>In band: there is no REST snapshot to judge.</summary>
    public bool IsSnapshotTooOld(DepthSnapshot snapshot, BookDeltaRecord firstBuffered) => false;

    /// <summary>Hyperliquid's books carry no checksum.</summary>
    public bool VerifyChecksum(OrderBook book, BookDeltaRecord applied) => true;
}

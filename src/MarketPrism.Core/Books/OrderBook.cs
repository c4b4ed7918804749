using MarketPrism.Core.Model;

namespace MarketPrism.Core.Books;

/// <summary>
/// A level-2 order book: absolute size per price on each side, with the exchange's prices and sizes kept as given.
/// Not thread-safe: one <see cref="BookSynchronizer"/> owns it and is called from one task at a time.
/// </summary>
/// <remarks>
/// Each side is a sorted array with the best level at the end and a binary search by price, so an update near the
/// top moves little memory and <see cref="Apply"/> allocates nothing beyond amortized array growth.
/// </remarks>
public sealed class OrderBook
{
    private readonly OrderBookSide _bids;
    private readonly OrderBookSide _asks;

    /// <summary>A book that keeps every level.</summary>
    public OrderBook()
        : this(maxLevels: 0)
    {
    }

    /// <param name="maxLevels">
    /// Levels kept per side, the best ones; 0 keeps every level. A side may briefly hold a few more (up to a
    /// sixteenth more, at least 16) before its worst levels are dropped together.
    /// </param>
    public OrderBook(int maxLevels)
    {
        _bids = new OrderBookSide(isAsk: false, maxLevels);
        _asks = new OrderBookSide(isAsk: true, maxLevels);
    }

    public int BidCount => _bids.Count;

    public int AskCount => _asks.Count;

    /// <summary>The highest bid, or null when there are no bids.</summary>
    public BookLevel? BestBid => _bids.Best;

    /// <summary>The lowest ask, or null when there are no asks.</summary>
    public BookLevel? BestAsk => _asks.Best;

    /// <summary>True when both sides hold levels and the best bid is at or above the best ask: the book is wrong.</summary>
    public bool IsCrossed => _bids.Best is { } bid && _asks.Best is { } ask && bid.Price >= ask.Price;

    /// <summary>
    /// Replaces the whole book. Levels are best first (bids descending, asks ascending); zero sizes are skipped.
    /// Input out of order or with repeated prices is still accepted (a repeated price: the later entry wins).
    /// </summary>
    /// <exception cref="ArgumentException">A level has a negative size; the book is left unchanged.</exception>
    public void Load(ReadOnlySpan<BookLevel> bids, ReadOnlySpan<BookLevel> asks)
    {
        if (!TryLoad(bids, asks))
        {
            throw new ArgumentException("A book level has a negative size.", nameof(bids));
        }
    }

    /// <summary>As <see cref="Load"/>, but returns false (book unchanged) instead of throwing for a negative size.</summary>
    public bool TryLoad(ReadOnlySpan<BookLevel> bids, ReadOnlySpan<BookLevel> asks)
    {
        if (HasNegativeSize(bids) || HasNegativeSize(asks))
        {
            return false;
        }

        _bids.Load(bids);
        _asks.Load(asks);
        return true;
    }

    /// <summary>
    /// Applies changed levels with absolute sizes: a size replaces the level's size (inserting it when new), zero
    /// removes the level. Removing a level the book does not hold is normal and ignored.
    /// </summary>
    /// <exception cref="ArgumentException">A level has a negative size; the book is left unchanged.</exception>
    public void Apply(ReadOnlySpan<BookLevel> bids, ReadOnlySpan<BookLevel> asks)
    {
        if (!TryApply(bids, asks))
        {
            throw new ArgumentException("A book level has a negative size.", nameof(bids));
        }
    }

    /// <summary>As <see cref="Apply"/>, but returns false (book unchanged) instead of throwing for a negative size.</summary>
    public bool TryApply(ReadOnlySpan<BookLevel> bids, ReadOnlySpan<BookLevel> asks)
    {
        // Checked first so a bad update never leaves the book half applied.
        if (HasNegativeSize(bids) || HasNegativeSize(asks))
        {
            return false;
        }

        foreach (var level in bids)
        {
            _bids.Set(level.Price, level.Size);
        }

        foreach (var level in asks)
        {
            _asks.Set(level.Price, level.Size);
        }

        return true;
    }

    /// <summary>Removes every level; the arrays are kept for reuse.</summary>
    public void Clear()
    {
        _bids.Clear();
        _asks.Clear();
    }

    /// <summary>The top <paramref name="depth"/> bids, best (highest) first, in a new array of exactly that length or fewer.</summary>
    public BookLevel[] GetBids(int depth) => _bids.GetLevels(depth);

    /// <summary>The top <paramref name="depth"/> asks, best (lowest) first, in a new array of exactly that length or fewer.</summary>
    public BookLevel[] GetAsks(int depth) => _asks.GetLevels(depth);

    /// <summary>
    /// Copies the top bids, best (highest) first, into <paramref name="destination"/> without allocating (venue
    /// checksums read the top of the book on every update); returns how many were copied.
    /// </summary>
    public int CopyBids(Span<BookLevel> destination) => _bids.CopyLevels(destination);

    /// <summary>Copies the top asks, best (lowest) first, into <paramref name="destination"/>; returns how many were copied.</summary>
    public int CopyAsks(Span<BookLevel> destination) => _asks.CopyLevels(destination);

    /// <summary>The size at a price on one side (<see cref="Side.Buy"/> = bids, <see cref="Side.Sell"/> = asks).</summary>
    public bool TryGetSize(Side side, decimal price, out decimal size) =>
        (side == Side.Buy ? _bids : _asks).TryGetSize(price, out size);

    /// <summary>
    /// Whether both books hold the same top <paramref name="depth"/> levels per side, comparing prices and sizes by
    /// value (<c>1.0</c> equals <c>1.00</c>). Pass <see cref="int.MaxValue"/> to compare every level.
    /// </summary>
    public bool TopEquals(OrderBook other, int depth)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        return _bids.TopEquals(other._bids, depth) && _asks.TopEquals(other._asks, depth);
    }

    public override string ToString() => $"{BidCount} bids / {AskCount} asks, best {BestBid?.ToString() ?? "-"} / {BestAsk?.ToString() ?? "-"}";

    private static bool HasNegativeSize(ReadOnlySpan<BookLevel> levels)
    {
        foreach (var level in levels)
        {
            if (level.Size < 0)
            {
                return true;
            }
        }

        return false;
    }
}

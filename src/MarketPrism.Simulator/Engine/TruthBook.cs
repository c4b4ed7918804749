using MarketPrism.Core.Model;

namespace MarketPrism.Simulator.Engine;

/// <summary>
/// The simulator's true L2 book for one symbol: what a client that applied every generated diff must hold.
/// Prices keep the exchange's scale (a decimal parsed from "0.35130000" prints back the same way). Not
/// thread-safe; the owner locks.
/// </summary>
internal sealed class TruthBook
{
    private readonly SortedDictionary<decimal, decimal> _bids = new(DescendingDecimalComparer.Instance);
    private readonly SortedDictionary<decimal, decimal> _asks = [];

    /// <summary>Update id of the last change applied.</summary>
    public long LastUpdateId { get; set; }

    public int BidCount => _bids.Count;

    public int AskCount => _asks.Count;

    /// <summary>Sets a level to an absolute size; a size of zero removes it (removing an absent level is normal).</summary>
    public void Set(Side side, decimal price, decimal size)
    {
        var levels = side == Side.Buy ? _bids : _asks;
        if (size == 0)
        {
            levels.Remove(price);
        }
        else
        {
            levels[price] = size;
        }
    }

    public void Clear()
    {
        _bids.Clear();
        _asks.Clear();
    }

    public bool TryGetBest(Side side, out BookLevel level)
    {
        foreach (var (price, size) in side == Side.Buy ? _bids : _asks)
        {
            level = new BookLevel(price, size);
            return true;
        }

        level = default;
        return false;
    }

    /// <summary>Copies up to <paramref name="depth"/> levels of one side, best first.</summary>
    public BookLevel[] Top(Side side, int depth)
    {
        var levels = side == Side.Buy ? _bids : _asks;
        var result = new BookLevel[Math.Min(depth, levels.Count)];
        var i = 0;
        foreach (var (price, size) in levels)
        {
            if (i == result.Length)
            {
                break;
            }

            result[i++] = new BookLevel(price, size);
        }

        return result;
    }

    /// <summary>
    /// The level changes that turn this book into <paramref name="target"/>: every level of ours the target lacks
    /// goes to zero, every level of the target we lack or hold at another size is set.
    /// </summary>
    public (List<BookLevel> Bids, List<BookLevel> Asks) DiffTo(TruthBook target) =>
        (DiffSide(_bids, target._bids), DiffSide(_asks, target._asks));

    public TruthBook Clone()
    {
        var copy = new TruthBook { LastUpdateId = LastUpdateId };
        foreach (var (price, size) in _bids)
        {
            copy._bids.Add(price, size);
        }

        foreach (var (price, size) in _asks)
        {
            copy._asks.Add(price, size);
        }

        return copy;
    }

    private static List<BookLevel> DiffSide(SortedDictionary<decimal, decimal> from, SortedDictionary<decimal, decimal> to)
    {
        var changes = new List<BookLevel>();
        foreach (var (price, size) in from)
        {
            if (!to.ContainsKey(price))
            {
                // Zero with the sizes' own scale, the way Binance writes removals ("0.00000000").
                changes.Add(new BookLevel(price, new decimal(0, 0, 0, false, size.Scale)));
            }
        }

        foreach (var (price, size) in to)
        {
            if (!from.TryGetValue(price, out var current) || current != size || current.Scale != size.Scale)
            {
                changes.Add(new BookLevel(price, size));
            }
        }

        return changes;
    }

    private sealed class DescendingDecimalComparer : IComparer<decimal>
    {
        public static readonly DescendingDecimalComparer Instance = new();

        public int Compare(decimal x, decimal y) => y.CompareTo(x);
    }
}

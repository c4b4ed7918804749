using MarketPrism.Core.Model;

namespace MarketPrism.Tests.Core.Books;

/// <summary>
/// The obviously-correct model an <see cref="MarketPrism.Core.Books.OrderBook"/> is checked against: two sorted
/// dictionaries, no cleverness.
/// </summary>
public sealed class ReferenceBook
{
    private readonly SortedDictionary<decimal, decimal> _bids = new(Comparer<decimal>.Create((x, y) => y.CompareTo(x)));
    private readonly SortedDictionary<decimal, decimal> _asks = new();

    public long LastUpdateId { get; set; }

    public int BidCount => _bids.Count;

    public int AskCount => _asks.Count;

    public void Load(IEnumerable<BookLevel> bids, IEnumerable<BookLevel> asks)
    {
        _bids.Clear();
        _asks.Clear();
        Apply(bids, asks);
    }

    public void Apply(IEnumerable<BookLevel> bids, IEnumerable<BookLevel> asks)
    {
        Set(_bids, bids);
        Set(_asks, asks);
    }

    public BookLevel[] GetBids(int depth = int.MaxValue) => _bids.Take(depth).Select(level => new BookLevel(level.Key, level.Value)).ToArray();

    public BookLevel[] GetAsks(int depth = int.MaxValue) => _asks.Take(depth).Select(level => new BookLevel(level.Key, level.Value)).ToArray();

    public bool TryGetSize(Side side, decimal price, out decimal size) => (side == Side.Buy ? _bids : _asks).TryGetValue(price, out size);

    private static void Set(SortedDictionary<decimal, decimal> side, IEnumerable<BookLevel> levels)
    {
        foreach (var level in levels)
        {
            if (level.Size == 0)
            {
                side.Remove(level.Price);
            }
            else
            {
                side[level.Price] = level.Size;
            }
        }
    }
}

using System.Diagnostics;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Hyperliquid;

/// <summary>
/// One side of a coin's book as a push stated it, best first, in a buffer reused from push to push (a parser keeps two
/// per coin, and two more for the push being read), so deriving the changes allocates only the delta.
/// </summary>
internal sealed class HyperliquidBookSide
{
    private BookLevel[] _levels = new BookLevel[HyperliquidLimits.BookLevels];

    public int Count { get; private set; }

    public ReadOnlySpan<BookLevel> Levels => _levels.AsSpan(0, Count);

    public Span<BookLevel> Writable => _levels.AsSpan(0, Count);

    public void Clear() => Count = 0;

    public void Add(BookLevel level)
    {
        if (Count == _levels.Length)
        {
            Array.Resize(ref _levels, _levels.Length * 2);
        }

        _levels[Count++] = level;
    }

    public void CopyFrom(HyperliquidBookSide other)
    {
        if (_levels.Length < other.Count)
        {
            _levels = new BookLevel[other._levels.Length];
        }

        other.Levels.CopyTo(_levels);
        Count = other.Count;
    }

    public BookLevel[] ToArray() => Count == 0 ? [] : Levels.ToArray();

    public bool SameAs(HyperliquidBookSide other) => Levels.SequenceEqual(other.Levels);

    /// <summary>
    /// The levels that turn <paramref name="previous"/> into this side: each level that is new or changed with its size,
    /// each level gone with size 0, best first. Both sides must be best first without repeated prices.
    /// </summary>
    public BookLevel[] ChangesSince(HyperliquidBookSide previous, bool bids)
    {
        var count = Diff(previous.Levels, Levels, bids, default);
        if (count == 0)
        {
            return [];
        }

        var changes = new BookLevel[count];
        var written = Diff(previous.Levels, Levels, bids, changes);
        Debug.Assert(written == count, "both passes over the same sides find the same changes");
        return changes;
    }

    /// <summary>Walks both sides best first at once; writes the changes into <paramref name="output"/> when it has room, and counts them.</summary>
    private static int Diff(ReadOnlySpan<BookLevel> before, ReadOnlySpan<BookLevel> after, bool bids, Span<BookLevel> output)
    {
        var count = 0;
        int i = 0, j = 0;
        while (i < before.Length || j < after.Length)
        {
            BookLevel change;
            if (j == after.Length || (i < before.Length && IsBetter(before[i].Price, after[j].Price, bids)))
            {
                change = new BookLevel(before[i++].Price, 0m);
            }
            else if (i == before.Length || IsBetter(after[j].Price, before[i].Price, bids))
            {
                change = after[j++];
            }
            else
            {
                var old = before[i++];
                var now = after[j++];
                if (old.Size == now.Size)
                {
                    continue;
                }

                change = now;
            }

            if (!output.IsEmpty)
            {
                output[count] = change;
            }

            count++;
        }

        return count;
    }

    private static bool IsBetter(decimal price, decimal than, bool bids) => bids ? price > than : price < than;
}

/// <summary>A coin's book as its last push on this connection stated it.</summary>
internal sealed class HyperliquidBookState
{
    public HyperliquidBookSide Bids { get; } = new();

    public HyperliquidBookSide Asks { get; } = new();

    /// <summary>The push's <c>time</c>, which stands in for the sequence Hyperliquid does not send.</summary>
    public long Time { get; set; }
}

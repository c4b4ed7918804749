using MarketPrism.Core.Model;

namespace MarketPrism.Core.Books;

/// <summary>
/// One side of an <see cref="OrderBook"/>: price levels in a sorted array with the best level at the end, so the
/// changes that dominate real feeds (near the top of the book) move little or no memory. A bounded side keeps its best
/// levels: levels far beyond a snapshot's depth are only ever known from updates, and without a bound a book collecting
/// them around the clock would grow for as long as the price wanders.
/// </summary>
/// <remarks>
/// Both sides keep their keys ascending with the best key last. Bids use the price as the key; asks use the negated
/// price, which turns "lowest ask is best" into "largest key is best" and lets both sides share one search.
/// Negating a <see cref="decimal"/> only flips its sign bit, so it is exact and keeps the exchange's scale.
/// </remarks>
internal sealed class OrderBookSide
{
    private const int InitialCapacity = 64;

    /// <summary>Least number of levels a bounded side may hold beyond its bound before the worst are dropped.</summary>
    private const int MinTrimSlack = 16;

    private readonly bool _negate;

    /// <summary>Levels kept after a trim; 0 = unbounded.</summary>
    private readonly int _maxLevels;

    /// <summary>
    /// Levels a bounded side may hold beyond <see cref="_maxLevels"/>: the worst levels are dropped in one move once
    /// it is exceeded, instead of one whole-array move per new level when the side is full.
    /// </summary>
    private readonly int _trimSlack;

    private decimal[] _keys = [];
    private decimal[] _sizes = [];
    private int _count;

    /// <param name="isAsk">True for the ask side (lowest price best).</param>
    /// <param name="maxLevels">Levels to keep (the best ones); 0 keeps every level.</param>
    public OrderBookSide(bool isAsk, int maxLevels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLevels);
        _negate = isAsk;
        _maxLevels = maxLevels;
        _trimSlack = maxLevels == 0 ? 0 : Math.Max(MinTrimSlack, maxLevels / 16);
    }

    public int Count => _count;

    public BookLevel? Best => _count == 0 ? null : LevelAt(_count - 1);

    public void Clear() => _count = 0;

    /// <summary>Sets the absolute size at a price; zero removes the level (an unknown level is not an error).</summary>
    public void Set(decimal price, decimal size)
    {
        var key = _negate ? -price : price;
        var index = Search(key);
        if (index >= 0)
        {
            if (size == 0)
            {
                RemoveAt(index);
            }
            else
            {
                _sizes[index] = size;
            }
        }
        else if (size != 0)
        {
            InsertAt(~index, key, size);
        }
    }

    /// <summary>Replaces the side with <paramref name="levels"/> (best first), skipping zero sizes.</summary>
    public void Load(ReadOnlySpan<BookLevel> levels)
    {
        var nonZero = 0;
        foreach (var level in levels)
        {
            if (level.Size != 0)
            {
                nonZero++;
            }
        }

        _count = 0;
        EnsureCapacity(nonZero);

        // Best-first input fills the array from the end, which is where the best level lives.
        var position = nonZero;
        var sorted = true;
        foreach (var level in levels)
        {
            if (level.Size == 0)
            {
                continue;
            }

            position--;
            _keys[position] = _negate ? -level.Price : level.Price;
            _sizes[position] = level.Size;
            if (position + 1 < nonZero && _keys[position] >= _keys[position + 1])
            {
                sorted = false;
            }
        }

        _count = nonZero;
        if (!sorted)
        {
            // A snapshot out of order or with repeated prices: rebuild level by level, the later entry winning,
            // which is what applying it as updates would give.
            _count = 0;
            foreach (var level in levels)
            {
                Set(level.Price, level.Size);
            }
        }

        // A snapshot deeper than the bound keeps its best levels (the side was sized for all of them: it is replaced
        // rarely, and trimming here keeps Load one simple pass).
        if (_maxLevels > 0 && _count > _maxLevels)
        {
            DropWorst(_count - _maxLevels);
        }
    }

    public bool TryGetSize(decimal price, out decimal size)
    {
        var index = Search(_negate ? -price : price);
        if (index >= 0)
        {
            size = _sizes[index];
            return true;
        }

        size = 0;
        return false;
    }

    /// <summary>The top <paramref name="depth"/> levels, best first, in a new array of exactly that many (or fewer).</summary>
    public BookLevel[] GetLevels(int depth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        var length = Math.Min(depth, _count);
        if (length == 0)
        {
            return [];
        }

        var levels = new BookLevel[length];
        for (var i = 0; i < length; i++)
        {
            levels[i] = LevelAt(_count - 1 - i);
        }

        return levels;
    }

    /// <summary>Copies the top levels, best first, into <paramref name="destination"/>; returns how many were copied.</summary>
    public int CopyLevels(Span<BookLevel> destination)
    {
        var length = Math.Min(destination.Length, _count);
        for (var i = 0; i < length; i++)
        {
            destination[i] = LevelAt(_count - 1 - i);
        }

        return length;
    }

    /// <summary>Whether the top <paramref name="depth"/> levels hold the same prices and sizes (numerically).</summary>
    public bool TopEquals(OrderBookSide other, int depth)
    {
        var length = Math.Min(depth, _count);
        if (length != Math.Min(depth, other._count))
        {
            return false;
        }

        for (var i = 1; i <= length; i++)
        {
            if (_keys[_count - i] != other._keys[other._count - i] || _sizes[_count - i] != other._sizes[other._count - i])
            {
                return false;
            }
        }

        return true;
    }

    private BookLevel LevelAt(int index) => new(_negate ? -_keys[index] : _keys[index], _sizes[index]);

    /// <summary>Index of <paramref name="key"/>, or the bitwise complement of where it would be inserted.</summary>
    private int Search(decimal key)
    {
        var high = _count - 1;
        if (high < 0)
        {
            return ~0;
        }

        // Most updates touch the best level or a new best: answer those with one comparison.
        var top = decimal.Compare(key, _keys[high]);
        if (top >= 0)
        {
            return top == 0 ? high : ~_count;
        }

        var low = 0;
        high--;
        while (low <= high)
        {
            var middle = (int)((uint)(low + high) >> 1);
            var order = decimal.Compare(_keys[middle], key);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }

    private void InsertAt(int index, decimal key, decimal size)
    {
        if (_count == _keys.Length)
        {
            EnsureCapacity(_count + 1);
        }

        if (index < _count)
        {
            Array.Copy(_keys, index, _keys, index + 1, _count - index);
            Array.Copy(_sizes, index, _sizes, index + 1, _count - index);
        }

        _keys[index] = key;
        _sizes[index] = size;
        _count++;
        if (_maxLevels > 0 && _count > _maxLevels + _trimSlack)
        {
            DropWorst(_count - _maxLevels);
        }
    }

    /// <summary>Drops the <paramref name="levels"/> worst levels (the start of the arrays) in one move.</summary>
    private void DropWorst(int levels)
    {
        _count -= levels;
        Array.Copy(_keys, levels, _keys, 0, _count);
        Array.Copy(_sizes, levels, _sizes, 0, _count);
    }

    private void RemoveAt(int index)
    {
        _count--;
        if (index < _count)
        {
            Array.Copy(_keys, index + 1, _keys, index, _count - index);
            Array.Copy(_sizes, index + 1, _sizes, index, _count - index);
        }
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _keys.Length)
        {
            return;
        }

        var capacity = Math.Max(Math.Max(InitialCapacity, needed), _keys.Length * 2);
        if (_maxLevels > 0)
        {
            // A bounded side never holds more than its bound and slack: doubling past it would only leave the array
            // half empty (500 books of 1,000 levels a side: 16 KB per array each).
            capacity = Math.Max(needed, Math.Min(capacity, _maxLevels + _trimSlack));
        }

        Array.Resize(ref _keys, capacity);
        Array.Resize(ref _sizes, capacity);
    }
}

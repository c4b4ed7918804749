using Parquet.Data;

namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// Arrays the column buffers fill just before handing a row group to Parquet.Net: string views, the characters of
/// formatted ids, list levels. One instance serves every partition of a sink (row groups are written one at a time),
/// so they are allocated once at the largest row group size.
/// </summary>
internal sealed class ParquetWriteScratch
{
    /// <summary>Slots of the unscaled-value cache (a power of two).</summary>
    private const int CacheSize = 8192;

    private readonly decimal[] _cachedValues = new decimal[CacheSize];
    private readonly BigDecimal[] _cachedUnscaled = CreateCache();
    private ReadOnlyMemory<char>[] _text = [];
    private ReadOnlyMemory<char>?[] _nullableText = [];
    private char[] _characters = [];
    private int[] _definitions = [];
    private BigDecimal[] _decimals = [];
    private BigDecimal?[] _nullableDecimals = [];
    private int[] _repetitions = [];

    public ReadOnlyMemory<char>[] Text(int count)
    {
        if (_text.Length < count)
        {
            _text = new ReadOnlyMemory<char>[count];
        }

        return _text;
    }

    public ReadOnlyMemory<char>?[] NullableText(int count)
    {
        if (_nullableText.Length < count)
        {
            _nullableText = new ReadOnlyMemory<char>?[count];
        }

        return _nullableText;
    }

    public char[] Characters(int count)
    {
        if (_characters.Length < count)
        {
            _characters = new char[count];
        }

        return _characters;
    }

    /// <summary>Unscaled DECIMAL(38,18) values of one column chunk (see <see cref="ParquetDecimal.ToUnscaled"/>).</summary>
    public BigDecimal[] Decimals(int count)
    {
        if (_decimals.Length < count)
        {
            _decimals = new BigDecimal[count];
        }

        return _decimals;
    }

    public BigDecimal?[] NullableDecimals(int count)
    {
        if (_nullableDecimals.Length < count)
        {
            _nullableDecimals = new BigDecimal?[count];
        }

        return _nullableDecimals;
    }

    /// <summary>
    /// <see cref="ParquetDecimal.ToUnscaled"/>, remembered: prices and sizes repeat (a book's levels, a market's
    /// last prices), and converting one costs a 128-bit multiplication and a big-integer allocation, the largest
    /// item of a row group's encoding. A direct-mapped cache of immutable results, so a hit is exactly a miss's value;
    /// equal decimals (1.5 and 1.50) have the same unscaled value, so decimal equality is the right key.
    /// </summary>
    public BigDecimal Unscaled(decimal value)
    {
        var slot = (int)((uint)(value.GetHashCode() * -1640531535) >> 19);
        if (_cachedValues[slot] == value)
        {
            return _cachedUnscaled[slot];
        }

        var unscaled = ParquetDecimal.ToUnscaled(value);
        _cachedValues[slot] = value;
        _cachedUnscaled[slot] = unscaled;
        return unscaled;
    }

    public (int[] Definitions, int[] Repetitions) Levels(int count)
    {
        if (_definitions.Length < count)
        {
            _definitions = new int[count];
            _repetitions = new int[count];
        }

        return (_definitions, _repetitions);
    }

    private static BigDecimal[] CreateCache()
    {
        // Every slot starts as a valid entry for 0, the decimal the key array starts with.
        var unscaled = new BigDecimal[CacheSize];
        Array.Fill(unscaled, ParquetDecimal.ToUnscaled(0m));
        return unscaled;
    }

    /// <summary>
    /// Drops references to strings and big integers of the last row group so they can be collected; the arrays themselves stay.
    /// </summary>
    public void Clear()
    {
        Array.Clear(_text);
        Array.Clear(_nullableText);
        Array.Clear(_decimals);
        Array.Clear(_nullableDecimals);
    }
}

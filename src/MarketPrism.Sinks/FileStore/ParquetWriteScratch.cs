using Parquet.Data;

namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// Arrays the column buffers fill just before handing a row group to Parquet.Net: string views, the characters of
/// formatted ids, list levels. One instance serves every partition of a sink (row groups are written one at a time),
/// so they are allocated once at the largest row group size.
/// </summary>
internal sealed class ParquetWriteScratch
{
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

    public (int[] Definitions, int[] Repetitions) Levels(int count)
    {
        if (_definitions.Length < count)
        {
            _definitions = new int[count];
            _repetitions = new int[count];
        }

        return (_definitions, _repetitions);
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

using MarketPrism.Core.Model;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// Book levels as a Parquet <c>list&lt;struct&lt;price, size&gt;&gt;</c> column (<c>bids</c> or <c>asks</c>, best
/// first). The levels of all buffered rows live in two flat decimal arrays; the Parquet list is described by the
/// definition and repetition levels built when the row group is written.
/// </summary>
internal sealed class LevelsColumnBuffer(DataField price, DataField size, Func<MarketRecord, BookLevel[]> read) : ColumnBuffer
{
    /// <summary>Definition level of an empty list: the list is there, with no element.</summary>
    private const int EmptyListLevel = 1;

    /// <summary>A level's likely share of the file after compression, for the size estimate.</summary>
    private const int EstimatedBytesPerLevel = 12;

    private decimal[] _prices = [];
    private decimal[] _sizes = [];

    /// <summary>End (exclusive) of each row's levels in the flat arrays.</summary>
    private int[] _ends = [];

    public override bool Append(MarketRecord record, int row)
    {
        var levels = read(record);
        var start = row == 0 ? 0 : _ends[row - 1];
        EnsureCapacity(ref _ends, row + 1);
        EnsureCapacity(ref _prices, start + levels.Length);
        EnsureCapacity(ref _sizes, start + levels.Length);
        var fits = true;
        for (var i = 0; i < levels.Length; i++)
        {
            _prices[start + i] = levels[i].Price;
            _sizes[start + i] = levels[i].Size;
            fits &= ParquetDecimal.Fits(levels[i].Price) && ParquetDecimal.Fits(levels[i].Size);
        }

        _ends[row] = start + levels.Length;
        return fits;
    }

    public override void RemoveFront(int rows, int count)
    {
        var shift = _ends[rows - 1];
        var total = _ends[count - 1];
        Array.Copy(_prices, shift, _prices, 0, total - shift);
        Array.Copy(_sizes, shift, _sizes, 0, total - shift);
        for (var i = rows; i < count; i++)
        {
            _ends[i - rows] = _ends[i] - shift;
        }
    }

    public override ColumnBuffer CreateEmpty() => new LevelsColumnBuffer(price, size, read);

    public override void MoveTail(ColumnBuffer destination, int from, int count)
    {
        var target = (LevelsColumnBuffer)destination;
        var shift = from == 0 ? 0 : _ends[from - 1];
        var total = count == 0 ? 0 : _ends[count - 1];
        EnsureCapacity(ref target._ends, count - from);
        EnsureCapacity(ref target._prices, total - shift);
        EnsureCapacity(ref target._sizes, total - shift);
        Array.Copy(_prices, shift, target._prices, 0, total - shift);
        Array.Copy(_sizes, shift, target._sizes, 0, total - shift);
        for (var i = from; i < count; i++)
        {
            target._ends[i - from] = _ends[i] - shift;
        }
    }

    public override long MemoryBytes(int count) =>
        (count * (long)sizeof(int)) + (count == 0 ? 0 : _ends[count - 1] * 2L * sizeof(decimal));

    public override long CapacityBytes => BytesOf(_prices) + BytesOf(_sizes) + BytesOf(_ends);

    public override void TrimCapacity(int count)
    {
        var levels = count == 0 ? 0 : _ends[count - 1];
        Trim(ref _prices, levels);
        Trim(ref _sizes, levels);
        Trim(ref _ends, count);
    }

    public override long EstimatedExtraBytes(int count) => count == 0 ? 0 : (long)_ends[count - 1] * EstimatedBytesPerLevel;

    public override async Task WriteAsync(ParquetRowGroupWriter writer, int count, ParquetWriteScratch scratch, CancellationToken cancellationToken)
    {
        var values = count == 0 ? 0 : _ends[count - 1];
        var emptyRows = 0;
        for (var row = 0; row < count; row++)
        {
            if (_ends[row] == (row == 0 ? 0 : _ends[row - 1]))
            {
                emptyRows++;
            }
        }

        var levelCount = values + emptyRows;
        var (definitions, repetitions) = scratch.Levels(levelCount);
        var present = price.MaxDefinitionLevel;
        var position = 0;
        for (var row = 0; row < count; row++)
        {
            var start = row == 0 ? 0 : _ends[row - 1];
            var length = _ends[row] - start;
            if (length == 0)
            {
                definitions[position] = EmptyListLevel;
                repetitions[position++] = 0;
                continue;
            }

            for (var i = 0; i < length; i++)
            {
                definitions[position] = present;
                repetitions[position++] = i == 0 ? 0 : 1;
            }
        }

        var definitionLevels = new ReadOnlyMemory<int>(definitions, 0, levelCount);
        var repetitionLevels = new ReadOnlyMemory<int>(repetitions, 0, levelCount);
        await writer.WriteAllPartsAsync<BigDecimal>(price, Unscaled(_prices, values, scratch), definitionLevels, repetitionLevels, cancellationToken);
        await writer.WriteAllPartsAsync<BigDecimal>(size, Unscaled(_sizes, values, scratch), definitionLevels, repetitionLevels, cancellationToken);
    }

    private static ReadOnlyMemory<BigDecimal> Unscaled(decimal[] values, int count, ParquetWriteScratch scratch)
    {
        var unscaled = scratch.Decimals(count);
        for (var i = 0; i < count; i++)
        {
            unscaled[i] = scratch.Unscaled(values[i]);
        }

        return new ReadOnlyMemory<BigDecimal>(unscaled, 0, count);
    }
}

using MarketPrism.Core.Model;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// A required DECIMAL(38,18) column (prices, sizes, rates). Rows keep their <see cref="decimal"/>; the row group is
/// written from their unscaled integers (<see cref="ParquetDecimal.ToUnscaled"/>).
/// </summary>
internal sealed class DecimalColumnBuffer(BigDecimalDataField field, Func<MarketRecord, decimal> read) : ColumnBuffer
{
    private decimal[] _values = [];

    public override bool Append(MarketRecord record, int row)
    {
        EnsureCapacity(ref _values, row + 1);
        var value = read(record);
        _values[row] = value;
        return ParquetDecimal.Fits(value);
    }

    public override ColumnBuffer CreateEmpty() => new DecimalColumnBuffer(field, read);

    public override void MoveTail(ColumnBuffer destination, int from, int count)
    {
        var target = (DecimalColumnBuffer)destination;
        EnsureCapacity(ref target._values, count - from);
        Array.Copy(_values, from, target._values, 0, count - from);
    }

    public override long MemoryBytes(int count) => (long)count * sizeof(decimal);

    public override long CapacityBytes => BytesOf(_values);

    public override void TrimCapacity(int count)
    {
        Trim(ref _values, count);
    }

    public override void RemoveFront(int rows, int count) => Array.Copy(_values, rows, _values, 0, count - rows);

    public override Task WriteAsync(ParquetRowGroupWriter writer, int count, ParquetWriteScratch scratch, CancellationToken cancellationToken)
    {
        var unscaled = scratch.Decimals(count);
        for (var i = 0; i < count; i++)
        {
            unscaled[i] = scratch.Unscaled(_values[i]);
        }

        return writer.WriteAsync<BigDecimal>(field, new ReadOnlyMemory<BigDecimal>(unscaled, 0, count), cancellationToken: cancellationToken);
    }
}

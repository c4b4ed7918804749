using MarketPrism.Core.Model;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace MarketPrism.Sinks.FileStore;

/// <summary>A nullable DECIMAL(38,18) column, written like <see cref="DecimalColumnBuffer"/> with its nulls.</summary>
internal sealed class NullableDecimalColumnBuffer(BigDecimalDataField field, Func<MarketRecord, decimal?> read) : ColumnBuffer
{
    private decimal?[] _values = [];

    public override bool Append(MarketRecord record, int row)
    {
        EnsureCapacity(ref _values, row + 1);
        var value = read(record);
        _values[row] = value;
        return value is not { } present || ParquetDecimal.Fits(present);
    }

    public override ColumnBuffer CreateEmpty() => new NullableDecimalColumnBuffer(field, read);

    public override void MoveTail(ColumnBuffer destination, int from, int count)
    {
        var target = (NullableDecimalColumnBuffer)destination;
        EnsureCapacity(ref target._values, count - from);
        Array.Copy(_values, from, target._values, 0, count - from);
    }

    public override long MemoryBytes(int count) => (long)count * System.Runtime.CompilerServices.Unsafe.SizeOf<decimal?>();

    public override long CapacityBytes => BytesOf(_values);

    public override void TrimCapacity(int count)
    {
        Trim(ref _values, count);
    }

    public override void RemoveFront(int rows, int count) => Array.Copy(_values, rows, _values, 0, count - rows);

    public override Task WriteAsync(ParquetRowGroupWriter writer, int count, ParquetWriteScratch scratch, CancellationToken cancellationToken)
    {
        var unscaled = scratch.NullableDecimals(count);
        for (var i = 0; i < count; i++)
        {
            unscaled[i] = _values[i] is { } value ? scratch.Unscaled(value) : null;
        }

        return writer.WriteAsync<BigDecimal>(field, new ReadOnlyMemory<BigDecimal?>(unscaled, 0, count), cancellationToken: cancellationToken);
    }
}

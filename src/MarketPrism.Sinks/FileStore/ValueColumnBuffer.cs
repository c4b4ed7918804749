using MarketPrism.Core.Model;
using Parquet;
using Parquet.Schema;

namespace MarketPrism.Sinks.FileStore;

/// <summary>A column of a value type written as-is (timestamps, longs, ints, decimals).</summary>
internal sealed class ValueColumnBuffer<T>(DataField field, Func<MarketRecord, T> read, Func<T, bool>? fits = null) : ColumnBuffer
    where T : struct
{
    private T[] _values = [];

    public override bool Append(MarketRecord record, int row)
    {
        EnsureCapacity(ref _values, row + 1);
        var value = read(record);
        _values[row] = value;
        return fits is null || fits(value);
    }

    public override ColumnBuffer CreateEmpty() => new ValueColumnBuffer<T>(field, read, fits);

    public override void MoveTail(ColumnBuffer destination, int from, int count)
    {
        var target = (ValueColumnBuffer<T>)destination;
        EnsureCapacity(ref target._values, count - from);
        Array.Copy(_values, from, target._values, 0, count - from);
    }

    public override long MemoryBytes(int count) => (long)count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

    public override long CapacityBytes => BytesOf(_values);

    public override void TrimCapacity(int count)
    {
        Trim(ref _values, count);
    }

    public override void RemoveFront(int rows, int count) => Array.Copy(_values, rows, _values, 0, count - rows);

    public override Task WriteAsync(ParquetRowGroupWriter writer, int count, ParquetWriteScratch scratch, CancellationToken cancellationToken) =>
        writer.WriteAsync<T>(field, new ReadOnlyMemory<T>(_values, 0, count), cancellationToken: cancellationToken);
}

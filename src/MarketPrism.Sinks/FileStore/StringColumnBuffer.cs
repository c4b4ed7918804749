using System.Diagnostics;
using MarketPrism.Core.Model;
using Parquet;
using Parquet.Schema;

namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// A string column (dictionary-encoded by Parquet.Net when values repeat): non-null unless its field is nullable, in
/// which case a null the record gives is no value.
/// </summary>
internal sealed class StringColumnBuffer(DataField field, Func<MarketRecord, string?> read) : ColumnBuffer
{
    private string?[] _values = [];

    public override bool Append(MarketRecord record, int row)
    {
        EnsureCapacity(ref _values, row + 1);
        _values[row] = read(record);
        Debug.Assert(field.IsNullable || _values[row] is not null, $"{field.Name} is not nullable.");
        return true;
    }

    public override ColumnBuffer CreateEmpty() => new StringColumnBuffer(field, read);

    public override void MoveTail(ColumnBuffer destination, int from, int count)
    {
        var target = (StringColumnBuffer)destination;
        EnsureCapacity(ref target._values, count - from);
        Array.Copy(_values, from, target._values, 0, count - from);
    }

    public override long MemoryBytes(int count) => (long)count * IntPtr.Size;

    public override long CapacityBytes => BytesOf(_values);

    public override void TrimCapacity(int count)
    {
        Trim(ref _values, count);
    }

    public override void Truncate(int rows) => Array.Clear(_values, rows, _values.Length - rows);

    public override void RemoveFront(int rows, int count)
    {
        Array.Copy(_values, rows, _values, 0, count - rows);
        Array.Clear(_values, count - rows, rows);
    }

    public override Task WriteAsync(ParquetRowGroupWriter writer, int count, ParquetWriteScratch scratch, CancellationToken cancellationToken)
    {
        if (field.IsNullable)
        {
            var nullable = scratch.NullableText(count);
            for (var i = 0; i < count; i++)
            {
                // Not "cond ? memory : null": null would convert to an empty ReadOnlyMemory<char> (via char[]), not to no value.
                nullable[i] = _values[i] is { } value ? value.AsMemory() : default(ReadOnlyMemory<char>?);
            }

            return writer.WriteAsync<ReadOnlyMemory<char>>(field, nullable.AsMemory(0, count), cancellationToken: cancellationToken);
        }

        var text = scratch.Text(count);
        for (var i = 0; i < count; i++)
        {
            text[i] = _values[i].AsMemory();
        }

        return writer.WriteAsync<ReadOnlyMemory<char>>(field, text.AsMemory(0, count), cancellationToken: cancellationToken);
    }
}

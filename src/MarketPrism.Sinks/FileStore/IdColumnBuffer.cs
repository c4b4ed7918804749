using MarketPrism.Core.Model;
using Parquet;
using Parquet.Schema;

namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// An exchange id (trade id, liquidation id) stored as a string column. Numeric ids stay numbers in the buffer and
/// are formatted into one reused character arena when the row group is written.
/// </summary>
internal sealed class IdColumnBuffer(DataField field, Func<MarketRecord, RecordId?> read) : ColumnBuffer
{
    private RecordId[] _values = [];
    private bool[] _present = [];

    public override bool Append(MarketRecord record, int row)
    {
        EnsureCapacity(ref _values, row + 1);
        EnsureCapacity(ref _present, row + 1);
        var id = read(record);
        _values[row] = id.GetValueOrDefault();
        _present[row] = id.HasValue;
        return true;
    }

    public override ColumnBuffer CreateEmpty() => new IdColumnBuffer(field, read);

    public override void MoveTail(ColumnBuffer destination, int from, int count)
    {
        var target = (IdColumnBuffer)destination;
        EnsureCapacity(ref target._values, count - from);
        Array.Copy(_values, from, target._values, 0, count - from);
        EnsureCapacity(ref target._present, count - from);
        Array.Copy(_present, from, target._present, 0, count - from);
    }

    public override long MemoryBytes(int count) => (long)count * (System.Runtime.CompilerServices.Unsafe.SizeOf<RecordId>() + sizeof(bool));

    public override long CapacityBytes => BytesOf(_values) + BytesOf(_present);

    public override void TrimCapacity(int count)
    {
        Trim(ref _values, count);
        Trim(ref _present, count);
    }

    public override void Truncate(int rows) => Array.Clear(_values, rows, _values.Length - rows);

    public override void RemoveFront(int rows, int count)
    {
        Array.Copy(_values, rows, _values, 0, count - rows);
        Array.Copy(_present, rows, _present, 0, count - rows);
        Array.Clear(_values, count - rows, rows);
    }

    public override Task WriteAsync(ParquetRowGroupWriter writer, int count, ParquetWriteScratch scratch, CancellationToken cancellationToken)
    {
        // 20 characters hold any long.
        var arena = scratch.Characters(count * 20);
        var position = 0;
        if (field.IsNullable)
        {
            var text = scratch.NullableText(count);
            for (var i = 0; i < count; i++)
            {
                // Not "cond ? memory : null": null would convert to an empty ReadOnlyMemory<char> (via char[]), not to no value.
                text[i] = _present[i] ? Format(_values[i], arena, ref position) : default(ReadOnlyMemory<char>?);
            }

            return writer.WriteAsync<ReadOnlyMemory<char>>(field, text.AsMemory(0, count), cancellationToken: cancellationToken);
        }
        else
        {
            var text = scratch.Text(count);
            for (var i = 0; i < count; i++)
            {
                text[i] = Format(_values[i], arena, ref position);
            }

            return writer.WriteAsync<ReadOnlyMemory<char>>(field, text.AsMemory(0, count), cancellationToken: cancellationToken);
        }
    }

    private static ReadOnlyMemory<char> Format(RecordId id, char[] arena, ref int position)
    {
        if (!id.IsNumeric)
        {
            return id.ToString().AsMemory();
        }

        id.Number.TryFormat(arena.AsSpan(position), out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        var text = arena.AsMemory(position, written);
        position += written;
        return text;
    }
}

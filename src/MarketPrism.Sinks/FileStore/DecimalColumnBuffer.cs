using MarketPrism.Core.Model;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// A DECIMAL(38,18) column (prices, sizes, rates). Rows keep their <see cref="decimal"/>; the row group is written
/// from their unscaled integers (<see cref="ParquetDecimal.ToUnscaled"/>), with nulls when <paramref name="nullable"/>.
/// </summary>
internal sealed class DecimalColumnBuffer(BigDecimalDataField field, Func<MarketRecord, decimal?> read, bool nullable) : ColumnBuffer
{
    private decimal?[] _values = [];

    public override bool Append(MarketRecord record, int row)
    {
        EnsureCapacity(ref _values, row + 1);
        var value = read(record);
        _values[row] = value;
        return value is not { } present || ParquetDecimal.Fits(present);
    }

    public override long MemoryBytes(int count) => (long)count * System.Runtime.CompilerServices.Unsafe.SizeOf<decimal?>();

    public override void RemoveFront(int rows, int count) => Array.Copy(_values, rows, _values, 0, count - rows);

    public override Task WriteAsync(ParquetRowGroupWriter writer, int count, ParquetWriteScratch scratch, CancellationToken cancellationToken)
    {
        if (nullable)
        {
            var values = scratch.NullableDecimals(count);
            for (var i = 0; i < count; i++)
            {
                values[i] = _values[i] is { } value ? ParquetDecimal.ToUnscaled(value) : null;
            }

            return writer.WriteAsync<BigDecimal>(field, new ReadOnlyMemory<BigDecimal?>(values, 0, count), cancellationToken: cancellationToken);
        }

        var required = scratch.Decimals(count);
        for (var i = 0; i < count; i++)
        {
            required[i] = ParquetDecimal.ToUnscaled(_values[i]!.Value);
        }

        return writer.WriteAsync<BigDecimal>(field, new ReadOnlyMemory<BigDecimal>(required, 0, count), cancellationToken: cancellationToken);
    }
}

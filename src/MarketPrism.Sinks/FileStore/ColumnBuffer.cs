using MarketPrism.Core.Model;
using Parquet;

namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// The buffered values of one Parquet column for the rows of one partition that are not yet in a row group.
/// Buffers grow by doubling up to the row group size and are then reused for every row group and file of the
/// partition, so writing rows allocates nothing per row.
/// </summary>
internal abstract class ColumnBuffer
{
    protected const int InitialCapacity = 256;

    /// <summary>
    /// Reads the column's value from <paramref name="record"/> into <paramref name="row"/>. Returns false when the
    /// value cannot be stored exactly in this column (a decimal outside DECIMAL(38,18)); the caller then drops the row.
    /// </summary>
    public abstract bool Append(MarketRecord record, int row);

    /// <summary>Forgets rows from <paramref name="rows"/> on (an unaccepted batch, or a dropped row).</summary>
    public virtual void Truncate(int rows)
    {
    }

    /// <summary>Drops the first <paramref name="rows"/> of <paramref name="count"/> buffered rows, moving the rest to the front.</summary>
    public abstract void RemoveFront(int rows, int count);

    /// <summary>
    /// Moves rows <c>[from, count)</c> to the front of <paramref name="destination"/> (an empty buffer of the same
    /// column, made by <see cref="CreateEmpty"/>); the rows stay here until the caller truncates them.
    /// </summary>
    public abstract void MoveTail(ColumnBuffer destination, int from, int count);

    /// <summary>A new, empty buffer for the same field (the second buffer of a partition, filled while this one is written).</summary>
    public abstract ColumnBuffer CreateEmpty();

    /// <summary>Writes rows <c>[0, count)</c> as this column's chunk(s) of the row group.</summary>
    public abstract Task WriteAsync(ParquetRowGroupWriter writer, int count, ParquetWriteScratch scratch, CancellationToken cancellationToken);

    /// <summary>Extra bytes a row is likely to take in the file beyond the table's base estimate (book levels).</summary>
    public virtual long EstimatedExtraBytes(int count) => 0;

    /// <summary>Memory the first <paramref name="count"/> buffered rows take in this buffer.</summary>
    public abstract long MemoryBytes(int count);

    /// <summary>Memory the buffer's arrays hold, rows or not (their room to grow included).</summary>
    public abstract long CapacityBytes { get; }

    /// <summary>
    /// Shrinks the arrays to what the first <paramref name="count"/> rows need (rounded up to a power of two), giving
    /// the rest back to the GC; an empty buffer keeps no array. It grows again as rows come.
    /// </summary>
    public abstract void TrimCapacity(int count);

    protected static long BytesOf<T>(T[] array) => (long)array.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

    protected static void Trim<T>(ref T[] array, int needed)
    {
        if (needed == 0)
        {
            array = [];
            return;
        }

        var size = (int)Math.Min(System.Numerics.BitOperations.RoundUpToPowerOf2((uint)needed), (uint)Array.MaxLength);
        if (size < array.Length)
        {
            Array.Resize(ref array, size);
        }
    }

    protected static void EnsureCapacity<T>(ref T[] array, int needed)
    {
        if (needed <= array.Length)
        {
            return;
        }

        var size = Math.Max(array.Length * 2, InitialCapacity);
        while (size < needed)
        {
            size *= 2;
        }

        Array.Resize(ref array, size);
    }
}

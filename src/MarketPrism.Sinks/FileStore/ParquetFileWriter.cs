using MarketPrism.Core.Model;
using Parquet;

namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// One Parquet file being written under a temporary name. Rows are buffered in the partition's
/// <see cref="ParquetTable"/> and written as row groups by the store's <see cref="RowGroupWriter"/>, in the
/// background; <see cref="CompleteAsync"/> waits for them, writes the footer, flushes the file to disk and only then
/// gives it its final name, so a final name always means a complete, readable file.
/// </summary>
internal sealed class ParquetFileWriter
{
    /// <summary>How every store file is written (Snappy, dictionary hints); the sink-encoding benchmarks use the same.</summary>
    internal static readonly ParquetOptions Options = CreateOptions();

    private readonly int _rowGroupSize;
    private readonly RowGroupWriter _rowGroups;
    private readonly FileStream _stream;
    private readonly ParquetWriter _writer;

    /// <summary>The buffers rows are appended to; the partition's other buffers may be in <see cref="_inFlight"/>.</summary>
    private ParquetTable _table;

    /// <summary>The row group being written in the background, if any (at most one per file, so rows stay in order).</summary>
    private Task _inFlight = Task.CompletedTask;

    /// <summary>Rows handed to the background (written or in flight).</summary>
    private long _rowsHandedOff;

    /// <summary>Rows and file bytes of the row groups written so far; updated by the background, read for size estimates.</summary>
    private long _rowsWritten;
    private long _bytesWritten;
    private bool _closed;

    private ParquetFileWriter(string temporaryPath, ParquetTable table, int rowGroupSize, RowGroupWriter rowGroups, FileStream stream, ParquetWriter writer)
    {
        TemporaryPath = temporaryPath;
        _table = table;
        _rowGroupSize = rowGroupSize;
        _rowGroups = rowGroups;
        _stream = stream;
        _writer = writer;
    }

    public string TemporaryPath { get; }

    /// <summary>Rows in the file: row groups written or being written, plus buffered rows.</summary>
    public long Rows => _rowsHandedOff + _table.Count;

    public int BufferedRows => _table.Count;

    /// <summary>Row groups handed to the background (written or in flight).</summary>
    public int RowGroups { get; private set; }

    /// <summary>Memory the rows waiting for their row group take (not counting a row group being written).</summary>
    public long BufferedMemoryBytes => _table.BufferedMemoryBytes;

    /// <summary>Memory both sets of the file's buffers hold, rows or not (arrays keep the size they grew to).</summary>
    public long BufferCapacityBytes => _table.CapacityBytes + _table.Spare.CapacityBytes;

    /// <summary>
    /// Shrinks the file's buffers to what their rows need (<see cref="ParquetTable.TrimCapacity"/>): the set appended
    /// to, and the other set unless a row group is being written from it; sets that hold rows only when
    /// <paramref name="withRows"/>. Returns the bytes released.
    /// </summary>
    public long TrimBuffers(bool withRows)
    {
        var released = _table.TrimCapacity(withRows);
        if (_inFlight.IsCompleted)
        {
            released += _table.Spare.TrimCapacity(withRows);
        }

        return released;
    }

    /// <summary>About how large the file will be if closed now.</summary>
    public long EstimatedSize
    {
        get
        {
            var rowsWritten = Volatile.Read(ref _rowsWritten);
            var bytesWritten = Volatile.Read(ref _bytesWritten);
            var bytesPerRow = rowsWritten > 0 ? (double)bytesWritten / rowsWritten : _table.BaseBytesPerRow;
            return bytesWritten + (long)((_rowsHandedOff - rowsWritten) * bytesPerRow) + _table.EstimatedBufferedBytes(bytesPerRow);
        }
    }

    /// <summary>
    /// Creates <paramref name="temporaryPath"/>; <paramref name="overwrite"/> only for recovery, which may find its
    /// own half-written output from an earlier attempt. <paramref name="table"/> and its spare must not be in use by
    /// another file (a file waits for its row groups when it completes or is abandoned).
    /// </summary>
    public static async Task<ParquetFileWriter> CreateAsync(
        string temporaryPath,
        ParquetTable table,
        int rowGroupSize,
        RowGroupWriter rowGroups,
        bool overwrite,
        CancellationToken cancellationToken)
    {
        table.Truncate(0);
        table.Spare.Truncate(0);
        var stream = new FileStream(
            temporaryPath, overwrite ? FileMode.Create : FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1 << 16);
        try
        {
            var writer = await ParquetWriter.CreateAsync(table.Schema, stream, Options, append: false, cancellationToken);
            writer.CustomMetadata = new Dictionary<string, string>
            {
                [ParquetTable.DataTypeMetadataKey] = table.DataType.ToWireName(),
                [ParquetTable.SchemaVersionMetadataKey] = ParquetTable.SchemaVersion,
            };
            return new ParquetFileWriter(temporaryPath, table, rowGroupSize, rowGroups, stream, writer);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc cref="ParquetTable.TryAppend"/>
    public bool TryAppend(MarketRecord record) => _table.TryAppend(record);

    /// <summary>Forgets buffered rows from <paramref name="bufferedRows"/> on (an unaccepted batch).</summary>
    public void Truncate(int bufferedRows) => _table.Truncate(bufferedRows);

    /// <summary>
    /// Hands a row group to the background for every <see cref="FileStoreOptions.RowGroupSize"/> rows buffered.
    /// Throws if an earlier row group of the file failed to be written.
    /// </summary>
    public async Task WriteFullRowGroupsAsync(CancellationToken cancellationToken)
    {
        if (_inFlight.IsCompleted)
        {
            // Surfaces a failed write now rather than at the next row group or the end of the file.
            await _inFlight;
        }

        while (_table.Count >= _rowGroupSize)
        {
            await HandOffAsync(_rowGroupSize);
        }
    }

    /// <summary>Hands everything buffered to the background as one row group (the store's buffers are over budget).</summary>
    public Task WriteBufferedRowGroupAsync() => _table.Count > 0 ? HandOffAsync(_table.Count) : Task.CompletedTask;

    /// <summary>
    /// Writes what is buffered, waits for every row group, then writes the footer; flushes the file to disk, closes
    /// it and renames it to <paramref name="finalPath"/>. Returns the number of rows in the file.
    /// </summary>
    public async Task<long> CompleteAsync(string finalPath, CancellationToken cancellationToken)
    {
        while (_table.Count > 0)
        {
            await HandOffAsync(Math.Min(_table.Count, _rowGroupSize));
        }

        await _inFlight;

        // The footer is written on dispose; the stream stays ours to flush to disk before the rename.
        await _writer.DisposeAsync();
        await _stream.FlushAsync(cancellationToken);
        _stream.Flush(flushToDisk: true);
        _closed = true;
        await _stream.DisposeAsync();
        File.Move(TemporaryPath, finalPath, overwrite: false);
        return _rowsHandedOff;
    }

    /// <summary>
    /// Closes the file without a footer and leaves it under its temporary name (a crash, or an error while writing);
    /// buffered rows are dropped. Recovery rebuilds the file from its journal on the next start.
    /// </summary>
    public void Abandon()
    {
        // The partition's buffers are reused by its next file: the row group in flight must be done with them (and
        // with the stream) first. It only encodes and writes, so this wait is short and cannot deadlock.
        try
        {
            _inFlight.GetAwaiter().GetResult();
        }
        catch (Exception)
        {
            // The file is being abandoned anyway; the caller reports why.
        }

        _table.Truncate(0);
        _table.Spare.Truncate(0);
        if (_closed)
        {
            return;
        }

        _closed = true;
        try
        {
            _stream.Dispose();
        }
        catch (IOException)
        {
            // The disk failed us already; what matters is that the handle is released.
        }
    }

    private static ParquetOptions CreateOptions()
    {
        var options = new ParquetOptions
        {
            CompressionMethod = CompressionMethod.Snappy,

            // Ids and timestamps are all distinct: a sample shows that at once instead of after hashing every value.
            DictionaryEncodingSampleSize = 1000,
        };

        // Parquet.Net does not pick dictionary encoding for these by itself; they hold a handful of values per file.
        foreach (var column in ParquetTable.DictionaryColumns)
        {
            options.ColumnEncodingHints[column] = EncodingHint.Dictionary;
        }

        return options;
    }

    /// <summary>
    /// Swaps the first <paramref name="rows"/> buffered rows into the background (rows after them move to the other
    /// buffers, which become the ones appended to). Waits for the file's previous row group first.
    /// </summary>
    private async Task HandOffAsync(int rows)
    {
        await _inFlight;
        var full = _table;
        var next = full.Spare;
        if (rows < full.Count)
        {
            full.MoveTail(next, rows);
        }

        _table = next;
        _rowsHandedOff += rows;
        RowGroups++;
        _inFlight = _rowGroups.Start(async scratch =>
        {
            await full.WriteRowGroupAsync(_writer, rows, scratch, CancellationToken.None);
            Volatile.Write(ref _bytesWritten, _stream.Position);
            Volatile.Write(ref _rowsWritten, _rowsWritten + rows);
        });
    }
}

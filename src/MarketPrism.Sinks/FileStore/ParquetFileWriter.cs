using MarketPrism.Core.Model;
using Parquet;

namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// One Parquet file being written under a temporary name. Rows are buffered in the partition's
/// <see cref="ParquetTable"/> and written as row groups; <see cref="CompleteAsync"/> writes the footer, flushes the
/// file to disk and only then gives it its final name, so a final name always means a complete, readable file.
/// </summary>
internal sealed class ParquetFileWriter
{
    /// <summary>
    /// A partition writes a row group early once its buffered rows take this much memory, so that wide book rows
    /// and many partitions cannot add up to gigabytes before <see cref="FileStoreOptions.RowGroupSize"/> is reached.
    /// </summary>
    internal const long MaxBufferedBytes = 32L * 1024 * 1024;

    /// <summary>How every store file is written (Snappy, dictionary hints); the sink-encoding benchmarks use the same.</summary>
    internal static readonly ParquetOptions Options = CreateOptions();

    private readonly ParquetTable _table;
    private readonly int _rowGroupSize;
    private readonly ParquetWriteScratch _scratch;
    private readonly FileStream _stream;
    private readonly ParquetWriter _writer;
    private long _rowsWritten;
    private bool _closed;

    private ParquetFileWriter(string temporaryPath, ParquetTable table, int rowGroupSize, ParquetWriteScratch scratch, FileStream stream, ParquetWriter writer)
    {
        TemporaryPath = temporaryPath;
        _table = table;
        _rowGroupSize = rowGroupSize;
        _scratch = scratch;
        _stream = stream;
        _writer = writer;
    }

    public string TemporaryPath { get; }

    /// <summary>Rows in the file: written row groups plus buffered rows.</summary>
    public long Rows => _rowsWritten + _table.Count;

    public int BufferedRows => _table.Count;

    /// <summary>About how large the file will be if closed now.</summary>
    public long EstimatedSize
    {
        get
        {
            var bytesPerRow = _rowsWritten > 0 ? (double)_stream.Position / _rowsWritten : _table.BaseBytesPerRow;
            return _stream.Position + _table.EstimatedBufferedBytes(bytesPerRow);
        }
    }

    /// <summary>
    /// Creates <paramref name="temporaryPath"/>; <paramref name="overwrite"/> only for recovery, which may find its
    /// own half-written output from an earlier attempt.
    /// </summary>
    public static async Task<ParquetFileWriter> CreateAsync(
        string temporaryPath,
        ParquetTable table,
        int rowGroupSize,
        ParquetWriteScratch scratch,
        bool overwrite,
        CancellationToken cancellationToken)
    {
        table.Truncate(0);
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
            return new ParquetFileWriter(temporaryPath, table, rowGroupSize, scratch, stream, writer);
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
    /// Writes a row group for every <see cref="FileStoreOptions.RowGroupSize"/> rows buffered, or of what is
    /// buffered once that takes <see cref="MaxBufferedBytes"/>.
    /// </summary>
    public async Task WriteFullRowGroupsAsync(CancellationToken cancellationToken)
    {
        while (_table.Count >= _rowGroupSize)
        {
            await WriteRowGroupAsync(_rowGroupSize, cancellationToken);
        }

        if (_table.Count > 0 && _table.BufferedMemoryBytes >= MaxBufferedBytes)
        {
            await WriteRowGroupAsync(_table.Count, cancellationToken);
        }
    }

    /// <summary>
    /// Writes what is buffered, then the footer; flushes the file to disk, closes it and renames it to
    /// <paramref name="finalPath"/>. Returns the number of rows in the file.
    /// </summary>
    public async Task<long> CompleteAsync(string finalPath, CancellationToken cancellationToken)
    {
        while (_table.Count > 0)
        {
            await WriteRowGroupAsync(Math.Min(_table.Count, _rowGroupSize), cancellationToken);
        }

        // The footer is written on dispose; the stream stays ours to flush to disk before the rename.
        await _writer.DisposeAsync();
        await _stream.FlushAsync(cancellationToken);
        _stream.Flush(flushToDisk: true);
        _closed = true;
        await _stream.DisposeAsync();
        File.Move(TemporaryPath, finalPath, overwrite: false);
        return _rowsWritten;
    }

    /// <summary>
    /// Closes the file without a footer and leaves it under its temporary name (a crash, or an error while writing);
    /// buffered rows are dropped. Recovery rebuilds the file from its journal on the next start.
    /// </summary>
    public void Abandon()
    {
        _table.Truncate(0);
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

    private async Task WriteRowGroupAsync(int rows, CancellationToken cancellationToken)
    {
        await _table.WriteRowGroupAsync(_writer, rows, _scratch, cancellationToken);
        _rowsWritten += rows;
    }
}

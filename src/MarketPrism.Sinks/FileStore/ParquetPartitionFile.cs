using MarketPrism.Core.Model;

namespace MarketPrism.Sinks.FileStore;

/// <summary>A Parquet file of a partition with, optionally, its line journal.</summary>
internal sealed class ParquetPartitionFile : PartitionFile
{
    private readonly ParquetFileWriter _writer;
    private readonly RecordLineWriter? _journal;

    private ParquetPartitionFile(string directory, string baseName, DateTimeOffset openedAt, ParquetFileWriter writer, RecordLineWriter? journal)
        : base(directory, baseName, openedAt)
    {
        _writer = writer;
        _journal = journal;
    }

    public override string FinalPath => Path.Combine(Directory, BaseName + StoreFileName.ParquetExtension);

    public override string TemporaryPath => _writer.TemporaryPath;

    public string? JournalPath => _journal?.Path;

    public override long Rows => _writer.Rows;

    public override long EstimatedSize => _writer.EstimatedSize;

    public override int RowGroups => _writer.RowGroups;

    /// <summary>Memory the rows waiting for their row group take.</summary>
    public long BufferedMemoryBytes => _writer.BufferedMemoryBytes;

    /// <inheritdoc cref="ParquetFileWriter.BufferCapacityBytes"/>
    public long BufferCapacityBytes => _writer.BufferCapacityBytes;

    /// <inheritdoc cref="ParquetFileWriter.TrimBuffers"/>
    public long TrimBuffers(bool withRows) => _writer.TrimBuffers(withRows);

    /// <summary>Writes what is buffered as a row group now (in the background), to bring the store under its buffer budget.</summary>
    public Task WriteBufferedRowGroupAsync() => _writer.WriteBufferedRowGroupAsync();

    public static async Task<ParquetPartitionFile> CreateAsync(
        string directory,
        string baseName,
        DateTimeOffset openedAt,
        ParquetTable table,
        FileStoreOptions options,
        RowGroupWriter rowGroups,
        RecordLineEncoder encoder,
        CancellationToken cancellationToken)
    {
        var temporaryPath = Path.Combine(directory, baseName + StoreFileName.ParquetExtension + StoreFileName.TemporarySuffix);
        var writer = await ParquetFileWriter.CreateAsync(temporaryPath, table, options.RowGroupSize, rowGroups, overwrite: false, cancellationToken);
        RecordLineWriter? journal = null;
        if (options.Journal)
        {
            try
            {
                journal = RecordLineWriter.Create(Path.Combine(directory, baseName + StoreFileName.JournalExtension), encoder);
            }
            catch
            {
                writer.Abandon();
                File.Delete(temporaryPath);
                throw;
            }
        }

        return new ParquetPartitionFile(directory, baseName, openedAt, writer, journal);
    }

    public override bool TryAppend(MarketRecord record)
    {
        if (!_writer.TryAppend(record))
        {
            return false;
        }

        _journal?.Append(record);
        return true;
    }

    public override FileCheckpoint Checkpoint() => new(_writer.BufferedRows, _journal?.Length ?? 0, _journal?.Lines ?? 0);

    public override void Rollback(FileCheckpoint checkpoint)
    {
        _writer.Truncate((int)checkpoint.Rows);
        _journal?.Truncate(checkpoint.Bytes, checkpoint.Lines);
    }

    public override void FlushAccepted(bool toDisk) => _journal?.Flush(toDisk);

    public override Task AfterAcceptedAsync(CancellationToken cancellationToken) => _writer.WriteFullRowGroupsAsync(cancellationToken);

    public override async Task<long> CompleteAsync(CancellationToken cancellationToken)
    {
        var rows = await _writer.CompleteAsync(FinalPath, cancellationToken);

        // Only now that the complete file is on disk under its final name is the journal redundant.
        if (_journal is not null)
        {
            _journal.Abandon();
            File.Delete(_journal.Path);
        }

        return rows;
    }

    public override void Abandon()
    {
        _writer.Abandon();
        _journal?.Abandon();
    }

    public override void Discard()
    {
        Abandon();
        File.Delete(_writer.TemporaryPath);
        if (_journal is not null)
        {
            File.Delete(_journal.Path);
        }
    }
}

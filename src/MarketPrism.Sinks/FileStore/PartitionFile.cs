using MarketPrism.Core.Model;

namespace MarketPrism.Sinks.FileStore;

/// <summary>The file a partition is currently writing, in either format.</summary>
internal abstract class PartitionFile
{
    protected PartitionFile(string directory, string baseName, DateTimeOffset openedAt)
    {
        Directory = directory;
        BaseName = baseName;
        OpenedAt = openedAt;
    }

    public string Directory { get; }

    public string BaseName { get; }

    public DateTimeOffset OpenedAt { get; }

    /// <summary>Path the file gets once complete.</summary>
    public abstract string FinalPath { get; }

    /// <summary>Path while it is being written.</summary>
    public abstract string TemporaryPath { get; }

    /// <summary>Rows in the file, accepted or not.</summary>
    public abstract long Rows { get; }

    /// <summary>About how large the file is (or would be if closed now).</summary>
    public abstract long EstimatedSize { get; }

    /// <summary>Parquet row groups written or being written (0 for a line file).</summary>
    public virtual int RowGroups => 0;

    /// <summary>Adds a row; false when this format cannot hold the record exactly (nothing is added then).</summary>
    public abstract bool TryAppend(MarketRecord record);

    /// <summary>Where the file stands before a batch, to go back to if the batch is not accepted.</summary>
    public abstract FileCheckpoint Checkpoint();

    public abstract void Rollback(FileCheckpoint checkpoint);

    /// <summary>Makes the rows appended so far survive a crash (journal or data lines flushed).</summary>
    public abstract void FlushAccepted(bool toDisk);

    /// <summary>Work that may follow acceptance of a batch (Parquet row groups).</summary>
    public abstract Task AfterAcceptedAsync(CancellationToken cancellationToken);

    /// <summary>Finishes the file and renames it to <see cref="FinalPath"/>; returns its rows.</summary>
    public abstract Task<long> CompleteAsync(CancellationToken cancellationToken);

    /// <summary>Leaves the file as a crash would (temporary name, journal kept) and releases its handles.</summary>
    public abstract void Abandon();

    /// <summary>Abandons the file and deletes what it wrote; only for a file that holds no accepted row.</summary>
    public abstract void Discard();
}

/// <summary>
/// Position of a partition file before a batch: buffered rows (Parquet) or lines (jsonl), and the length and line
/// count of the line file (the jsonl data itself, or the journal).
/// </summary>
internal readonly record struct FileCheckpoint(long Rows, long Bytes, long Lines);

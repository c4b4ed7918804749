namespace MarketPrism.Sinks.FileStore;

/// <summary>Running counts of what a <see cref="FileStoreSink"/> has done, safe to read from any thread.</summary>
public sealed class FileStoreStatistics
{
    private long _recordsWritten;
    private long _recordsDiverted;
    private long _filesCompleted;
    private long _filesFailed;
    private long _rowGroupsWrittenEarly;
    private long _bufferedBytes;
    private long _bufferCapacityBytes;

    /// <summary>Records accepted (journaled or written, and flushed) by <see cref="FileStoreSink.WriteAsync"/>.</summary>
    public long RecordsWritten => Interlocked.Read(ref _recordsWritten);

    /// <summary>
    /// Records of a Parquet store written to a jsonl file of their partition instead, because a decimal of theirs
    /// does not fit DECIMAL(38,18) exactly.
    /// </summary>
    public long RecordsDivertedToJsonl => Interlocked.Read(ref _recordsDiverted);

    /// <summary>Files closed complete under their final names.</summary>
    public long FilesCompleted => Interlocked.Read(ref _filesCompleted);

    /// <summary>Files that could not be finished (I/O error); their rows are recovered from the journal on the next start.</summary>
    public long FilesFailed => Interlocked.Read(ref _filesFailed);

    /// <summary>
    /// Row groups written before reaching <see cref="FileStoreOptions.RowGroupSize"/> rows because the store's
    /// buffers went past <see cref="FileStoreOptions.BufferBudget"/>.
    /// </summary>
    public long RowGroupsWrittenEarly => Interlocked.Read(ref _rowGroupsWrittenEarly);

    /// <summary>
    /// Memory the rows waiting for their row groups took after the last batch (at most
    /// <see cref="FileStoreOptions.BufferBudget"/>).
    /// </summary>
    public long BufferedBytes => Interlocked.Read(ref _bufferedBytes);

    /// <summary>
    /// Memory the store's column buffers held after the last batch, rows or not (both sets of every partition; kept
    /// within four times <see cref="FileStoreOptions.BufferBudget"/> by releasing idle ones).
    /// </summary>
    public long BufferCapacityBytes => Interlocked.Read(ref _bufferCapacityBytes);

    internal void SetBuffered(long bufferedBytes, long capacityBytes)
    {
        Interlocked.Exchange(ref _bufferedBytes, bufferedBytes);
        Interlocked.Exchange(ref _bufferCapacityBytes, capacityBytes);
    }

    internal void RowGroupWrittenEarly() => Interlocked.Increment(ref _rowGroupsWrittenEarly);

    internal void AddRecordsWritten(long count) => Interlocked.Add(ref _recordsWritten, count);

    internal void AddRecordsDiverted(long count) => Interlocked.Add(ref _recordsDiverted, count);

    internal void FileCompleted() => Interlocked.Increment(ref _filesCompleted);

    internal void FileFailed() => Interlocked.Increment(ref _filesFailed);
}

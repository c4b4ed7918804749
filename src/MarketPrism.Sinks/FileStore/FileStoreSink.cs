using MarketPrism.Core.Model;
using MarketPrism.Core.Sinks;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// The embedded file store: writes every record to
/// <c>{directory}/{exchange}/{market_type}/{data_type}/date=YYYY-MM-DD/</c> (the UTC date of the record's
/// timestamp), one open file per partition, in Parquet (default) or JSON lines.
/// <para>
/// Crash safety: a file is written under a temporary name and renamed only once it is complete and on disk. With
/// <see cref="FileStoreOptions.Journal"/>, each accepted batch is also appended to a line journal beside the open
/// Parquet file and flushed before <see cref="WriteAsync"/> returns; <see cref="StartAsync"/> rebuilds unfinished
/// files from their journals (see <see cref="Recovery"/>). A batch that throws from <see cref="WriteAsync"/> left
/// nothing behind: its rows are taken back from buffers, journals and files.
/// </para>
/// <para>
/// Files roll after <see cref="FileStoreOptions.RollInterval"/> (by the <see cref="TimeProvider"/>), at about
/// <see cref="FileStoreOptions.RollSize"/>, at <see cref="FileStoreOptions.MaxRowGroups"/> row groups (Parquet), and
/// when the date moves on (after
/// <see cref="FileStoreOptions.DateRollDelay"/>). Not thread-safe: the pipeline calls one method at a time.
/// </para>
/// <para>
/// Parquet row groups are encoded in the background (<see cref="RowGroupWriter"/>) while batches keep being accepted;
/// a file waits for its row groups before it is completed. The rows waiting for a row group are bounded by
/// <see cref="FileStoreOptions.BufferBudget"/>, shared by the open files.
/// </para>
/// </summary>
public sealed class FileStoreSink : IRecordSink
{
    private readonly FileStoreOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _root;
    private readonly Dictionary<PartitionKey, Partition> _partitions = [];
    private readonly Dictionary<StreamKey, DateOnly> _newestDates = [];
    private readonly List<Partition> _touched = [];
    private readonly List<(Partition Partition, long Bytes)> _waiting = [];
    private readonly List<(Partition Partition, long Bytes)> _capacities = [];
    private readonly RowGroupWriter _rowGroups = new();
    private readonly RecordLineEncoder _encoder = new();
    private Partition? _lastPrimary;
    private Partition? _lastDiverted;
    private StoreLock? _lock;
    private bool _started;
    private bool _disposed;

    /// <summary>
    /// The store's column buffers together (both sets of every partition, rows or not) are kept within this many
    /// times <see cref="FileStoreOptions.BufferBudget"/>: one budget of waiting rows in arrays up to twice their size,
    /// plus the row groups being written.
    /// </summary>
    internal const int BufferCapacityFactor = 4;

    public FileStoreSink(FileStoreOptions options, TimeProvider timeProvider, ILogger<FileStoreSink> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _root = Path.GetFullPath(options.Directory);
    }

    /// <inheritdoc/>
    public string Name => "file";

    /// <summary>The store's root directory (full path).</summary>
    public string Directory => _root;

    /// <summary>What <see cref="StartAsync"/> recovered; <see cref="FileStoreRecoveryResult.None"/> before it ran.</summary>
    public FileStoreRecoveryResult Recovery { get; private set; } = FileStoreRecoveryResult.None;

    /// <summary>Running counts, safe to read from any thread (metrics).</summary>
    public FileStoreStatistics Statistics { get; } = new();

    /// <summary>
    /// Creates the directory, takes the store's lock (a second process on the same directory would take its open
    /// files for a crash's leftovers) and recovers files a previous run left unfinished.
    /// </summary>
    public async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_started)
        {
            return;
        }

        System.IO.Directory.CreateDirectory(_root);
        _lock = StoreLock.Acquire(_root);
        var recovery = new FileStoreRecovery(_root, _options.RowGroupSize, _options.BufferBudget.Bytes, _rowGroups, _encoder, _logger);
        Recovery = await recovery.RunAsync(cancellationToken);
        _started = true;
    }

    /// <summary>
    /// Writes <paramref name="batch"/>. When this returns, every record of the batch is durable against a process
    /// kill (journal or jsonl lines flushed to the OS; to disk with <see cref="FileStoreOptions.FsyncEachBatch"/>).
    /// When it throws, none is stored. Files due to roll by time are closed first, so an empty batch sent on a timer
    /// closes the files of a quiet market on time.
    /// </summary>
    public async ValueTask WriteAsync(IReadOnlyList<MarketRecord> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_started)
        {
            throw new InvalidOperationException("The file store must be started (StartAsync) before it is written to.");
        }

        var now = _timeProvider.GetUtcNow();
        await CloseDueFilesAsync(now);
        if (batch.Count == 0)
        {
            return;
        }

        _touched.Clear();
        long diverted = 0;
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var record = batch[i] ?? throw new ArgumentException($"The batch holds null at index {i}.", nameof(batch));
                var partition = await TouchAsync(Route(record, _options.Format, now), now, cancellationToken);
                if (partition.File!.TryAppend(record))
                {
                    continue;
                }

                // Parquet's DECIMAL(38,18) cannot hold a value of this record exactly: keep it exact in jsonl instead.
                var side = await TouchAsync(Route(record, FileStoreFormat.Jsonl, now), now, cancellationToken);
                side.File!.TryAppend(record);
                diverted++;
                if (!side.DivertWarned)
                {
                    side.DivertWarned = true;
                    FileStoreLog.RecordDiverted(_logger, partition.DataTypeName, record.ExchangeName, record.SymbolName, side.File.FinalPath);
                }
            }

            foreach (var partition in _touched)
            {
                partition.File!.FlushAccepted(_options.FsyncEachBatch);
            }
        }
        catch
        {
            RollBackBatch();
            throw;
        }

        // Accepted. What follows must not fail the batch: a file that cannot be written on is left for recovery.
        Statistics.AddRecordsWritten(batch.Count);
        Statistics.AddRecordsDiverted(diverted);
        foreach (var partition in _touched)
        {
            partition.Touched = false;
            partition.OpenedInBatch = false;
            try
            {
                await partition.File!.AfterAcceptedAsync(CancellationToken.None);
            }
            catch (Exception ex)
            {
                Fail(partition, ex);
                continue;
            }

            if (partition.File.EstimatedSize >= _options.RollSize.Bytes || partition.File.RowGroups >= _options.MaxRowGroups)
            {
                await CompleteAsync(partition);
            }
        }

        _touched.Clear();
        await KeepWithinBufferBudgetAsync();
    }

    /// <summary>
    /// Closes every open file under its final name, so that every accepted record is in a complete, readable file.
    /// Later writes open new files. Throws <see cref="IOException"/> if a file could not be finished (its rows are
    /// then recovered from its journal on the next start).
    /// </summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await CloseAllAsync();
    }

    /// <summary>Flushes (see <see cref="FlushAsync"/>), logging rather than throwing a failure; idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await CloseAllAsync();
        }
        catch (IOException)
        {
            // Already logged per file; the rows stay in journals for the next start.
        }

        _encoder.Dispose();
        _rowGroups.Dispose();
        _lock?.Dispose();
    }

    /// <summary>
    /// Test hook: behaves as if the process was killed now. Open files keep their temporary names, journals stay,
    /// nothing is completed; the handles are released so another sink can recover the directory.
    /// </summary>
    internal void SimulateCrash()
    {
        foreach (var partition in _partitions.Values)
        {
            partition.File?.Abandon();
            partition.File = null;
        }

        _partitions.Clear();
        _lock?.Dispose();
        _disposed = true;
    }

    private async Task CloseAllAsync()
    {
        if (!_started)
        {
            return;
        }

        var failed = 0;
        foreach (var partition in _partitions.Values.ToArray())
        {
            if (partition.File is not null && !await CompleteAsync(partition))
            {
                failed++;
            }
        }

        ForgetClosedPartitions();
        if (failed > 0)
        {
            throw new IOException($"{failed} file(s) of the store in {_root} could not be finished; their rows are recovered on the next start.");
        }
    }

    /// <summary>
    /// Keeps the rows waiting for their row groups within <see cref="FileStoreOptions.BufferBudget"/>, and the buffers
    /// that held them within <see cref="BufferCapacityFactor"/> times it. Like the rest of what follows an accepted
    /// batch, a failure here fails that file (left for recovery), not the batch.
    /// <para>
    /// Why largest first, to half the budget: the budget used to be shared equally by the open files, and a file
    /// over its share wrote its rows at once. With every venue on (60+ partitions) a share was about 60 KB, a few
    /// dozen book rows (a level takes 32 bytes in memory), so book files got row groups of ~70 rows, each with its
    /// own footer entry, page headers and dictionaries: 330 bytes per row on disk. Quiet partitions (funding, open
    /// interest) used a fraction of their share, which was lost to the busy ones. Writing the largest buffers first
    /// gives the budget to the partitions that fill it: a row group written here is at least the mean of the waiting
    /// buffers, and going down to half the budget means one pass writes the largest few, not every buffer a little
    /// over the line.
    /// </para>
    /// <para>
    /// Why a bound on capacity too: buffers keep the size they grew to (they are reused, never re-grown), so a
    /// partition that once held most of the budget keeps that memory, and with largest-first each partition can be
    /// the largest in turn (an earlier largest-first budget without this bound rose to 642 MiB: bench/RESULTS.md,
    /// section 5). Whenever all the sets together hold more than <see cref="BufferCapacityFactor"/> budgets, sets are
    /// shrunk to what their rows need until they do not: first the empty ones (to nothing), then those with rows,
    /// the partitions that hold the most first; the rows waiting (at most one budget, in arrays at most twice their size) and the row groups being
    /// written (about one budget, not shrunk while they are written) fit within it.
    /// </para>
    /// </summary>
    private async Task KeepWithinBufferBudgetAsync()
    {
        var budget = _options.BufferBudget.Bytes;
        long waiting = 0;
        _waiting.Clear();
        foreach (var partition in _partitions.Values)
        {
            if (partition.File is ParquetPartitionFile file && file.BufferedMemoryBytes is var bytes and > 0)
            {
                _waiting.Add((partition, bytes));
                waiting += bytes;
            }
        }

        if (waiting > budget)
        {
            _waiting.Sort(static (a, b) => b.Bytes.CompareTo(a.Bytes));
            foreach (var (partition, bytes) in _waiting)
            {
                if (waiting <= budget / 2)
                {
                    break;
                }

                waiting -= bytes;
                if (partition.File is not ParquetPartitionFile file)
                {
                    continue;
                }

                Statistics.RowGroupWrittenEarly();
                try
                {
                    await file.WriteBufferedRowGroupAsync();
                }
                catch (Exception ex)
                {
                    Fail(partition, ex);
                }
            }
        }

        _waiting.Clear();
        Statistics.SetBuffered(waiting, TrimBuffersOverCapacity(budget * BufferCapacityFactor));
    }

    /// <summary>
    /// Shrinks buffers to what their rows need, those of the partitions that hold the most first, while all of them
    /// together hold more than <paramref name="capacity"/>. Returns what they hold afterwards.
    /// </summary>
    private long TrimBuffersOverCapacity(long capacity)
    {
        long total = 0;
        foreach (var partition in _partitions.Values)
        {
            if (partition.Table is { } table)
            {
                var bytes = table.PairCapacityBytes;
                total += bytes;
                _capacities.Add((partition, bytes));
            }
        }

        if (total > capacity)
        {
            // Sets without rows first (nothing to copy, and busy partitions keep the arrays they are filling), then
            // the sets that hold rows.
            _capacities.Sort(static (a, b) => b.Bytes.CompareTo(a.Bytes));
            for (var pass = 0; pass < 2 && total > capacity; pass++)
            {
                var withRows = pass == 1;
                foreach (var (partition, _) in _capacities)
                {
                    if (total <= capacity)
                    {
                        break;
                    }

                    total -= partition.File switch
                    {
                        ParquetPartitionFile file => file.TrimBuffers(withRows),

                        // No open file: its last one completed or was abandoned, which waited for its row groups.
                        null => partition.Table!.TrimPair(withRows),
                        _ => 0,
                    };
                }
            }
        }

        _capacities.Clear();
        return total;
    }

    private Partition Route(MarketRecord record, FileStoreFormat format, DateTimeOffset now)
    {
        var ticks = record.Timestamp.Ticks;
        var diverted = format != _options.Format;
        var last = diverted ? _lastDiverted : _lastPrimary;
        if (last is not null && last.Contains(record, ticks))
        {
            return last;
        }

        var key = new PartitionKey(record.ExchangeName, record.MarketType, record.DataType, DateOnly.FromDateTime(record.Timestamp), format);
        if (!_partitions.TryGetValue(key, out var partition))
        {
            partition = CreatePartition(key, now);
        }

        if (diverted)
        {
            _lastDiverted = partition;
        }
        else
        {
            _lastPrimary = partition;
        }

        return partition;
    }

    private Partition CreatePartition(PartitionKey key, DateTimeOffset now)
    {
        var directory = Path.Combine(
            _root, StoreFileName.PartitionDirectory(key.Exchange, key.MarketType.ToWireName(), key.DataType.ToWireName(), key.Date));
        var twin = key with { Format = key.Format == FileStoreFormat.Parquet ? FileStoreFormat.Jsonl : FileStoreFormat.Parquet };
        var names = _partitions.TryGetValue(twin, out var other) ? other.Names : new PartitionNames(directory, key.DataType.ToWireName());
        var partition = new Partition(key, directory, names);
        _partitions.Add(key, partition);

        // Once a stream reaches a new date, files of earlier dates only wait for late records, then close.
        var closeBy = now + _options.DateRollDelay;
        if (!_newestDates.TryGetValue(key.Stream, out var newest) || key.Date > newest)
        {
            _newestDates[key.Stream] = key.Date;
            foreach (var earlier in _partitions.Values)
            {
                if (earlier.Key.Stream == key.Stream && earlier.Key.Date < key.Date)
                {
                    earlier.CloseBy ??= closeBy;
                }
            }
        }
        else if (key.Date < newest)
        {
            partition.CloseBy = closeBy;
        }

        return partition;
    }

    /// <summary>Opens the partition's file if needed and remembers where it stood before this batch.</summary>
    private async ValueTask<Partition> TouchAsync(Partition partition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (partition.Touched)
        {
            return partition;
        }

        if (partition.File is null)
        {
            partition.File = await OpenAsync(partition, now, cancellationToken);
            partition.OpenedInBatch = true;
        }

        partition.Checkpoint = partition.File.Checkpoint();
        partition.Touched = true;
        _touched.Add(partition);
        return partition;
    }

    private async Task<PartitionFile> OpenAsync(Partition partition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(partition.Directory);
        for (var attempt = 0; ; attempt++)
        {
            var baseName = partition.Names.Next(now.UtcDateTime);
            try
            {
                if (partition.Key.Format == FileStoreFormat.Jsonl)
                {
                    return JsonlPartitionFile.Create(partition.Directory, baseName, now, _encoder);
                }

                partition.Table ??= ParquetTable.Create(partition.Key.DataType);
                return await ParquetPartitionFile.CreateAsync(
                    partition.Directory, baseName, now, partition.Table, _options, _rowGroups, _encoder, cancellationToken);
            }
            catch (IOException) when (attempt < 10 && NameTaken(partition.Directory, baseName))
            {
                // Someone else wrote into the partition since it was scanned: take the next name.
            }
        }
    }

    private static bool NameTaken(string directory, string baseName) =>
        System.IO.Directory.EnumerateFiles(directory, baseName + ".*").Any();

    private void RollBackBatch()
    {
        foreach (var partition in _touched)
        {
            partition.Touched = false;
            var file = partition.File!;
            try
            {
                if (partition.OpenedInBatch)
                {
                    // Holds nothing accepted: leave no trace, or recovery would publish rows the caller will retry.
                    partition.File = null;
                    file.Discard();
                }
                else
                {
                    file.Rollback(partition.Checkpoint);
                }
            }
            catch (Exception ex)
            {
                FileStoreLog.RollbackFailed(_logger, ex, file.TemporaryPath);
                partition.File = null;
                file.Abandon();
                Statistics.FileFailed();
            }

            partition.OpenedInBatch = false;
        }

        _touched.Clear();
    }

    /// <summary>Closes files that are old enough, and files of past dates whose wait for late records is over.</summary>
    private async Task CloseDueFilesAsync(DateTimeOffset now)
    {
        var closedAny = false;
        foreach (var partition in _partitions.Values)
        {
            if (partition.File is { } file
                && (now - file.OpenedAt >= _options.RollInterval || (partition.CloseBy is { } closeBy && now >= closeBy)))
            {
                await CompleteAsync(partition);
                closedAny = true;
            }
        }

        if (closedAny)
        {
            ForgetClosedPartitions();
        }
    }

    /// <summary>Partitions of past dates with no open file are not needed any more (a late record makes a new one).</summary>
    private void ForgetClosedPartitions()
    {
        List<PartitionKey>? closed = null;
        foreach (var (key, partition) in _partitions)
        {
            if (partition.File is null && partition.CloseBy is not null)
            {
                (closed ??= []).Add(key);
            }
        }

        if (closed is null)
        {
            return;
        }

        foreach (var key in closed)
        {
            _partitions.Remove(key);
        }

        _lastPrimary = null;
        _lastDiverted = null;
    }

    /// <summary>Completes the partition's file; on failure leaves it for recovery. Returns whether it completed.</summary>
    private async Task<bool> CompleteAsync(Partition partition)
    {
        var file = partition.File!;
        partition.File = null;
        try
        {
            var rows = await file.CompleteAsync(CancellationToken.None);
            Statistics.FileCompleted();
            FileStoreLog.FileCompleted(_logger, file.FinalPath, rows);
            return true;
        }
        catch (Exception ex)
        {
            partition.File = file;
            Fail(partition, ex);
            return false;
        }
    }

    private void Fail(Partition partition, Exception exception)
    {
        var file = partition.File!;
        partition.File = null;
        var rows = file.Rows;
        file.Abandon();
        Statistics.FileFailed();
        if (file is ParquetPartitionFile { JournalPath: null })
        {
            FileStoreLog.FileFailedWithoutJournal(_logger, exception, file.TemporaryPath, rows);
        }
        else
        {
            FileStoreLog.FileFailed(
                _logger, exception, file.TemporaryPath, rows, file is ParquetPartitionFile parquet ? parquet.JournalPath! : file.TemporaryPath);
        }
    }
}

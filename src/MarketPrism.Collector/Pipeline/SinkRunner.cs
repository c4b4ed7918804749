using System.Diagnostics;
using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Logging;
using MarketPrism.Collector.Pipeline.Spool;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Core.Model;
using MarketPrism.Core.Sinks;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Collector.Pipeline;

/// <summary>
/// Feeds one sink from its own queue of batches, so a slow or failing sink holds back only itself.
/// <para>
/// Without a spool (the file store): the queue holds 256 batches; a failed write is retried with capped exponential
/// backoff until it succeeds or shutdown gives up, and once the queue is full the batcher waits.
/// </para>
/// <para>
/// With a spool (NATS, ClickHouse): batches go to memory while the sink keeps up. When its memory queue is full (the
/// sink is slower than the market) new batches go to the on-disk spool instead; when a write fails (the sink is
/// down) the failed batch and everything queued in memory move to the spool, ahead of what is already there. While
/// the spool holds anything, new batches are appended to it, and the sink is fed from it, oldest first, combining
/// consecutive batches into writes of up to <see cref="MaxWriteRecords"/> records (<see cref="MaxSpoolReadBytes"/>
/// spooled bytes); so order is kept and the batcher never waits (unless the spool is full and its policy is
/// <c>block</c>). At shutdown a sink that is down, or still behind when the deadline passes, leaves the rest in its
/// spool, and the next start delivers it first.
/// </para>
/// <para>
/// Leaving the spool: a write from the spool usually takes longer than the gap between two batches, so if new batches
/// kept going to the spool while it drained, it would never be empty when looked at, and the sink would stay on disk
/// for good. Instead, the read that takes everything left in the spool is the hand-off: from then on new batches go to
/// memory, behind that read (<see cref="_memoryAfterSpool"/>). When the read is delivered the spool is empty ("spool
/// drained" is logged once) and the sink is fed from memory again. If the read fails, or memory fills while it is
/// being written, the batches in memory are appended to the spool behind it and spooling resumes.
/// </para>
/// <para>
/// With a <see cref="WriteCadence"/> (ClickHouse): batches wait in memory until the interval since the last write
/// started has passed, then go in one write; <see cref="WriteCadence.MaxRecords"/> waiting records, or half the
/// memory queue, force the write early, so the wait never costs more memory than the queue already allows, and a
/// sink that cannot keep up spools exactly as without a cadence. Spool reads (a backlog) and shutdown do not wait.
/// </para>
/// </summary>
public sealed class SinkRunner : IDisposable
{
    /// <summary>Records per write when several waiting batches are combined (spooled sinks only).</summary>
    public const int MaxWriteRecords = 10_000;

    /// <summary>
    /// Spooled bytes read for one write at most (besides <see cref="MaxWriteRecords"/>), so big book snapshots cannot
    /// make one drain write take hundreds of megabytes of memory.
    /// </summary>
    public const long MaxSpoolReadBytes = 16L * 1024 * 1024;

    private const int QueueCapacity = 256;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    private readonly IRecordSink _sink;
    private readonly ICollectorTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly DiskSpool? _spool;
    private readonly WriteCadence? _cadence;
    private readonly int _maxWriteRecords;
    private readonly Lock _gate = new();
    private readonly Queue<IReadOnlyList<MarketRecord>> _memory = new();
    private readonly SemaphoreSlim _memorySpace = new(QueueCapacity, QueueCapacity);
    private readonly Doorbell _work = new();
    private readonly Doorbell _spoolSpace = new();
    private readonly CancellationTokenSource _addingCompleted = new();
    private long _memoryRecords;
    private bool _spooling;

    /// <summary>
    /// The write in progress took everything left in the spool, and the memory queue holds batches newer than it
    /// (not older, as when memory overflows to the spool): a failure appends them to the spool instead of prepending.
    /// </summary>
    private bool _memoryAfterSpool;
    private bool _completed;
    private bool _available = true;
    private long _unavailableSince;
    private long _lastWriteStarted;
    private bool _hasWritten;

    /// <param name="spool">
    /// Where this sink spools (<c>{directory}/{sink name}</c>), or null for no spool. The spool is opened here, and
    /// what a previous run left in it is delivered before anything new.
    /// </param>
    /// <param name="cadence">How often the sink wants writes, or null to write every batch as it comes.</param>
    public SinkRunner(IRecordSink sink, ICollectorTelemetry telemetry, ILogger logger, TimeProvider time, SpoolOptions? spool = null, WriteCadence? cadence = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (cadence is not null)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(cadence.Interval, TimeSpan.Zero);
            ArgumentOutOfRangeException.ThrowIfLessThan(cadence.MaxRecords, 1);
        }

        _cadence = cadence;
        _maxWriteRecords = Math.Max(MaxWriteRecords, cadence?.MaxRecords ?? 0);
        _sink = sink;
        _telemetry = telemetry;
        _logger = logger;
        _time = time;
        _telemetry.SinkRegistered(sink.Name);
        if (spool is { Enabled: true })
        {
            var directory = Path.GetFullPath(Path.Combine(spool.Directory, sink.Name));
            _spool = DiskSpool.Open(directory, spool.MaxSize.Bytes, spool.FullPolicy, OnSpoolDropped);
            if (_spool.DiscardedBytesOnOpen > 0)
            {
                CollectorLog.SpoolTornTail(_logger, Name, _spool.DiscardedBytesOnOpen, directory);
            }

            if (!_spool.IsEmpty)
            {
                _spooling = true;
                CollectorLog.SpoolFound(_logger, Name, directory, _spool.Records, _spool.Bytes);
            }

            ReportSpoolSize();
        }
    }

    public string Name => _sink.Name;

    /// <summary>Whether batches that cannot be written go to disk.</summary>
    public bool HasSpool => _spool is not null;

    /// <summary>Records handed to this sink and not yet written: in memory and in the spool.</summary>
    public long PendingRecords
    {
        get
        {
            lock (_gate)
            {
                return _memoryRecords + (_spool?.Records ?? 0);
            }
        }
    }

    /// <summary>Undelivered records in the spool (0 without one).</summary>
    public long SpooledRecords
    {
        get
        {
            lock (_gate)
            {
                return _spool?.Records ?? 0;
            }
        }
    }

    /// <summary>Bytes the spool takes on disk (0 without one).</summary>
    public long SpoolBytes
    {
        get
        {
            lock (_gate)
            {
                return _spool?.Bytes ?? 0;
            }
        }
    }

    /// <summary>Whether the last write succeeded (true before the first).</summary>
    public bool IsAvailable => Volatile.Read(ref _available);

    /// <summary>
    /// Hands a batch to this sink. Without a spool this waits while the memory queue is full; with one it returns at
    /// once (to memory or to disk), except under the <c>block</c> policy while the spool is full.
    /// </summary>
    public async ValueTask EnqueueAsync(IReadOnlyList<MarketRecord> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_spool is null)
        {
            await _memorySpace.WaitAsync(cancellationToken);
            lock (_gate)
            {
                _memory.Enqueue(batch);
                _memoryRecords += batch.Count;
            }

            _work.Ring();
            return;
        }

        if (batch.Count == 0)
        {
            return;
        }

        while (true)
        {
            lock (_gate)
            {
                if (!_spooling && _memory.Count < QueueCapacity)
                {
                    _memory.Enqueue(batch);
                    _memoryRecords += batch.Count;
                    _work.Ring();
                    return;
                }

                if (_memoryAfterSpool)
                {
                    // Memory filled up while the spool's last read was being written: back to the spool, in order.
                    MoveMemoryToSpool();
                }

                var result = _spool.Append(batch);
                if (result != SpoolAppendResult.Full)
                {
                    if (result == SpoolAppendResult.Appended)
                    {
                        _spooling = true;
                        _telemetry.BatchSpooled(Name, batch.Count);
                    }

                    ReportSpoolSize();
                    _work.Ring();
                    return;
                }
            }

            await _spoolSpace.WaitAsync(cancellationToken);
        }
    }

    /// <summary>No more batches will come; <see cref="RunAsync"/> returns once what is queued is written (or spooled).</summary>
    public void CompleteAdding()
    {
        lock (_gate)
        {
            _completed = true;
        }

        _work.Ring();
        // Cuts a spooled sink's retry backoff short. Asynchronously, so the runner never continues on the caller's thread.
        _ = _addingCompleted.CancelAsync();
    }

    /// <summary>
    /// Writes batches until adding is complete and everything is written, then flushes the sink.
    /// <paramref name="abort"/> is signalled only when shutdown's deadline has passed: a runner with a spool then
    /// moves what is left to it and returns; one without throws <see cref="OperationCanceledException"/> and what is
    /// left is reported by <see cref="PendingRecords"/>.
    /// </summary>
    public async Task RunAsync(CancellationToken abort)
    {
        var delay = FirstRetryDelay;
        var attempt = 0;
        Work? work = null;
        while (true)
        {
            if (work is null)
            {
                bool completed;
                var wait = TimeSpan.Zero;
                lock (_gate)
                {
                    wait = CadenceWait();
                    work = wait > TimeSpan.Zero ? null : TakeWork();
                    completed = _completed;
                }

                if (work is null)
                {
                    if (completed && wait <= TimeSpan.Zero)
                    {
                        break;
                    }

                    try
                    {
                        if (wait > TimeSpan.Zero)
                        {
                            // Waiting for the cadence: a new batch (or completion) rings and the wait is worked out again.
                            using var due = new CancellationTokenSource(wait, _time);
                            using var linked = CancellationTokenSource.CreateLinkedTokenSource(due.Token, abort);
                            try
                            {
                                await _work.WaitAsync(linked.Token);
                            }
                            catch (OperationCanceledException) when (!abort.IsCancellationRequested)
                            {
                                // The interval has passed.
                            }

                            continue;
                        }

                        // Without a spool, idling is not cut short: the batcher always completes this runner.
                        await _work.WaitAsync(_spool is null ? CancellationToken.None : abort);
                    }
                    catch (OperationCanceledException) when (_spool is not null)
                    {
                        StopToSpool(null, "the shutdown deadline passed");
                        return;
                    }

                    continue;
                }
            }

            var started = _time.GetTimestamp();
            _lastWriteStarted = started;
            _hasWritten = true;
            try
            {
                await _sink.WriteAsync(work.Records, abort);
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                if (_spool is null)
                {
                    throw;
                }

                StopToSpool(work, "the shutdown deadline passed");
                return;
            }
            catch (Exception ex)
            {
                attempt++;
                var failedRecords = work.Records.Count;
                _telemetry.SinkFailed(Name, failedRecords, attempt, ex);
                MarkUnavailable(ex);
                if (_spool is not null)
                {
                    bool stopping;
                    lock (_gate)
                    {
                        if (work.Read is null)
                        {
                            MoveMemoryToSpool();
                            work = null;
                        }
                        else if (_memoryAfterSpool)
                        {
                            // The hand-off read failed: the sink is down again, so what came meanwhile goes to disk behind it.
                            MoveMemoryToSpool();
                        }

                        stopping = _completed;
                    }

                    if (stopping)
                    {
                        // Shutting down with the sink failing: keep the rest for the next start instead of waiting.
                        StopToSpool(work, $"sink unavailable ({ex.Message})");
                        return;
                    }
                }

                LogFailure(failedRecords, attempt, ex, delay);
                try
                {
                    // A spooled sink that is down must not hold shutdown up for a whole backoff (up to 10 s): when
                    // adding completes it tries once more at once, and a failure then leaves the rest in the spool.
                    using var wake = _spool is null ? null : CancellationTokenSource.CreateLinkedTokenSource(abort, _addingCompleted.Token);
                    await Task.Delay(delay, _time, wake?.Token ?? abort);
                }
                catch (OperationCanceledException) when (_spool is not null && !abort.IsCancellationRequested)
                {
                    // Adding completed during the backoff: retry now.
                }
                catch (OperationCanceledException) when (_spool is not null)
                {
                    StopToSpool(work, "the shutdown deadline passed");
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
                continue;
            }

            _telemetry.BatchWritten(Name, work.Records.Count, _time.GetElapsedTime(started));
            Complete(work);
            work = null;
            attempt = 0;
            delay = FirstRetryDelay;
        }

        await _sink.FlushAsync(abort);
    }

    public void Dispose()
    {
        _spool?.Dispose();
        _memorySpace.Dispose();
        _addingCompleted.Dispose();
    }

    /// <summary>
    /// How long the memory queue's batches should still wait for the cadence (zero: write now). Never waits at
    /// shutdown, for a backlog in the spool, or once enough is waiting. Caller holds the gate.
    /// </summary>
    private TimeSpan CadenceWait()
    {
        if (_cadence is null || _completed || _memory.Count == 0 || _spooling || _memoryAfterSpool
            || _memoryRecords >= _cadence.MaxRecords || _memory.Count >= QueueCapacity / 2 || !_hasWritten)
        {
            return TimeSpan.Zero;
        }

        var remaining = _cadence.Interval - _time.GetElapsedTime(_lastWriteStarted);
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    /// <summary>The next write: the memory queue's batches first (older), else the spool's oldest. Caller holds the gate.</summary>
    private Work? TakeWork()
    {
        if (_memory.Count > 0)
        {
            if (_spool is null && _cadence is null)
            {
                var batch = _memory.Peek();
                return new Work(batch, 1, null);
            }

            // Combine waiting batches (they stay queued until written: a failure moves them to the spool).
            var first = _memory.Peek();
            if (_memory.Count == 1)
            {
                return new Work(first, 1, null);
            }

            var combined = new List<MarketRecord>();
            var batches = 0;
            foreach (var batch in _memory)
            {
                if (batches > 0 && combined.Count + batch.Count > _maxWriteRecords)
                {
                    break;
                }

                combined.AddRange(batch);
                batches++;
            }

            return new Work(combined, batches, null);
        }

        Debug.Assert(!_memoryAfterSpool, "the hand-off ends when its read is delivered or fails");
        if (_spool is not null && !_spool.IsEmpty)
        {
            var read = _spool.ReadOldest(MaxWriteRecords, MaxSpoolReadBytes);
            ReportSpoolSize();
            if (read is not null)
            {
                if (read.Frames == _spool.Batches)
                {
                    // This read takes everything spooled: the hand-off. New batches go to memory, behind it.
                    _spooling = false;
                    _memoryAfterSpool = true;
                }

                return new Work(read.Records, read.Frames, read);
            }
        }

        if (_spool is not null && _spooling && _spool.IsEmpty)
        {
            // Emptied other than by delivery (the full policy dropped the rest).
            MarkDrained();
        }

        return null;
    }

    /// <summary>The spool is empty and the sink is fed from memory again. Caller holds the gate.</summary>
    private void MarkDrained()
    {
        Debug.Assert(_spool is { IsEmpty: true }, "drained means empty");
        _spooling = false;
        _memoryAfterSpool = false;
        CollectorLog.SpoolDrained(_logger, Name);
    }

    private void Complete(Work work)
    {
        MarkAvailable();
        if (work.Read is { } read)
        {
            lock (_gate)
            {
                _spool!.Acknowledge(read);
                ReportSpoolSize();
                if (_spool.IsEmpty && (_memoryAfterSpool || _spooling))
                {
                    MarkDrained();
                }
                else if (_memoryAfterSpool)
                {
                    // Not expected (nothing is spooled during the hand-off), but if the spool still holds something,
                    // the newer batches in memory must stay behind it.
                    MoveMemoryToSpool();
                }
            }

            _telemetry.SpoolReplayed(Name, read.Records.Count);
            _spoolSpace.Ring();
            return;
        }

        lock (_gate)
        {
            for (var i = 0; i < work.Batches; i++)
            {
                _memoryRecords -= _memory.Dequeue().Count;
            }
        }

        if (_spool is null)
        {
            _memorySpace.Release(work.Batches);
        }
    }

    /// <summary>
    /// After a failed write from memory: the queued batches (the failed ones first) go in front of the spool, and the
    /// sink is fed from the spool from now on. During the hand-off (<see cref="_memoryAfterSpool"/>) they are newer than
    /// the spool's last read, so they go behind it instead. Caller holds the gate.
    /// </summary>
    private void MoveMemoryToSpool()
    {
        var after = _memoryAfterSpool;
        _memoryAfterSpool = false;
        if (_memory.Count == 0)
        {
            if (after)
            {
                _spooling = true;
            }

            return;
        }

        var batches = _memory.ToList();
        if (after)
        {
            _spool!.AppendAccepted(batches);
        }
        else
        {
            _spool!.Prepend(batches);
        }

        foreach (var batch in batches)
        {
            _telemetry.BatchSpooled(Name, batch.Count);
        }

        _memory.Clear();
        _memoryRecords = 0;
        _spooling = true;
        ReportSpoolSize();
    }

    /// <summary>Leaves everything undelivered in the spool and logs where it is.</summary>
    private void StopToSpool(Work? current, string reason)
    {
        lock (_gate)
        {
            MoveMemoryToSpool();
            if (current?.Read is { } read && !_spool!.Holds(read))
            {
                // The full policy deleted this read's segment while it was being delivered: it is not on disk any more.
                _spool.Prepend([read.Records]);
            }

            ReportSpoolSize();
            CollectorLog.SinkStoppedToSpool(_logger, Name, reason);
            if (!_spool!.IsEmpty)
            {
                CollectorLog.SpoolLeftForNextStart(_logger, Name, _spool.Records, _spool.Bytes, _spool.Directory);
            }
        }
    }

    private void MarkUnavailable(Exception error)
    {
        if (!_available)
        {
            return;
        }

        Volatile.Write(ref _available, false);
        _unavailableSince = _time.GetTimestamp();
        _telemetry.SinkAvailabilityChanged(Name, false, error.Message);
        CollectorLog.SinkUnavailable(_logger, Name, error.Message, _spool is null
            ? "retrying with backoff; the pipeline waits once its queue is full"
            : $"batches go to the spool {_spool.Directory} until it is back");
    }

    private void MarkAvailable()
    {
        if (_available)
        {
            return;
        }

        Volatile.Write(ref _available, true);
        _telemetry.SinkAvailabilityChanged(Name, true, null);
        CollectorLog.SinkAvailable(_logger, Name, _time.GetElapsedTime(_unavailableSince), SpooledRecords);
    }

    private void LogFailure(int records, int attempt, Exception error, TimeSpan delay)
    {
        if (error is SinkUnavailableException)
        {
            // An outage: expected, and already announced by SinkUnavailable; no stack trace per retry.
            CollectorLog.SinkWriteRetry(_logger, Name, records, attempt, error.Message, delay);
        }
        else
        {
            CollectorLog.SinkWriteFailed(_logger, Name, records, attempt, delay, error);
        }
    }

    private void OnSpoolDropped(long records, string reason)
    {
        _telemetry.SpoolDropped(Name, records, reason);
        CollectorLog.SpoolDropped(_logger, Name, records, reason);
    }

    private void ReportSpoolSize()
    {
        if (_spool is not null)
        {
            _telemetry.SpoolSizeChanged(Name, _spool.Records, _spool.Bytes);
        }
    }

    /// <summary>One write: records from <paramref name="Batches"/> queued batches, or from a spool read.</summary>
    private sealed record Work(IReadOnlyList<MarketRecord> Records, int Batches, SpoolRead? Read);
}

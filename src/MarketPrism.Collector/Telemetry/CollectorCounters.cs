using System.Collections.Concurrent;
using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Collector.Telemetry;

/// <summary>
/// Process-wide totals kept with interlocked counters: cheap enough for the hot path, read by the periodic status
/// line and by tests. Prometheus metrics and health are separate telemetry implementations.
/// </summary>
public sealed class CollectorCounters : ICollectorTelemetry
{
    private long _frames;
    private long _accepted;
    private long _duplicates;
    private long _dropped;
    private long _failedFrames;
    private long _ignoredFrames;
    private long _resyncs;
    private long _booksSynced;
    private long _sequenceGaps;
    private long _written;
    private long _sinkFailures;
    private long _restRequests;
    private long _restFailures;
    private long _reconnects;
    private long _restRetries;
    private long _restBlocks;
    private long _jobRuns;
    private long _streamStalls;
    private long _jobFailures;
    private long _spooled;
    private long _spoolReplayed;
    private long _spoolDropped;
    private long _sinkOutages;
    private readonly ConcurrentDictionary<string, SinkGauges> _sinks = new(StringComparer.Ordinal);

    public long Frames => Interlocked.Read(ref _frames);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long FailedFrames => Interlocked.Read(ref _failedFrames);

    public long IgnoredFrames => Interlocked.Read(ref _ignoredFrames);

    public long Resyncs => Interlocked.Read(ref _resyncs);

    /// <summary>Books synchronized, each resync's recovery counted again (bench-e2e's progress and warm-up use it).</summary>
    public long BooksSynced => Interlocked.Read(ref _booksSynced);

    public long SequenceGaps => Interlocked.Read(ref _sequenceGaps);

    public long Written => Interlocked.Read(ref _written);

    public long SinkFailures => Interlocked.Read(ref _sinkFailures);

    public long RestRequests => Interlocked.Read(ref _restRequests);

    public long RestFailures => Interlocked.Read(ref _restFailures);

    public long Reconnects => Interlocked.Read(ref _reconnects);

    public long RestRetries => Interlocked.Read(ref _restRetries);

    public long RestBlocks => Interlocked.Read(ref _restBlocks);

    public long JobRuns => Interlocked.Read(ref _jobRuns);

    public long StreamStalls => Interlocked.Read(ref _streamStalls);

    public long JobFailures => Interlocked.Read(ref _jobFailures);

    /// <summary>Records written to a spool (all sinks).</summary>
    public long SpooledRecords => Interlocked.Read(ref _spooled);

    /// <summary>Spooled records delivered (all sinks).</summary>
    public long ReplayedRecords => Interlocked.Read(ref _spoolReplayed);

    /// <summary>Records a spool discarded by its full policy or because of damage (all sinks).</summary>
    public long SpoolDroppedRecords => Interlocked.Read(ref _spoolDropped);

    /// <summary>Times a sink became unavailable.</summary>
    public long SinkOutages => Interlocked.Read(ref _sinkOutages);

    /// <summary>Undelivered records in the spool of <paramref name="sink"/> (0 for a sink without one).</summary>
    public long SpoolRecords(string sink) => _sinks.TryGetValue(sink, out var gauges) ? Interlocked.Read(ref gauges.Records) : 0;

    /// <summary>Bytes the spool of <paramref name="sink"/> takes on disk.</summary>
    public long SpoolBytes(string sink) => _sinks.TryGetValue(sink, out var gauges) ? Interlocked.Read(ref gauges.Bytes) : 0;

    /// <summary>Whether the last write to <paramref name="sink"/> succeeded (true before the first).</summary>
    public bool IsSinkAvailable(string sink) => !_sinks.TryGetValue(sink, out var gauges) || Volatile.Read(ref gauges.Available);

    public IFeedTelemetry ForFeed(FeedInfo feed) => new FeedCounters(this);

    public void RecordDropped(MarketRecord record) => Interlocked.Increment(ref _dropped);

    public void BatchWritten(string sink, int records, TimeSpan elapsed) => Interlocked.Add(ref _written, records);

    public void SinkFailed(string sink, int records, int attempt, Exception error) => Interlocked.Increment(ref _sinkFailures);

    public void JobRegistered(string job, TimeSpan typicalInterval)
    {
    }

    public void JobCompleted(string job, Scheduling.JobResult result, TimeSpan duration)
    {
        Interlocked.Increment(ref _jobRuns);
        if (!result.Succeeded)
        {
            Interlocked.Increment(ref _jobFailures);
        }
    }

    public void JobSkipped(string job, int occurrences)
    {
    }

    public void BatchSpooled(string sink, int records) => Interlocked.Add(ref _spooled, records);

    public void SpoolReplayed(string sink, int records) => Interlocked.Add(ref _spoolReplayed, records);

    public void SpoolDropped(string sink, long records, string reason) => Interlocked.Add(ref _spoolDropped, records);

    public void SpoolSizeChanged(string sink, long records, long bytes)
    {
        var gauges = _sinks.GetOrAdd(sink, static _ => new SinkGauges());
        Interlocked.Exchange(ref gauges.Records, records);
        Interlocked.Exchange(ref gauges.Bytes, bytes);
    }

    public void SinkAvailabilityChanged(string sink, bool available, string? reason)
    {
        Volatile.Write(ref _sinks.GetOrAdd(sink, static _ => new SinkGauges()).Available, available);
        if (!available)
        {
            Interlocked.Increment(ref _sinkOutages);
        }
    }

    private sealed class SinkGauges
    {
        public long Records;
        public long Bytes;
        public bool Available = true;
    }

    private sealed class FeedCounters(CollectorCounters totals) : IFeedTelemetry
    {
        public void FrameProcessed(int records) => Interlocked.Increment(ref totals._frames);

        public void RecordAccepted(MarketRecord record, TimeSpan sinceReceived) => Interlocked.Increment(ref totals._accepted);

        public void RecordDuplicate(MarketRecord record) => Interlocked.Increment(ref totals._duplicates);

        public void FrameFailed(FrameFailure failure, string reason) => Interlocked.Increment(ref totals._failedFrames);

        public void FrameIgnored() => Interlocked.Increment(ref totals._ignoredFrames);

        public void ConnectionStateChanged(string connectionId, ConnectionState state, int streams, string? reason, ErrorType? error = ErrorType.Network)
        {
            if (state == ConnectionState.Reconnecting)
            {
                Interlocked.Increment(ref totals._reconnects);
            }
        }

        public void BookResynced(Instrument instrument, ResyncReason reason, string detail) => Interlocked.Increment(ref totals._resyncs);

        public void BookSynced(Instrument instrument, long updateId) => Interlocked.Increment(ref totals._booksSynced);

        public void SequenceGap(Instrument instrument, DataType dataType, long missing, string detail) => Interlocked.Increment(ref totals._sequenceGaps);

        public void RestRequestCompleted(string endpoint, int statusCode, TimeSpan elapsed) => Interlocked.Increment(ref totals._restRequests);

        public void RestRequestFailed(string endpoint, ErrorType error, string reason) => Interlocked.Increment(ref totals._restFailures);

        public void RestRateLimiterWaited(TimeSpan waited)
        {
        }

        public void RestRetrying(string endpoint, int attempt, TimeSpan delay, string reason) => Interlocked.Increment(ref totals._restRetries);

        public void RestBlocked(int status, TimeSpan duration) => Interlocked.Increment(ref totals._restBlocks);

        public void CircuitStateChanged(string endpoint, Polly.CircuitBreaker.CircuitState state)
        {
        }

        public void StreamStalled(Instrument instrument, DataType dataType, TimeSpan silence, bool escalated) =>
            Interlocked.Increment(ref totals._streamStalls);
    }
}

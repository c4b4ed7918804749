using System.Collections.Concurrent;
using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Collector.Telemetry;

/// <summary>
/// Process-wide totals kept with interlocked counters: cheap enough for the hot path, read by the periodic status
/// line and by tests. Prometheus metrics are a separate telemetry implementation.
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
    private long _sequenceGaps;
    private long _written;
    private long _sinkFailures;
    private long _restRequests;
    private long _restFailures;
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

    public long SequenceGaps => Interlocked.Read(ref _sequenceGaps);

    public long Written => Interlocked.Read(ref _written);

    public long SinkFailures => Interlocked.Read(ref _sinkFailures);

    public long RestRequests => Interlocked.Read(ref _restRequests);

    public long RestFailures => Interlocked.Read(ref _restFailures);

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

    public void FrameProcessed(string exchange, MarketType market, int records, TimeSpan processing) => Interlocked.Increment(ref _frames);

    public void RecordAccepted(MarketRecord record) => Interlocked.Increment(ref _accepted);

    public void RecordDuplicate(MarketRecord record) => Interlocked.Increment(ref _duplicates);

    public void RecordDropped(MarketRecord record) => Interlocked.Increment(ref _dropped);

    public void FrameFailed(string exchange, MarketType market, string reason) => Interlocked.Increment(ref _failedFrames);

    public void FrameIgnored(string exchange, MarketType market) => Interlocked.Increment(ref _ignoredFrames);

    public void ConnectionStateChanged(string exchange, MarketType market, string connectionId, ConnectionState state, string? reason)
    {
    }

    public void BookResynced(Instrument instrument, ResyncReason reason, string detail) => Interlocked.Increment(ref _resyncs);

    public void BookSynced(Instrument instrument, long updateId)
    {
    }

    public void SequenceGap(Instrument instrument, DataType dataType, long missing, string detail) => Interlocked.Increment(ref _sequenceGaps);

    public void RestRequestCompleted(string exchange, string endpoint, int statusCode, TimeSpan elapsed) => Interlocked.Increment(ref _restRequests);

    public void RestRequestFailed(string exchange, string endpoint, string error) => Interlocked.Increment(ref _restFailures);

    public void BatchWritten(string sink, int records, TimeSpan elapsed) => Interlocked.Add(ref _written, records);

    public void SinkFailed(string sink, int records, int attempt, Exception error) => Interlocked.Increment(ref _sinkFailures);

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
}

using MarketPrism.Collector.Telemetry;
using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Collector.Benchmarking;

/// <summary>The collector's own counters, plus how many books are in sync (progress and warm-up need it).</summary>
internal sealed class BenchTelemetry(CollectorCounters counters) : ICollectorTelemetry
{
    private long _booksSynced;

    public CollectorCounters Counters => counters;

    /// <summary>Books synchronized, counting every resync's recovery again.</summary>
    public long BooksSynced => Interlocked.Read(ref _booksSynced);

    public void FrameProcessed(string exchange, MarketType market, int records, TimeSpan processing) =>
        counters.FrameProcessed(exchange, market, records, processing);

    public void RecordAccepted(MarketRecord record) => counters.RecordAccepted(record);

    public void RecordDuplicate(MarketRecord record) => counters.RecordDuplicate(record);

    public void RecordDropped(MarketRecord record) => counters.RecordDropped(record);

    public void FrameFailed(string exchange, MarketType market, string reason) => counters.FrameFailed(exchange, market, reason);

    public void FrameIgnored(string exchange, MarketType market) => counters.FrameIgnored(exchange, market);

    public void ConnectionStateChanged(string exchange, MarketType market, string connectionId, ConnectionState state, string? reason) =>
        counters.ConnectionStateChanged(exchange, market, connectionId, state, reason);

    public void BookResynced(Instrument instrument, ResyncReason reason, string detail) => counters.BookResynced(instrument, reason, detail);

    public void BookSynced(Instrument instrument, long updateId)
    {
        Interlocked.Increment(ref _booksSynced);
        counters.BookSynced(instrument, updateId);
    }

    public void SequenceGap(Instrument instrument, DataType dataType, long missing, string detail) =>
        counters.SequenceGap(instrument, dataType, missing, detail);

    public void RestRequestCompleted(string exchange, string endpoint, int statusCode, TimeSpan elapsed) =>
        counters.RestRequestCompleted(exchange, endpoint, statusCode, elapsed);

    public void RestRequestFailed(string exchange, string endpoint, string error) => counters.RestRequestFailed(exchange, endpoint, error);

    public void BatchWritten(string sink, int records, TimeSpan elapsed) => counters.BatchWritten(sink, records, elapsed);

    public void SinkFailed(string sink, int records, int attempt, Exception error) => counters.SinkFailed(sink, records, attempt, error);
}

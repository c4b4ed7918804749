using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Collector.Telemetry;

/// <summary>
/// Everything the runtime reports about itself. One implementation feeds logs and counters; the metrics issue adds
/// Prometheus behind the same calls. Implementations must be cheap and thread-safe: several are on the hot path.
/// </summary>
public interface ICollectorTelemetry
{
    /// <summary>A frame was received and handled; <paramref name="records"/> records came out of it.</summary>
    void FrameProcessed(string exchange, MarketType market, int records, TimeSpan processing);

    /// <summary>A record was handed to the pipeline.</summary>
    void RecordAccepted(MarketRecord record);

    /// <summary>A record was suppressed as a copy of one already handed on (connection overlap, reconnect).</summary>
    void RecordDuplicate(MarketRecord record);

    /// <summary>The channel was full and the configured drop policy discarded a record.</summary>
    void RecordDropped(MarketRecord record);

    /// <summary>A frame could not be parsed or was rejected.</summary>
    void FrameFailed(string exchange, MarketType market, string reason);

    /// <summary>A frame of a stream the collector does not normalize (e.g. klines).</summary>
    void FrameIgnored(string exchange, MarketType market);

    void ConnectionStateChanged(string exchange, MarketType market, string connectionId, ConnectionState state, string? reason);

    void BookResynced(Instrument instrument, ResyncReason reason, string detail);

    void BookSynced(Instrument instrument, long updateId);

    /// <summary>Ids of a contiguous stream jumped: <paramref name="missing"/> records were never received.</summary>
    void SequenceGap(Instrument instrument, DataType dataType, long missing, string detail);

    void RestRequestCompleted(string exchange, string endpoint, int statusCode, TimeSpan elapsed);

    void RestRequestFailed(string exchange, string endpoint, string error);

    void BatchWritten(string sink, int records, TimeSpan elapsed);

    void SinkFailed(string sink, int records, int attempt, Exception error);

    /// <summary>A batch for <paramref name="sink"/> went to its on-disk spool instead of straight to the sink.</summary>
    void BatchSpooled(string sink, int records);

    /// <summary>Spooled records were delivered to <paramref name="sink"/>.</summary>
    void SpoolReplayed(string sink, int records);

    /// <summary>
    /// The spool of <paramref name="sink"/> discarded <paramref name="records"/> records: its full policy, or damage
    /// on disk, as <paramref name="reason"/> says. These records never reach that sink.
    /// </summary>
    void SpoolDropped(string sink, long records, string reason);

    /// <summary>The spool of <paramref name="sink"/> now holds <paramref name="records"/> undelivered records in <paramref name="bytes"/> bytes on disk.</summary>
    void SpoolSizeChanged(string sink, long records, long bytes);

    /// <summary>
    /// <paramref name="sink"/> became unavailable (a write failed; <paramref name="reason"/> says why) or available
    /// again (a write succeeded). Every sink starts out available.
    /// </summary>
    void SinkAvailabilityChanged(string sink, bool available, string? reason);
}

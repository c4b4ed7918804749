using MarketPrism.Core.Model;

namespace MarketPrism.Collector.Telemetry;

/// <summary>
/// Everything the runtime reports about itself. Hot-path events go through the per-feed <see cref="IFeedTelemetry"/>
/// returned by <see cref="ForFeed"/>, which resolves its labels once; implementations must be cheap and thread-safe.
/// </summary>
public interface ICollectorTelemetry
{
    /// <summary>Telemetry for one exchange market; called once per feed at start.</summary>
    IFeedTelemetry ForFeed(FeedInfo feed);

    /// <summary>The channel was full and the configured drop policy discarded a record.</summary>
    void RecordDropped(MarketRecord record);

    /// <summary>
    /// <paramref name="sink"/> is configured and will receive batches; called once per sink at start, before any
    /// other sink event. Counters start from it, so a sink's first failure is an increase from zero.
    /// </summary>
    void SinkRegistered(string sink)
    {
    }

    void BatchWritten(string sink, int records, TimeSpan elapsed);

    void SinkFailed(string sink, int records, int attempt, Exception error);

    /// <summary>A scheduler job will run about every <paramref name="typicalInterval"/>.</summary>
    void JobRegistered(string job, TimeSpan typicalInterval);

    /// <summary>One run of a scheduler job ended.</summary>
    void JobCompleted(string job, Scheduling.JobResult result, TimeSpan duration);

    /// <summary>A run outlasted its interval, so <paramref name="occurrences"/> runs were skipped rather than overlapped.</summary>
    void JobSkipped(string job, int occurrences);

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

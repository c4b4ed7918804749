namespace MarketPrism.Collector.Configuration;

/// <summary>How REST requests are timed out, retried and circuit-broken (config section <c>rest</c>).</summary>
public sealed class RestOptions
{
    /// <summary>Time one attempt may take. Default: 10s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after a network error, a timeout, a 5xx or a 429 (never after another 4xx or a 418). Default: 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; it doubles per retry up to <see cref="RetryMaxDelay"/>, with full jitter. Default: 1s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of a retry delay (a 429's Retry-After is honoured even when longer). Default: 30s.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An endpoint's circuit opens when at least this share of its recent requests failed. Default: 0.5.</summary>
    public decimal CircuitFailureRatio { get; set; } = 0.5m;

    /// <summary>Requests in the sampling window (30 s) before the circuit may open. Default: 5.</summary>
    public int CircuitMinimumThroughput { get; set; } = 5;

    /// <summary>How long an open circuit rejects requests before one probe is let through. Default: 30s.</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}

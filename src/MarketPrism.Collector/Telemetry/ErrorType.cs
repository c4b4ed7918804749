namespace MarketPrism.Collector.Telemetry;

/// <summary>
/// The plan's error categories, the <c>error_type</c> label of <c>marketprism_errors_total</c>. Every failure is
/// put in exactly one of them by <see cref="ErrorClassifier"/>.
/// </summary>
public enum ErrorType : byte
{
    /// <summary>The network failed: a connection dropped or could not be opened, a request timed out.</summary>
    Network,

    /// <summary>The venue answered with an error: a rejected subscription, an HTTP 4xx/5xx other than rate limits.</summary>
    Api,

    /// <summary>The venue is limiting us: HTTP 429 or a 418 ban.</summary>
    RateLimited,

    /// <summary>A message could not be understood: malformed frame, bad body, crossed book.</summary>
    Data,

    /// <summary>A sequence broke: a book update or trade id did not continue the previous one.</summary>
    SequenceGap,

    /// <summary>A sink failed to accept a batch.</summary>
    Sink,

    /// <summary>Anything else.</summary>
    Unknown,
}

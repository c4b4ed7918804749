using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Collector.Telemetry;

/// <summary>Events of one exchange market. The first five are on the hot path.</summary>
public interface IFeedTelemetry
{
    /// <summary>A data frame was received and handled.</summary>
    void FrameProcessed(int records);

    /// <summary>A record was handed to the pipeline, <paramref name="sinceReceived"/> after its frame or response arrived.</summary>
    void RecordAccepted(MarketRecord record, TimeSpan sinceReceived);

    /// <summary>A record was suppressed as a copy of one already handed on (connection overlap, reconnect).</summary>
    void RecordDuplicate(MarketRecord record);

    /// <summary>A frame produced no records because it failed.</summary>
    void FrameFailed(FrameFailure failure, string reason);

    /// <summary>A frame of a stream the collector does not normalize (e.g. klines).</summary>
    void FrameIgnored();

    /// <summary>
    /// A connection changed state. A <see cref="ConnectionState.Reconnecting"/> change counts <paramref name="error"/>
    /// (a dropped or refused connection is a network error), or nothing when the cause was already counted (the
    /// collector dropped the connection over a frame it refused).
    /// </summary>
    void ConnectionStateChanged(string connectionId, ConnectionState state, int streams, string? reason, ErrorType? error = ErrorType.Network);

    void BookResynced(Instrument instrument, ResyncReason reason, string detail);

    void BookSynced(Instrument instrument, long updateId);

    /// <summary>Ids of a contiguous stream jumped: <paramref name="missing"/> records were never received.</summary>
    void SequenceGap(Instrument instrument, DataType dataType, long missing, string detail);

    /// <summary>
    /// A book update was applied although <paramref name="skipped"/> update ids before it never arrived, because the
    /// venue may skip ids on that stream (Bybit's depth topics under <c>book_continuity: lenient</c>).
    /// </summary>
    void BookUpdateIdsSkipped(Instrument instrument, long skipped)
    {
    }

    void RestRequestCompleted(string endpoint, int statusCode, TimeSpan elapsed);

    /// <summary>A request failed without a usable answer, or its answer could not be used.</summary>
    void RestRequestFailed(string endpoint, ErrorType error, string reason);

    /// <summary>The local rate limiter made a request wait.</summary>
    void RestRateLimiterWaited(TimeSpan waited);

    /// <summary>A failed REST attempt is retried (<paramref name="attempt"/> is the retry's number, from 1).</summary>
    void RestRetrying(string endpoint, int attempt, TimeSpan delay, string reason);

    /// <summary>The exchange told us to stop (429 for a while, 418 ban): every request to it waits <paramref name="duration"/>.</summary>
    void RestBlocked(int status, TimeSpan duration);

    /// <summary>A stream went silent for far longer than its usual gap while its connection stayed up.</summary>
    void StreamStalled(Instrument instrument, DataType dataType, TimeSpan silence, bool escalated);

    /// <summary>An endpoint's circuit breaker changed state.</summary>
    void CircuitStateChanged(string endpoint, Polly.CircuitBreaker.CircuitState state);
}

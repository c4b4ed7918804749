namespace MarketPrism.Collector.Rest;

/// <summary>One HTTP answer, read whole, as the resilience pipeline sees it.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="Body">The body.</param>
/// <param name="RetryAfter">The server's <c>Retry-After</c>, when it sent one.</param>
/// <param name="ReceivedAt">Arrival time (UTC).</param>
/// <param name="ReceivedTimestamp">Arrival as a <see cref="TimeProvider"/> timestamp.</param>
internal sealed record RestAttempt(int Status, byte[] Body, TimeSpan? RetryAfter, DateTime ReceivedAt, long ReceivedTimestamp)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>Server errors and overload are worth another try; other 4xx (and a 418 ban) are not.</summary>
    public bool IsTransient => Status is >= 500 or 429;
}

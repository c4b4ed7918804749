namespace MarketPrism.Collector.Connections;

/// <summary>
/// Exponential backoff with full jitter: the n-th consecutive failure waits a uniformly random time in
/// [0, min(max, base x 2^n)], which spreads reconnect storms of many clients. <see cref="Reset"/> after a success
/// (the plan: "the failure count reset on success").
/// </summary>
public sealed class ExponentialBackoff(TimeSpan baseDelay, TimeSpan maxDelay, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    public int Failures { get; private set; }

    /// <summary>The ceiling of the next delay before jitter.</summary>
    public TimeSpan NextCeiling => TimeSpan.FromTicks((long)Math.Min(maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, Failures)));

    public TimeSpan NextDelay()
    {
        var ceiling = NextCeiling;
        Failures++;
        return TimeSpan.FromTicks((long)(_random.NextDouble() * ceiling.Ticks));
    }

    public void Reset() => Failures = 0;
}

namespace MarketPrism.Collector.Rest;

/// <summary>
/// Holds every REST request to one exchange while the exchange has told us to stop: after a 429 for its
/// <c>Retry-After</c>, after a 418 (an IP ban) until the ban ends. Shared by all markets of the exchange in the
/// process, because a ban is per IP, not per endpoint.
/// </summary>
public sealed class ExchangeRestGate(TimeProvider time)
{
    private long _pausedUntilTicks;
    private long _bannedUntilTicks;

    /// <summary>When requests may resume; null when they may go now.</summary>
    public DateTimeOffset? BlockedUntil
    {
        get
        {
            var until = Math.Max(Interlocked.Read(ref _pausedUntilTicks), Interlocked.Read(ref _bannedUntilTicks));
            return until > time.GetUtcNow().UtcTicks ? new DateTimeOffset(until, TimeSpan.Zero) : null;
        }
    }

    /// <summary>True while a 418 ban is in force.</summary>
    public bool IsBanned => Interlocked.Read(ref _bannedUntilTicks) > time.GetUtcNow().UtcTicks;

    /// <summary>Holds requests for <paramref name="duration"/> (429 Retry-After).</summary>
    public void Pause(TimeSpan duration) => Extend(ref _pausedUntilTicks, time.GetUtcNow().UtcTicks + duration.Ticks);

    /// <summary>Holds requests until <paramref name="until"/> (418 ban).</summary>
    public void Ban(DateTimeOffset until) => Extend(ref _bannedUntilTicks, until.UtcTicks);

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (BlockedUntil is { } until)
        {
            await Task.Delay(until - time.GetUtcNow(), time, cancellationToken);
        }
    }

    private static void Extend(ref long field, long until)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref field);
            if (current >= until)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref field, until, current) != current);
    }
}

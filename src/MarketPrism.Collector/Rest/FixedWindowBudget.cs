namespace MarketPrism.Collector.Rest;

/// <summary>
/// A budget of units per fixed window aligned to the UTC clock (whole minutes, whole seconds), the way Binance
/// counts request weight: <c>X-MBX-USED-WEIGHT-1M</c> is the weight used in the current calendar minute. A request
/// takes its units or waits for the next window; <see cref="Observe"/> raises the count to what the server reports,
/// so a collector that restarted mid-window (or shares the IP with another client) never overspends.
/// Written against <see cref="TimeProvider"/> so its accounting is testable with a fake clock, which the BCL's
/// token-bucket limiters are not.
/// </summary>
public sealed class FixedWindowBudget
{
    /// <summary>Waiting a little past the boundary absorbs clock skew against the server.</summary>
    private static readonly TimeSpan BoundaryMargin = TimeSpan.FromMilliseconds(50);

    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private long _windowStartTicks;
    private int _used;

    public FixedWindowBudget(int limit, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        Limit = limit;
        _window = window;
        _time = time;
    }

    public int Limit { get; }

    /// <summary>Units used in the current window.</summary>
    public int Used
    {
        get
        {
            lock (_lock)
            {
                Roll();
                return _used;
            }
        }
    }

    /// <summary>Takes <paramref name="units"/> (capped at the limit), waiting for later windows as needed; returns the time waited.</summary>
    public async ValueTask<TimeSpan> AcquireAsync(int units, CancellationToken cancellationToken)
    {
        units = Math.Clamp(units, 1, Limit);
        var started = _time.GetTimestamp();
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                Roll();
                if (_used + units <= Limit)
                {
                    _used += units;
                    return _time.GetElapsedTime(started);
                }

                wait = TimeSpan.FromTicks(_windowStartTicks + _window.Ticks - _time.GetUtcNow().UtcTicks) + BoundaryMargin;
            }

            await Task.Delay(wait, _time, cancellationToken);
        }
    }

    /// <summary>The server says <paramref name="used"/> units of the current window are spent: never count fewer.</summary>
    public void Observe(int used)
    {
        lock (_lock)
        {
            Roll();
            _used = Math.Max(_used, used);
        }
    }

    private void Roll()
    {
        var now = _time.GetUtcNow().UtcTicks;
        var start = now - (now % _window.Ticks);
        if (start != _windowStartTicks)
        {
            _windowStartTicks = start;
            _used = 0;
        }
    }
}

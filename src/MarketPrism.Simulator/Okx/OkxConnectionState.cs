namespace MarketPrism.Simulator.Okx;

/// <summary>
/// What the OKX venue tracks per connection: when something was last pushed (OKX closes a connection with nothing
/// pushed for 30 s) and the subscribe/unsubscribe requests of the last hour (OKX allows 480).
/// </summary>
internal sealed class OkxConnectionState(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Queue<long> _requests = new();
    private long _lastPushAt = time.GetTimestamp();
    private long _framesSeen;

    public string ConnectionId { get; init; } = "";

    /// <summary>A reply (an acknowledgement, a pong) went out.</summary>
    public void Pushed() => Interlocked.Exchange(ref _lastPushAt, time.GetTimestamp());

    /// <summary>How long nothing has been pushed, counting stream frames sent since the last check.</summary>
    public TimeSpan SilentFor(long framesSent)
    {
        if (Interlocked.Exchange(ref _framesSeen, framesSent) != framesSent)
        {
            Pushed();
        }

        return time.GetElapsedTime(Interlocked.Read(ref _lastPushAt));
    }

    /// <summary>Counts a subscribe or unsubscribe request; false when it would exceed <paramref name="perHour"/>.</summary>
    public bool TryCountRequest(int perHour)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            while (_requests.TryPeek(out var oldest) && time.GetElapsedTime(oldest, now) >= TimeSpan.FromHours(1))
            {
                _requests.Dequeue();
            }

            if (_requests.Count >= perHour)
            {
                return false;
            }

            _requests.Enqueue(now);
            return true;
        }
    }
}

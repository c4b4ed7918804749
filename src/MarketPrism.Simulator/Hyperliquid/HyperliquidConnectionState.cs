namespace MarketPrism.Simulator.Hyperliquid;

/// <summary>
/// When the server last sent a connection anything: Hyperliquid "will close any connection if it hasn't sent a message
/// to it in the last 60 seconds" (docs, "Timeouts and heartbeats"), so pushes, acknowledgements and pongs all count.
/// </summary>
internal sealed class HyperliquidConnectionState(TimeProvider time)
{
    private long _lastSentAt = time.GetTimestamp();
    private long _framesSeen;

    /// <summary>A reply (an acknowledgement, an error, a pong) went out.</summary>
    public void Sent() => Interlocked.Exchange(ref _lastSentAt, time.GetTimestamp());

    /// <summary>How long the server has sent nothing, counting the stream frames sent since the last check.</summary>
    public TimeSpan SilentFor(long framesSent)
    {
        if (Interlocked.Exchange(ref _framesSeen, framesSent) != framesSent)
        {
            Sent();
        }

        return time.GetElapsedTime(Interlocked.Read(ref _lastSentAt));
    }
}

/// <summary>
/// The messages one client address sent over all its connections in the last minute: Hyperliquid allows "2000 messages
/// sent to Hyperliquid per minute across all websocket connections". The simulator's clients share one address.
/// </summary>
internal sealed class HyperliquidMessageBudget(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Lock _gate = new();
    private readonly Queue<long> _stamps = new();

    /// <summary>Counts a message; false when it would be more than <paramref name="perMinute"/> within a sliding minute.</summary>
    public bool TryCount(int perMinute)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            while (_stamps.TryPeek(out var oldest) && time.GetElapsedTime(oldest, now) >= Window)
            {
                _stamps.Dequeue();
            }

            if (_stamps.Count >= perMinute)
            {
                return false;
            }

            _stamps.Enqueue(now);
            return true;
        }
    }
}

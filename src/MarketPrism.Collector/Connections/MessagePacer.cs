namespace MarketPrism.Collector.Connections;

/// <summary>
/// Spaces the messages a client sends on one connection so it never exceeds the venue's incoming-message limit
/// (Binance spot: 5 per second, and a client over it is disconnected). Every send of a connection goes through one
/// pacer: subscriptions, unsubscriptions, keep-alives, heartbeat replies.
/// </summary>
public sealed class MessagePacer : IDisposable
{
    /// <summary>Kept below the limit: the socket's own pongs count too on some venues.</summary>
    private const double Margin = 0.8;

    private readonly TimeSpan _spacing;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private long _nextAllowed;

    public MessagePacer(double maxMessagesPerSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxMessagesPerSecond);
        _spacing = TimeSpan.FromSeconds(1 / (maxMessagesPerSecond * Margin));
        _time = time;
    }

    /// <summary>Waits until sending another message keeps the connection within its limit, then reserves the slot.</summary>
    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetTimestamp();
            if (_nextAllowed > now)
            {
                await Task.Delay(_time.GetElapsedTime(now, _nextAllowed), _time, cancellationToken);
                now = _time.GetTimestamp();
            }

            _nextAllowed = now + (long)(_spacing.TotalSeconds * _time.TimestampFrequency);
        }
        finally
        {
            _turn.Release();
        }
    }

    public void Dispose() => _turn.Dispose();
}

namespace MarketPrism.Simulator.Engine;

/// <summary>
/// Counts a connection's incoming messages over a sliding one-second window: the message that would make
/// <c>limit + 1</c> within one second is refused. Used by the connection's single receive loop only.
/// </summary>
internal sealed class MessageRateWindow
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly TimeProvider _time;
    private readonly long[] _stamps;
    private int _next;
    private int _count;

    public MessageRateWindow(int limit, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        _time = time;
        _stamps = new long[limit];
    }

    public int Limit => _stamps.Length;

    public bool TryAcquire()
    {
        var now = _time.GetTimestamp();
        if (_count == _stamps.Length)
        {
            // _next is the oldest of the last `limit` messages.
            if (_time.GetElapsedTime(_stamps[_next], now) < Window)
            {
                return false;
            }
        }
        else
        {
            _count++;
        }

        _stamps[_next] = now;
        _next = (_next + 1) % _stamps.Length;
        return true;
    }
}

namespace MarketPrism.Simulator.Engine;

/// <summary>The refuse fault: WebSocket upgrades to a venue fail until a deadline.</summary>
internal sealed class ConnectionRefusal
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private DateTimeOffset _until;
    private int _status;
    private long _refused;

    public ConnectionRefusal(TimeProvider time) => _time = time;

    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Refuse upgrades for <paramref name="duration"/> with HTTP <paramref name="status"/>, or by resetting the TCP connection when 0.</summary>
    public DateTimeOffset Refuse(TimeSpan duration, int status)
    {
        lock (_gate)
        {
            _until = _time.GetUtcNow() + duration;
            _status = status;
            return _until;
        }
    }

    public bool ShouldRefuse(out int status)
    {
        lock (_gate)
        {
            status = _status;
            if (_time.GetUtcNow() >= _until)
            {
                return false;
            }

            _refused++;
            return true;
        }
    }
}

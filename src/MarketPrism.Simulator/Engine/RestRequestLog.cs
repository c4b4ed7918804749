namespace MarketPrism.Simulator.Engine;

/// <summary>Every REST request the venues answered (the newest 10 000 kept), for <c>GET /sim/requests</c>.</summary>
internal sealed class RestRequestLog
{
    private const int Kept = 10_000;
    private readonly Lock _gate = new();
    private readonly Queue<RestRequestRecord> _records = new();
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public void Add(RestRequestRecord record)
    {
        lock (_gate)
        {
            _records.Enqueue(record);
            if (_records.Count > Kept)
            {
                _records.Dequeue();
            }

            _total++;
        }
    }

    public RestRequestRecord[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _records];
        }
    }
}

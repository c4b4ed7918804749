namespace MarketPrism.Sinks.Nats;

/// <summary>Running totals of the NATS sink, safe to read from any thread.</summary>
public sealed class NatsSinkStatistics
{
    private long _stored;
    private long _duplicates;

    /// <summary>Messages the stream acknowledged as new.</summary>
    public long Stored => Interlocked.Read(ref _stored);

    /// <summary>Messages the stream acknowledged as copies of ones it already had (same <c>Nats-Msg-Id</c>).</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    internal void Add(long stored, long duplicates)
    {
        Interlocked.Add(ref _stored, stored);
        Interlocked.Add(ref _duplicates, duplicates);
    }
}

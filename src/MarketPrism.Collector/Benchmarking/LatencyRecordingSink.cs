using MarketPrism.Core.Model;
using MarketPrism.Core.Sinks;

namespace MarketPrism.Collector.Benchmarking;

/// <summary>
/// Wraps a sink and records, for every record of a batch the sink accepted, the time from the frame's receipt
/// (<see cref="MarketRecord.LocalTimestamp"/>, stamped by the connection's receive loop) to the end of the sink's
/// write. One clock read per batch.
/// </summary>
public sealed class LatencyRecordingSink : IRecordSink
{
    private readonly IRecordSink _inner;
    private readonly TimeProvider _time;
    private LatencyHistogram _histogram = new();

    public LatencyRecordingSink(IRecordSink inner, TimeProvider time)
    {
        _inner = inner;
        _time = time;
    }

    public string Name => _inner.Name;

    /// <summary>Latencies since the last <see cref="Restart"/>.</summary>
    public LatencyHistogram Histogram => Volatile.Read(ref _histogram);

    /// <summary>Starts a new histogram (the end of the warm-up); returns the previous one.</summary>
    public LatencyHistogram Restart() => Interlocked.Exchange(ref _histogram, new LatencyHistogram());

    public ValueTask StartAsync(CancellationToken cancellationToken) => _inner.StartAsync(cancellationToken);

    public async ValueTask WriteAsync(IReadOnlyList<MarketRecord> batch, CancellationToken cancellationToken)
    {
        await _inner.WriteAsync(batch, cancellationToken);
        var written = _time.GetUtcNow().UtcDateTime.Ticks;
        var histogram = Histogram;
        for (var i = 0; i < batch.Count; i++)
        {
            histogram.Record((written - batch[i].LocalTimestamp.Ticks) / TimeSpan.TicksPerMicrosecond);
        }
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public ValueTask DisposeAsync() => _inner.DisposeAsync();
}

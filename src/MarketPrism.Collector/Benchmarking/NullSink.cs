using MarketPrism.Core.Model;
using MarketPrism.Core.Sinks;

namespace MarketPrism.Collector.Benchmarking;

/// <summary>Accepts every batch and keeps nothing: the pipeline's cost without a store's.</summary>
public sealed class NullSink : IRecordSink
{
    public string Name => "null";

    public ValueTask StartAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask WriteAsync(IReadOnlyList<MarketRecord> batch, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

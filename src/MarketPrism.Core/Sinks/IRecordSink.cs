using MarketPrism.Core.Model;

namespace MarketPrism.Core.Sinks;

/// <summary>
/// A destination for normalized records. The pipeline calls a sink from one task at a time, in batch order:
/// <see cref="StartAsync"/> once, <see cref="WriteAsync"/> per batch, <see cref="FlushAsync"/> when it must make
/// everything written so far durable and readable (shutdown), then <see cref="IAsyncDisposable.DisposeAsync"/>.
/// A sink that throws from <see cref="WriteAsync"/> has not accepted the batch; the pipeline retries or spools it.
/// </summary>
public interface IRecordSink : IAsyncDisposable
{
    /// <summary>A short name for logs and metrics, e.g. <c>file</c>.</summary>
    string Name { get; }

    /// <summary>Opens resources and recovers anything a previous run left unfinished.</summary>
    ValueTask StartAsync(CancellationToken cancellationToken);

    ValueTask WriteAsync(IReadOnlyList<MarketRecord> batch, CancellationToken cancellationToken);

    /// <summary>Makes every accepted record durable and visible to readers (closes open files, waits for acks).</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken);
}

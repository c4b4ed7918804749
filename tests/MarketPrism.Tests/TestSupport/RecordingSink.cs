using MarketPrism.Core.Model;
using MarketPrism.Core.Sinks;

namespace MarketPrism.Tests.TestSupport;

/// <summary>An in-memory sink that keeps every batch it accepted and can be told to fail the next writes.</summary>
internal sealed class RecordingSink : IRecordSink
{
    private readonly Lock _lock = new();
    private readonly List<IReadOnlyList<MarketRecord>> _batches = [];
    private int _failuresLeft;

    public string Name => "recording";

    public int Flushes { get; private set; }

    public int FailedWrites { get; private set; }

    public IReadOnlyList<IReadOnlyList<MarketRecord>> Batches
    {
        get
        {
            lock (_lock)
            {
                return [.. _batches];
            }
        }
    }

    public IReadOnlyList<MarketRecord> Records => Batches.SelectMany(batch => batch).ToList();

    public TaskCompletionSource FirstBatch { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void FailNextWrites(int count) => _failuresLeft = count;

    public ValueTask StartAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask WriteAsync(IReadOnlyList<MarketRecord> batch, CancellationToken cancellationToken)
    {
        if (_failuresLeft > 0)
        {
            _failuresLeft--;
            FailedWrites++;
            throw new IOException("disk full (test)");
        }

        lock (_lock)
        {
            _batches.Add(batch);
        }

        FirstBatch.TrySetResult();
        return ValueTask.CompletedTask;
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        Flushes++;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

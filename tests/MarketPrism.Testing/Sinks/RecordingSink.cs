using MarketPrism.Core.Model;
using MarketPrism.Core.Sinks;

namespace MarketPrism.Testing;

/// <summary>
/// An in-memory sink that keeps every batch it accepted and can be told to fail the next writes, to be down (an
/// outage: every write throws <see cref="SinkUnavailableException"/>) or to hold writes until released (a slow sink).
/// Its counters are safe to read from the test while the sink runner writes on another thread.
/// </summary>
public sealed class RecordingSink(string name = "recording") : IRecordSink
{
    private readonly Lock _lock = new();
    private readonly List<IReadOnlyList<MarketRecord>> _batches = [];
    private int _failuresLeft;
    private int _attempts;
    private int _flushes;
    private int _failedWrites;
    private volatile bool _down;
    private TaskCompletionSource? _hold;

    public string Name => name;

    /// <summary>While true every write fails as an outage would.</summary>
    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    /// <summary>Writes attempted, failed ones included.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Makes writes wait until <see cref="Release"/> (or their cancellation).</summary>
    public void Hold() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => Interlocked.Exchange(ref _hold, null)?.TrySetResult();

    public int Flushes => Volatile.Read(ref _flushes);

    public int FailedWrites => Volatile.Read(ref _failedWrites);

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

    public async ValueTask WriteAsync(IReadOnlyList<MarketRecord> batch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        if (_hold is { } hold)
        {
            await hold.Task.WaitAsync(cancellationToken);
        }

        if (_down)
        {
            throw new SinkUnavailableException("test server down");
        }

        if (_failuresLeft > 0)
        {
            _failuresLeft--;
            Interlocked.Increment(ref _failedWrites);
            throw new IOException("disk full (test)");
        }

        lock (_lock)
        {
            _batches.Add(batch);
        }

        FirstBatch.TrySetResult();
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _flushes);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

using Microsoft.Extensions.Time.Testing;

namespace MarketPrism.Tests.Simulator;

/// <summary>
/// A fake clock that also tells when the simulator's timeline has gone back to waiting: the timeline creates a
/// timer each time it waits for the next event, so after advancing, the next timer means every event due by
/// then has been generated.
/// </summary>
internal sealed class ManualClock : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _nextTimer;

    public ManualClock()
        : base(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        TaskCompletionSource? waiter;
        lock (_gate)
        {
            waiter = _nextTimer;
            _nextTimer = null;
        }

        waiter?.TrySetResult();
        return timer;
    }

    /// <summary>Completes when the next timer is created.</summary>
    public Task NextTimerAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _nextTimer ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _nextTimer.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Advances the clock and waits until the timeline waits again (all events due by then generated).</summary>
    public async Task AdvanceAndSettleAsync(TimeSpan by, CancellationToken cancellationToken)
    {
        var settled = NextTimerAsync(cancellationToken);
        Advance(by);
        await settled;
    }
}

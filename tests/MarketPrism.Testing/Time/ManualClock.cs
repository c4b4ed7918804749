using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace MarketPrism.Testing;

/// <summary>
/// A fake clock (the platform's <see cref="FakeTimeProvider"/>) that knows which of its timers are armed, says when
/// one is armed, and drives the code under test from timer to timer. Code that waits on a <see cref="TimeProvider"/>
/// (Task.Delay, a CancellationTokenSource with a timeout, Polly) arms a timer and then waits, so "a timer was armed"
/// is the signal that the code woken by the previous timer has done its work and is waiting again. Tests wait for that
/// signal (or for their own end condition) instead of advancing the clock and then sleeping a few real milliseconds in
/// the hope that the code has caught up: those pass on an idle machine and fail on a loaded one.
/// </summary>
/// <remarks>
/// Every real-time wait here is a failure bound only (<see cref="WaitBound"/>): on a loaded machine the waits get
/// longer, never wrong.
/// </remarks>
public class ManualClock : FakeTimeProvider
{
    /// <summary>Where the clock starts unless told otherwise.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly HashSet<ArmedTimer> _armed = [];
    private TaskCompletionSource _changed = NewSignal();
    private long _armings;
    private long _fired;
    private long _created;

    public ManualClock()
        : this(DefaultStart)
    {
    }

    public ManualClock(DateTimeOffset start)
        : base(start)
    {
    }

    /// <summary>How long, in real time, a wait for the code under test may take before the test fails.</summary>
    public TimeSpan WaitBound { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Timers that will fire when the clock reaches their due time.</summary>
    public int ArmedTimers
    {
        get
        {
            lock (_gate)
            {
                return _armed.Count;
            }
        }
    }

    /// <summary>When the earliest armed timer is due; null when none is armed.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (_gate)
            {
                return EarliestDueLocked();
            }
        }
    }

    /// <summary>How many times a timer has been armed (created with a due time, changed to one, or re-armed by its period).</summary>
    public long Armings
    {
        get
        {
            lock (_gate)
            {
                return _armings;
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ArmedTimer(this, callback, state);

        // Recorded before the platform timer exists: a timer due now may fire inside CreateTimer.
        timer.Arm(dueTime, period);
        timer.Attach(base.CreateTimer(static self => ((ArmedTimer)self!).Fire(), timer, dueTime, period));
        TaskCompletionSource signal;
        lock (_gate)
        {
            _created++;
            signal = _changed;
            _changed = NewSignal();
        }

        signal.TrySetResult();
        return timer;
    }

    /// <summary>
    /// Completes when the next timer is created (whatever its due time). Code that creates a timer each time it waits
    /// (Task.Delay, the simulator's timeline) signals with it that it is waiting again.
    /// </summary>
    public Task NextTimerAsync(CancellationToken cancellationToken)
    {
        long created;
        lock (_gate)
        {
            created = _created;
        }

        return WaitForAsync(
            () =>
            {
                lock (_gate)
                {
                    return _created > created;
                }
            },
            "a timer to be created",
            cancellationToken);
    }

    /// <summary>Completes once at least <paramref name="count"/> timers are armed: the code under test is waiting on the clock.</summary>
    public async Task WhenArmedAsync(int count = 1, CancellationToken cancellationToken = default)
    {
        await WaitForAsync(() => ArmedTimers >= count, $"{count} armed timer(s)", cancellationToken);
    }

    /// <summary>
    /// Advances the clock and waits until a timer is created again: for code that, once woken, always goes back to
    /// waiting on the clock with a new timer (the simulator's timeline), this means every event due by then has been
    /// handled.
    /// </summary>
    public async Task AdvanceAndSettleAsync(TimeSpan by, CancellationToken cancellationToken)
    {
        var settled = NextTimerAsync(cancellationToken);
        Advance(by);
        await settled;
    }

    /// <summary>
    /// Moves the clock to <paramref name="until"/> the way real time would pass for code that loops on the clock:
    /// fires the armed timers due by then one due time at a time, and after each waits until every timer it fired has
    /// been followed by a new arming (the woken code has done its work and waits again) before looking for the next.
    /// Code that stops waiting on the clock once woken never re-arms: drive it with <see cref="RunUntilAsync(Func{bool}, TimeSpan, string, CancellationToken)"/>.
    /// </summary>
    public async Task AdvanceToAsync(DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            DateTimeOffset? due;
            long armings;
            long fired;
            lock (_gate)
            {
                due = EarliestDueLocked();
                armings = _armings;
                fired = _fired;
            }

            if (due is not { } next || next > until)
            {
                break;
            }

            MoveTo(next);
            long firedNow;
            lock (_gate)
            {
                firedNow = _fired - fired;
            }

            // Re-armings by periods (counted when they fire) match themselves; everything else is the woken code's.
            await ArmedAfterAsync(armings, firedNow, cancellationToken);
        }

        MoveTo(until);
    }

    /// <summary><see cref="AdvanceToAsync(DateTimeOffset, CancellationToken)"/> by a span from now.</summary>
    public Task AdvanceByAsync(TimeSpan by, CancellationToken cancellationToken = default) => AdvanceToAsync(GetUtcNow() + by, cancellationToken);

    /// <summary>
    /// Drives the code under test until <paramref name="task"/> completes, then returns its result (or throws its
    /// exception): whenever a timer due within <paramref name="maxJump"/> of now is armed, moves the clock to it;
    /// otherwise waits for a timer to be armed or the task to end. Timers further away are left alone: choose
    /// <paramref name="maxJump"/> below a timer the code arms while it works (an attempt timeout) so the clock never
    /// jumps past work in progress.
    /// </summary>
    public async Task<T> RunUntilCompletedAsync<T>(Task<T> task, TimeSpan maxJump, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        await RunAsync(() => task.IsCompleted, task, maxJump, "the task under test to complete", cancellationToken);
        return await task;
    }

    /// <inheritdoc cref="RunUntilCompletedAsync{T}(Task{T}, TimeSpan, CancellationToken)"/>
    public async Task RunUntilCompletedAsync(Task task, TimeSpan maxJump, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        await RunAsync(() => task.IsCompleted, task, maxJump, "the task under test to complete", cancellationToken);
        await task;
    }

    /// <summary>
    /// <see cref="RunUntilCompletedAsync(Task, TimeSpan, CancellationToken)"/> for an end condition that is state, not a
    /// task (a count the code exposes): polled every few real milliseconds, and after every timer fired.
    /// </summary>
    public Task RunUntilAsync(Func<bool> done, TimeSpan maxJump, string what, CancellationToken cancellationToken = default) =>
        RunAsync(done, null, maxJump, what, cancellationToken);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task RunAsync(Func<bool> done, Task? ends, TimeSpan maxJump, string what, CancellationToken cancellationToken)
    {
        cancellationToken = OrTestCancellation(cancellationToken);
        var started = TimeProvider.System.GetTimestamp();
        while (!done())
        {
            Task changed;
            DateTimeOffset? due;
            lock (_gate)
            {
                changed = _changed.Task;
                due = EarliestDueLocked();
            }

            if (due is { } next && next - GetUtcNow() <= maxJump)
            {
                MoveTo(next);
                continue;
            }

            if (TimeProvider.System.GetElapsedTime(started) > WaitBound)
            {
                Assert.Fail($"Waited {WaitBound.TotalSeconds:0} s for {what}, which never happened; the clock is at {GetUtcNow():O} with {ArmedTimers} timer(s) armed, next due {NextDue?.ToString("O") ?? "never"}.");
            }

            // A state condition can come true without any timer activity: look again after a short real pause.
            var poll = ends ?? Task.Delay(5, cancellationToken);
            await Task.WhenAny(changed, poll).WaitAsync(cancellationToken);
        }
    }

    /// <summary>Moves the clock forward to <paramref name="time"/> (never back), firing what is due by then.</summary>
    private void MoveTo(DateTimeOffset time)
    {
        if (time > GetUtcNow())
        {
            SetUtcNow(time);
        }
        else
        {
            // Due already (armed with a zero or past due time): firing happens when the clock is moved, even by nothing.
            Advance(TimeSpan.Zero);
        }
    }

    private async Task ArmedAfterAsync(long armings, long count, CancellationToken cancellationToken)
    {
        await WaitForAsync(() => Armings >= armings + count, $"{count} timer(s) armed by the woken code", cancellationToken);
    }

    private async Task WaitForAsync(Func<bool> condition, string what, CancellationToken cancellationToken)
    {
        cancellationToken = OrTestCancellation(cancellationToken);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(WaitBound);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            if (condition())
            {
                return;
            }

            try
            {
                await changed.WaitAsync(bound.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Assert.Fail($"Waited {WaitBound.TotalSeconds:0} s for {what}, which never happened; the clock is at {GetUtcNow():O} with {ArmedTimers} timer(s) armed.");
            }
        }
    }

    private static CancellationToken OrTestCancellation(CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled ? cancellationToken : TestContext.Current.CancellationToken;

    private DateTimeOffset? EarliestDueLocked()
    {
        DateTimeOffset? earliest = null;
        foreach (var timer in _armed)
        {
            if (earliest is null || timer.Due < earliest)
            {
                earliest = timer.Due;
            }
        }

        return earliest;
    }

    /// <summary>Records a change to the armed set and wakes whoever waits for one.</summary>
    private void Changed(ArmedTimer timer, DateTimeOffset? due, bool armed, bool fired)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            timer.Due = due;
            if (due is null)
            {
                _armed.Remove(timer);
            }
            else
            {
                _armed.Add(timer);
            }

            if (armed)
            {
                _armings++;
            }

            if (fired)
            {
                _fired++;
            }

            signal = _changed;
            _changed = NewSignal();
        }

        signal.TrySetResult();
    }

    /// <summary>The timer handed to the code under test: the platform's fake timer, with its due time tracked.</summary>
    private sealed class ArmedTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        private ITimer? _inner;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        private bool _disposed;

        /// <summary>When it fires next; null when disarmed. Guarded by the clock's gate.</summary>
        public DateTimeOffset? Due { get; set; }

        public void Attach(ITimer inner) => _inner = inner;

        public void Arm(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            var now = clock.GetUtcNow();
            var armed = dueTime != Timeout.InfiniteTimeSpan && !_disposed;
            clock.Changed(this, armed ? now + dueTime : null, armed, fired: false);
        }

        public void Fire()
        {
            // A periodic timer is armed again by the platform the moment it fires.
            var periodic = _period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero && !_disposed;
            clock.Changed(this, periodic ? clock.GetUtcNow() + _period : null, armed: periodic, fired: true);
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Debug.Assert(_inner is not null, "the platform timer is attached before the timer is handed out");
            Arm(dueTime, period);
            return _inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            _disposed = true;
            clock.Changed(this, null, armed: false, fired: false);
            _inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

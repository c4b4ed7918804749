using MarketPrism.Collector.Scheduling;
using MarketPrism.Collector.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketPrism.Tests.Collector.Scheduling;

public sealed class JobSchedulerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    // The scheduler waits on the clock between runs, so AdvanceToAsync moves from one due run to the next and waits,
    // after each, until the scheduler is waiting again: what ran by a time is exact, not a matter of how fast the
    // machine caught up.
    private readonly ManualClock _time = new(Start);
    private readonly CollectorCounters _counters = new();
    private readonly List<DateTimeOffset> _starts = [];

    private JobScheduler CreateSut(string interval, bool runAtStart, TimeSpan jitter, Func<CancellationToken, Task<JobResult>>? run = null)
    {
        Assert.True(JobSchedule.TryParse(interval, out var schedule, out _));
        run ??= _ =>
        {
            _starts.Add(_time.GetUtcNow());
            return Task.FromResult(new JobResult(1, 0, null));
        };
        return new JobScheduler([new ScheduledJob("funding_rate", schedule, runAtStart, jitter, run)], _counters, NullLogger.Instance, _time, new Random(11));
    }

    private Task AdvanceToAsync(TimeSpan sinceStart) => _time.AdvanceToAsync(Start + sinceStart, TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_job_runs_at_start_after_its_jitter_then_on_every_interval()
    {
        using var stop = new CancellationTokenSource();
        var running = CreateSut("1h", runAtStart: true, jitter: TimeSpan.FromSeconds(5)).RunAsync(stop.Token);

        await AdvanceToAsync(TimeSpan.FromHours(3) + TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(4, _starts.Count);
        Assert.InRange(_starts[0] - Start, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        // The clock moves to each due time exactly, so the schedule's exactness is seen exactly.
        Assert.All(_starts.Zip(_starts.Skip(1)), pair => Assert.Equal(TimeSpan.FromHours(1), pair.Second - pair.First));
        Assert.Equal(4, _counters.JobRuns);
    }

    [Fact]
    public async Task Without_run_at_start_the_first_run_is_one_interval_in()
    {
        using var stop = new CancellationTokenSource();
        var running = CreateSut("15m", runAtStart: false, jitter: TimeSpan.Zero).RunAsync(stop.Token);

        await AdvanceToAsync(TimeSpan.FromMinutes(14));
        Assert.Empty(_starts);
        await AdvanceToAsync(TimeSpan.FromMinutes(16));
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal([Start + TimeSpan.FromMinutes(15)], _starts);
    }

    [Fact]
    public async Task A_run_that_outlasts_its_interval_is_never_overlapped_and_the_missed_runs_are_skipped()
    {
        var concurrent = 0;
        var maxConcurrent = 0;
        var runs = 0;
        using var stop = new CancellationTokenSource();
        var scheduler = CreateSut("1m", runAtStart: true, jitter: TimeSpan.Zero, run: async token =>
        {
            maxConcurrent = Math.Max(maxConcurrent, Interlocked.Increment(ref concurrent));
            runs++;
            // The first run takes 3.5 minutes: the runs due at 1, 2 and 3 minutes are skipped.
            await Task.Delay(runs == 1 ? TimeSpan.FromMinutes(3.5) : TimeSpan.FromSeconds(1), _time, token);
            Interlocked.Decrement(ref concurrent);
            return new JobResult(1, 0, null);
        });
        var running = scheduler.RunAsync(stop.Token);

        await AdvanceToAsync(TimeSpan.FromMinutes(6));
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(1, maxConcurrent);
        // At 0 (until 3.5 min), then 4, 5 and 6 minutes.
        Assert.Equal(4, runs);
    }

    [Fact]
    public async Task A_failing_or_throwing_run_is_recorded_as_a_failure_and_the_job_keeps_its_schedule()
    {
        var calls = 0;
        using var stop = new CancellationTokenSource();
        var running = CreateSut("1m", runAtStart: true, jitter: TimeSpan.Zero, run: _ => ++calls switch
        {
            1 => throw new InvalidOperationException("boom"),
            2 => Task.FromResult(new JobResult(2, 1, "BTC-USDT premium_index: HTTP 503")),
            _ => Task.FromResult(new JobResult(2, 0, null)),
        }).RunAsync(stop.Token);

        await AdvanceToAsync(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(3, calls);
        Assert.Equal(3, _counters.JobRuns);
        Assert.Equal(2, _counters.JobFailures);
    }
}

using MarketPrism.Collector.Pipeline;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Core.Model;
using MarketPrism.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketPrism.Tests.Collector.Pipeline;

public sealed class SinkRunnerTests
{
    [Fact]
    public async Task A_failing_write_is_retried_with_backoff_until_the_batch_is_accepted()
    {
        var time = new ManualClock();
        var start = time.GetUtcNow();
        var sink = new RecordingSink();
        sink.FailNextWrites(3);
        var counters = new CollectorCounters();
        var runner = new SinkRunner(sink, counters, NullLogger.Instance, time);
        var run = runner.RunAsync(CancellationToken.None);

        await runner.EnqueueAsync([TestRecords.Trade(1), TestRecords.Trade(2)], CancellationToken.None);
        runner.CompleteAdding();
        // Each failure arms one backoff timer; the clock jumps to it once armed, until the run ends.
        await time.RunUntilCompletedAsync(run, maxJump: TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        // Backoff doubles from 200 ms: 200 + 400 + 800 ms.
        Assert.Equal(TimeSpan.FromMilliseconds(1_400), time.GetUtcNow() - start);
        Assert.Equal(3, sink.FailedWrites);
        Assert.Equal(3, counters.SinkFailures);
        Assert.Equal([1L, 2L], sink.Records.Select(record => ((TradeRecord)record).TradeId.Number));
        Assert.Equal(0, runner.PendingRecords);
        Assert.Equal(2, counters.Written);
    }

    [Fact]
    public async Task Abort_stops_retrying_and_leaves_the_records_counted_as_pending()
    {
        var time = new ManualClock();
        var sink = new RecordingSink();
        sink.FailNextWrites(int.MaxValue);
        var runner = new SinkRunner(sink, new CollectorCounters(), NullLogger.Instance, time);
        using var abort = new CancellationTokenSource();
        var run = runner.RunAsync(abort.Token);
        await runner.EnqueueAsync([TestRecords.Trade(1)], CancellationToken.None);
        runner.CompleteAdding();

        await abort.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        Assert.Equal(1, runner.PendingRecords);
    }
}

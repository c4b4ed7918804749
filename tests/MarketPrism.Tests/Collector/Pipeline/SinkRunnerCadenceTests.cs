using MarketPrism.Collector.Pipeline;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Core.Model;
using MarketPrism.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MarketPrism.Tests.Collector.Pipeline;

/// <summary>A runner with a <see cref="WriteCadence"/> (the ClickHouse sink's): few large writes instead of one per batch.</summary>
public sealed class SinkRunnerCadenceTests
{
    [Fact]
    public async Task Batches_that_come_within_the_interval_wait_and_go_in_one_write_once_it_has_passed()
    {
        var time = new FakeTimeProvider();
        var sink = new RecordingSink();
        using var runner = new SinkRunner(sink, new CollectorCounters(), NullLogger.Instance, time, cadence: new WriteCadence(TimeSpan.FromSeconds(1), 1_000));
        var run = runner.RunAsync(CancellationToken.None);

        await runner.EnqueueAsync([TestRecords.Trade(1)], CancellationToken.None);
        await sink.FirstBatch.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await runner.EnqueueAsync([TestRecords.Trade(2)], CancellationToken.None);
        await runner.EnqueueAsync([TestRecords.Trade(3), TestRecords.Trade(4)], CancellationToken.None);
        await runner.EnqueueAsync([TestRecords.Trade(5)], CancellationToken.None);
        Assert.Single(sink.Batches);

        time.Advance(TimeSpan.FromSeconds(1));
        await WaitForBatchesAsync(sink, 2);

        Assert.Equal([2L, 3L, 4L, 5L], TradeIds(sink.Batches[1]));
        Assert.Equal(0, runner.PendingRecords);
        runner.CompleteAdding();
        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(2, sink.Batches.Count);
    }

    [Fact]
    public async Task Enough_waiting_records_force_the_write_before_the_interval_has_passed()
    {
        var time = new FakeTimeProvider();
        var sink = new RecordingSink();
        using var runner = new SinkRunner(sink, new CollectorCounters(), NullLogger.Instance, time, cadence: new WriteCadence(TimeSpan.FromHours(1), 3));
        var run = runner.RunAsync(CancellationToken.None);

        await runner.EnqueueAsync([TestRecords.Trade(1)], CancellationToken.None);
        await sink.FirstBatch.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await runner.EnqueueAsync([TestRecords.Trade(2)], CancellationToken.None);
        await runner.EnqueueAsync([TestRecords.Trade(3), TestRecords.Trade(4)], CancellationToken.None);

        // The clock never moves: only the row cap can have started this write.
        await WaitForBatchesAsync(sink, 2);
        Assert.Equal([2L, 3L, 4L], TradeIds(sink.Batches[1]));
        runner.CompleteAdding();
        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Shutdown_writes_what_waits_for_the_cadence_at_once_and_flushes()
    {
        var time = new FakeTimeProvider();
        var sink = new RecordingSink();
        using var runner = new SinkRunner(sink, new CollectorCounters(), NullLogger.Instance, time, cadence: new WriteCadence(TimeSpan.FromHours(1), 1_000));
        var run = runner.RunAsync(CancellationToken.None);
        await runner.EnqueueAsync([TestRecords.Trade(1)], CancellationToken.None);
        await sink.FirstBatch.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await runner.EnqueueAsync([TestRecords.Trade(2)], CancellationToken.None);

        runner.CompleteAdding();
        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal([1L, 2L], TradeIds(sink.Records));
        Assert.Equal(1, sink.Flushes);
        Assert.Equal(0, runner.PendingRecords);
    }

    private static long[] TradeIds(IReadOnlyList<MarketRecord> records) => [.. records.Select(record => ((TradeRecord)record).TradeId.Number)];

    /// <summary>The runner writes on its own task: wait for the end condition (bounded by the kit), then check it exactly.</summary>
    private static async Task WaitForBatchesAsync(RecordingSink sink, int count)
    {
        await Eventually.WaitUntilAsync(() => sink.Batches.Count >= count, $"{count} batches written");
        Assert.Equal(count, sink.Batches.Count);
    }
}

using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Pipeline;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketPrism.Tests.Collector.Pipeline;

public sealed class BatcherTests : IAsyncDisposable
{
    private readonly ManualClock _time = new();
    private readonly RecordingSink _sink = new();
    private readonly CollectorCounters _counters = new();

    private (RecordChannel Channel, Task Batcher, Task Runner) CreateSut(int batchSize, TimeSpan flushInterval)
    {
        var channel = new RecordChannel(new PipelineOptions { ChannelCapacity = 1000 }, _counters);
        var runner = new SinkRunner(_sink, _counters, NullLogger.Instance, _time);
        var batcher = new Batcher(channel, [runner], batchSize, flushInterval, _time);
        return (channel, batcher.RunAsync(CancellationToken.None), runner.RunAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_full_batch_is_handed_on_without_waiting_for_the_flush_interval()
    {
        var (channel, batcher, runner) = CreateSut(batchSize: 3, flushInterval: TimeSpan.FromHours(1));

        for (var id = 1; id <= 3; id++)
        {
            await channel.WriteAsync(TestRecords.Trade(id), TestContext.Current.CancellationToken);
        }

        await _sink.FirstBatch.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal([1L, 2L, 3L], _sink.Records.Select(record => ((MarketPrism.Core.Model.TradeRecord)record).TradeId.Number));
        channel.Complete();
        await Task.WhenAll(batcher, runner).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_partial_batch_is_flushed_when_the_flush_interval_passes()
    {
        var (channel, batcher, runner) = CreateSut(batchSize: 100, flushInterval: TimeSpan.FromSeconds(1));

        await channel.WriteAsync(TestRecords.Trade(1), TestContext.Current.CancellationToken);
        await channel.WriteAsync(TestRecords.Trade(2), TestContext.Current.CancellationToken);
        // Once both records are taken, a flush timer armed while the channel was empty between them is disposed
        // (the wait for more ends before the next read), so the timer armed from here on is the partial batch's.
        await Eventually.WaitUntilAsync(() => channel.Count == 0, "the batcher took both records");
        Assert.Empty(_sink.Batches);

        await _time.RunUntilCompletedAsync(_sink.FirstBatch.Task, maxJump: TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        // A batch of 100 would need 98 more records: only the interval can have flushed these two, and no later than it.
        Assert.Equal(2, Assert.Single(_sink.Batches).Count);
        Assert.InRange(_time.GetUtcNow() - ManualClock.DefaultStart, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        channel.Complete();
        await Task.WhenAll(batcher, runner).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Completing_the_channel_drains_every_record_and_flushes_the_sink()
    {
        var (channel, batcher, runner) = CreateSut(batchSize: 7, flushInterval: TimeSpan.FromHours(1));
        for (var id = 1; id <= 50; id++)
        {
            await channel.WriteAsync(TestRecords.Trade(id), TestContext.Current.CancellationToken);
        }

        channel.Complete();
        await Task.WhenAll(batcher, runner).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(1, 50).Select(id => (long)id), _sink.Records.Select(record => ((MarketPrism.Core.Model.TradeRecord)record).TradeId.Number));
        Assert.All(_sink.Batches, batch => Assert.InRange(batch.Count, 1, 7));
        Assert.Equal(1, _sink.Flushes);
    }

    public ValueTask DisposeAsync() => _sink.DisposeAsync();
}

using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Pipeline;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MarketPrism.Tests.Collector.Pipeline;

public sealed class BatcherTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new();
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
        await WaitUntilAsync(() => channel.Count == 0);
        Assert.Empty(_sink.Batches);

        // The batcher arms its flush timer after it took the records; under a loaded run that can be just after the
        // channel looked empty here. So the fake clock moves a flush interval at a time until the partial batch comes
        // (a batch of 100 would need 98 more records: only the interval can have flushed these two).
        for (var i = 0; i < 1_000 && !_sink.FirstBatch.Task.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        await _sink.FirstBatch.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(2, Assert.Single(_sink.Batches).Count);
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

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(condition());
    }

    public ValueTask DisposeAsync() => _sink.DisposeAsync();
}

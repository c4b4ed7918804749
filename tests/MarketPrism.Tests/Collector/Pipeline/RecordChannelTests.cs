using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Pipeline;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Core.Model;
using MarketPrism.Tests.TestSupport;

namespace MarketPrism.Tests.Collector.Pipeline;

public sealed class RecordChannelTests
{
    [Fact]
    public async Task Wait_mode_makes_the_writer_wait_and_drops_nothing()
    {
        var counters = new CollectorCounters();
        var channel = new RecordChannel(new PipelineOptions { ChannelCapacity = 2, FullMode = ChannelFullMode.Wait }, counters);
        await channel.WriteAsync(TestRecords.Trade(1), CancellationToken.None);
        await channel.WriteAsync(TestRecords.Trade(2), CancellationToken.None);

        var third = channel.WriteAsync(TestRecords.Trade(3), CancellationToken.None);

        Assert.False(third.IsCompleted);
        Assert.True(channel.Reader.TryRead(out _));
        await third.AsTask().WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(0, counters.Dropped);
    }

    [Fact]
    public async Task Drop_newest_discards_the_incoming_record_and_counts_it()
    {
        var counters = new CollectorCounters();
        var channel = new RecordChannel(new PipelineOptions { ChannelCapacity = 2, FullMode = ChannelFullMode.DropNewest }, counters);
        for (var id = 1; id <= 5; id++)
        {
            await channel.WriteAsync(TestRecords.Trade(id), CancellationToken.None);
        }

        Assert.Equal(3, counters.Dropped);
        Assert.Equal([1L, 2L], Drain(channel));
    }

    [Fact]
    public async Task Drop_oldest_keeps_the_newest_records_and_counts_each_drop()
    {
        var counters = new CollectorCounters();
        var channel = new RecordChannel(new PipelineOptions { ChannelCapacity = 2, FullMode = ChannelFullMode.DropOldest }, counters);
        for (var id = 1; id <= 5; id++)
        {
            await channel.WriteAsync(TestRecords.Trade(id), CancellationToken.None);
        }

        Assert.Equal(3, counters.Dropped);
        Assert.Equal([4L, 5L], Drain(channel));
    }

    private static List<long> Drain(RecordChannel channel)
    {
        var ids = new List<long>();
        while (channel.Reader.TryRead(out var record))
        {
            ids.Add(((TradeRecord)record).TradeId.Number);
        }

        return ids;
    }
}

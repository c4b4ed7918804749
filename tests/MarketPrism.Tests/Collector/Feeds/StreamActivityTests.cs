using MarketPrism.Collector.Feeds;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace MarketPrism.Tests.Collector.Feeds;

public sealed class StreamActivityTests
{
    private readonly FakeTimeProvider _time = new();

    private static StreamActivity CreateSut() =>
        new(new StreamSubscription("btcusdt@depth@100ms", TestRecords.BtcUsdtSpot, [DataType.BookDelta], "Root"), null!);

    private void Deliver(StreamActivity activity, int records, TimeSpan gap)
    {
        for (var i = 0; i < records; i++)
        {
            _time.Advance(gap);
            activity.Touch(_time.GetTimestamp(), _time);
        }
    }

    [Fact]
    public void The_timeout_is_unknown_until_enough_gaps_were_seen()
    {
        var activity = CreateSut();
        Deliver(activity, StreamActivity.MinimumSamples, TimeSpan.FromMilliseconds(100));

        Assert.Null(activity.StallTimeout(20, TimeSpan.FromSeconds(30)));
        Deliver(activity, 1, TimeSpan.FromMilliseconds(100));
        Assert.NotNull(activity.StallTimeout(20, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void A_busy_stream_stalls_after_the_floor_and_a_quiet_one_after_many_of_its_own_gaps()
    {
        var busy = CreateSut();
        Deliver(busy, 50, TimeSpan.FromMilliseconds(100));
        var quiet = CreateSut();
        Deliver(quiet, 50, TimeSpan.FromMinutes(10));

        Assert.Equal(TimeSpan.FromSeconds(30), busy.StallTimeout(20, TimeSpan.FromSeconds(30)));
        var quietTimeout = quiet.StallTimeout(20, TimeSpan.FromSeconds(30))!.Value;
        Assert.InRange(quietTimeout.TotalMinutes, 199, 201);
    }

    [Fact]
    public void A_record_clears_the_stall_count_and_each_stall_restarts_the_silence()
    {
        var activity = CreateSut();
        Deliver(activity, 20, TimeSpan.FromSeconds(1));

        activity.MarkStalled(_time.GetTimestamp());
        activity.MarkStalled(_time.GetTimestamp());
        Assert.Equal(2, activity.ConsecutiveStalls);
        Assert.Equal(_time.GetTimestamp(), activity.LastTimestamp);

        Deliver(activity, 1, TimeSpan.FromSeconds(1));
        Assert.Equal(0, activity.ConsecutiveStalls);
    }

    [Fact]
    public void A_stream_that_stays_silent_after_its_repair_is_checked_ever_less_often_up_to_an_hour()
    {
        var activity = CreateSut();
        Deliver(activity, 20, TimeSpan.FromMilliseconds(100));
        var floor = TimeSpan.FromSeconds(30);

        // The first stall resubscribes and the second replaces the connection, both at the usual timeout.
        Assert.Equal(floor, activity.NextStallTimeout(20, floor));
        activity.MarkStalled(_time.GetTimestamp());
        Assert.Equal(floor, activity.NextStallTimeout(20, floor));
        activity.MarkStalled(_time.GetTimestamp());

        // Neither brought a record: the market is most likely quiet, so each further stall waits twice as long.
        Assert.Equal(TimeSpan.FromSeconds(60), activity.NextStallTimeout(20, floor));
        activity.MarkStalled(_time.GetTimestamp());
        Assert.Equal(TimeSpan.FromSeconds(120), activity.NextStallTimeout(20, floor));
        for (var i = 0; i < 30; i++)
        {
            activity.MarkStalled(_time.GetTimestamp());
        }

        Assert.Equal(StreamActivity.MaxStallBackoff, activity.NextStallTimeout(20, floor));

        // Health still judges the stream by its learned cadence, and a record restores the usual timeout.
        Assert.Equal(floor, activity.StallTimeout(20, floor));
        Deliver(activity, 1, TimeSpan.FromMilliseconds(100));
        Assert.Equal(floor, activity.NextStallTimeout(20, floor));
    }
}

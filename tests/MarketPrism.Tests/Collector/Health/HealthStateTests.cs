using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Health;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Core.Books;
using MarketPrism.Core.Model;
using MarketPrism.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace MarketPrism.Tests.Collector.Health;

public sealed class HealthStateTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
    private readonly List<BookStatus> _books = [new BookStatus("BTC-USDT", BookSyncState.Synced, 10)];

    private (HealthState Health, IFeedTelemetry Feed) CreateSut(params DataType[] dataTypes)
    {
        var health = new HealthState(new HealthOptions { GracePeriod = TimeSpan.FromSeconds(10) }, _time);
        var feed = health.ForFeed(new FeedInfo("binance", MarketType.Spot, new HashSet<DataType>(dataTypes), () => _books));
        return (health, feed);
    }

    [Fact]
    public void A_connection_down_longer_than_the_grace_period_makes_the_collector_unhealthy_and_names_it()
    {
        var (health, feed) = CreateSut(DataType.Trade);
        feed.ConnectionStateChanged("binance-spot-1", ConnectionState.Up, 12, null);
        feed.RecordAccepted(TestRecords.Trade(1), TimeSpan.Zero);
        Assert.Equal("healthy", health.Evaluate().Status);

        feed.ConnectionStateChanged("binance-spot-1", ConnectionState.Reconnecting, 12, "connection reset");
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("healthy", health.Evaluate().Status);

        feed.ConnectionStateChanged("binance-spot-1", ConnectionState.Reconnecting, 12, "refused");
        _time.Advance(TimeSpan.FromSeconds(6));
        var report = health.Evaluate();

        Assert.Equal("unhealthy", report.Status);
        var reason = Assert.Single(report.Reasons);
        Assert.Contains("binance-spot-1", reason, StringComparison.Ordinal);
        Assert.Contains("for 11 s", reason, StringComparison.Ordinal);

        feed.ConnectionStateChanged("binance-spot-1", ConnectionState.Up, 12, null);
        Assert.Equal("healthy", health.Evaluate().Status);
    }

    [Fact]
    public void Readiness_needs_every_connection_up_and_every_book_synced()
    {
        var (health, feed) = CreateSut(DataType.BookDelta);
        feed.ConnectionStateChanged("binance-spot-1", ConnectionState.Connecting, 1, null);
        Assert.Equal("not_ready", health.EvaluateReadiness().Status);

        feed.ConnectionStateChanged("binance-spot-1", ConnectionState.Up, 1, null);
        _books[0] = new BookStatus("BTC-USDT", BookSyncState.AwaitingSnapshot, 0);
        var waiting = health.EvaluateReadiness();
        Assert.Contains("book binance spot BTC-USDT is awaiting_snapshot", waiting.Reasons);

        _books[0] = new BookStatus("BTC-USDT", BookSyncState.Synced, 11);
        Assert.Equal("ready", health.EvaluateReadiness().Status);

        health.MarkStopping();
        Assert.Contains("the collector is stopping", health.EvaluateReadiness().Reasons);
    }

    [Fact]
    public void A_book_out_of_sync_past_the_grace_period_is_unhealthy_but_a_quiet_unsynced_book_is_not()
    {
        var (health, feed) = CreateSut();
        _books[0] = new BookStatus("BTC-USDT", BookSyncState.Unsynced, 0);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("healthy", health.Evaluate().Status);

        _books[0] = new BookStatus("BTC-USDT", BookSyncState.AwaitingSnapshot, 0);
        feed.BookResynced(TestRecords.BtcUsdtSpot, ResyncReason.Gap, "expected 5, got 7");
        _time.Advance(TimeSpan.FromSeconds(11));

        Assert.Contains(health.Evaluate().Reasons, reason => reason.Contains("BTC-USDT has been out of sync for 11 s", StringComparison.Ordinal));
    }

    [Fact]
    public void A_sink_whose_last_write_failed_makes_the_collector_unhealthy_until_a_write_succeeds()
    {
        var (health, _) = CreateSut();
        health.SinkFailed("file", 100, 1, new IOException("disk full"));
        Assert.Contains("sink file is failing: disk full", health.Evaluate().Reasons);

        _time.Advance(TimeSpan.FromSeconds(1));
        health.BatchWritten("file", 100, TimeSpan.FromMilliseconds(3));
        Assert.Equal("healthy", health.Evaluate().Status);
    }
}

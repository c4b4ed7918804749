using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Feeds;
using MarketPrism.Collector.Health;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MarketPrism.Tests.Collector.Health;

/// <summary>
/// /health tells "the stream is dead" (no frame of any kind, not even a heartbeat) from "the market is quiet" (a sparse
/// type, or an instrument silent within its learned cadence): only the first is unhealthy (503); a normally busy stream
/// that stops on a live connection makes the report degraded (200) with the stream named.
/// </summary>
public sealed class SparseDataHealthTests
{
    private const string ConnectionId = "deribit-option-1";
    private static readonly TimeSpan DeribitHeartbeat = TimeSpan.FromSeconds(10);
    private static readonly Instrument Option = new("deribit", MarketType.Option, "BTC", "USD", "BTC-24SEP21-8000-P");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
    private readonly List<StreamActivity> _streams = [];
    private long _lastFrame;
    private TimeSpan? _heartbeat = DeribitHeartbeat;
    private bool _carriesRegularStream = true;
    private bool _connectionInService = true;

    private (HealthState Health, IFeedTelemetry Feed) CreateSut(HealthOptions? options = null, MarketType market = MarketType.Option)
    {
        var health = new HealthState(options ?? new HealthOptions(), _time);
        var types = new HashSet<DataType> { DataType.Trade, DataType.Liquidation, DataType.BookDelta, DataType.BookSnapshot, DataType.MarkPrice };
        var info = new FeedInfo("deribit", market, types, () => []) { Activity = ReadActivity };
        var feed = health.ForFeed(info);
        _lastFrame = _time.GetTimestamp();
        feed.ConnectionStateChanged(ConnectionId, ConnectionState.Up, _streams.Count, null);
        return (health, feed);
    }

    /// <summary>What MarketFeed reports: the connection's last frame of any kind and each stream's learned cadence.</summary>
    private FeedActivity ReadActivity() => new(
        [new ConnectionActivity(ConnectionId, _connectionInService ? _time.GetElapsedTime(_lastFrame) : null, _heartbeat, _carriesRegularStream)],
        [.. _streams.Select(stream => stream.Status(ConnectionId, _connectionInService, _time, 20, TimeSpan.FromSeconds(30)))]);

    private StreamActivity AddStream(string name, params DataType[] types)
    {
        var stream = new StreamActivity(new StreamSubscription(name, Option, types, "Root"), null!);
        _streams.Add(stream);
        return stream;
    }

    /// <summary>Time passes with a heartbeat (or any other frame) every <paramref name="every"/>; no record arrives.</summary>
    private void PassWithHeartbeats(TimeSpan duration, TimeSpan every)
    {
        for (var passed = TimeSpan.Zero; passed < duration; passed += every)
        {
            _time.Advance(every);
            _lastFrame = _time.GetTimestamp();
        }
    }

    /// <summary>Records arrive on <paramref name="stream"/> every <paramref name="gap"/>, each in a frame.</summary>
    private void Deliver(StreamActivity stream, int records, TimeSpan gap)
    {
        for (var i = 0; i < records; i++)
        {
            _time.Advance(gap);
            _lastFrame = _time.GetTimestamp();
            stream.Touch(_lastFrame, _time);
        }
    }

    [Fact]
    public void An_option_without_a_trade_for_hours_on_a_connection_kept_alive_by_heartbeats_stays_healthy()
    {
        var trades = AddStream("trades.BTC-24SEP21-8000-P.100ms", DataType.Trade, DataType.Liquidation);
        var (health, _) = CreateSut();
        Deliver(trades, 3, TimeSpan.FromMinutes(7));

        PassWithHeartbeats(TimeSpan.FromHours(5), DeribitHeartbeat);
        _time.Advance(TimeSpan.FromSeconds(5));
        var report = health.Evaluate();

        Assert.Equal("healthy", report.Status);
        Assert.Empty(report.Reasons);
        Assert.Empty(report.Warnings);
        var market = Assert.Single(report.Markets);
        Assert.False(market.DataTypes.Single(type => type.DataType == "trade").Stale);
        Assert.Equal(3600, market.DataTypes.Single(type => type.DataType == "trade").StaleAfterSeconds);
        Assert.Equal(5, Assert.Single(market.Connections).LastFrameAgeSeconds);
    }

    [Fact]
    public void Heartbeat_only_traffic_counts_as_alive_and_its_absence_past_three_heartbeats_is_a_dead_connection_named_with_the_reason()
    {
        AddStream("book.BTC-24SEP21-8000-P.100ms", DataType.BookDelta, DataType.BookSnapshot);
        var (health, _) = CreateSut(new HealthOptions { StaleAfter = [] });

        // Only heartbeats for ten minutes: the market is quiet, the connection is not dead.
        PassWithHeartbeats(TimeSpan.FromMinutes(10), DeribitHeartbeat);
        Assert.Equal("healthy", health.Evaluate().Status);

        // Then nothing at all: alive up to three missed heartbeats, dead after.
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("healthy", health.Evaluate().Status);
        _time.Advance(TimeSpan.FromSeconds(1));
        var report = health.Evaluate();

        Assert.Equal("unhealthy", report.Status);
        var reason = Assert.Single(report.Reasons);
        Assert.Equal($"connection {ConnectionId} (deribit option) is up but has received nothing, not even a heartbeat, for 31 s (3 heartbeats of 10 s missed): the connection is dead", reason);
        var connection = Assert.Single(Assert.Single(report.Markets).Connections);
        Assert.Equal(31, connection.LastFrameAgeSeconds);
        Assert.Equal(30, connection.DeadAfterSeconds);
        Assert.Equal("unhealthy", report.Markets[0].Status);

        // One heartbeat brings it back.
        _lastFrame = _time.GetTimestamp();
        Assert.Equal("healthy", health.Evaluate().Status);
    }

    [Fact]
    public void A_configured_connection_silence_replaces_the_heartbeat_bound()
    {
        AddStream("trades.BTC-24SEP21-8000-P.100ms", DataType.Trade);
        var (health, _) = CreateSut(new HealthOptions { ConnectionSilence = TimeSpan.FromSeconds(3) });

        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal("healthy", health.Evaluate().Status);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Contains("(health.connection_silence 3 s): the connection is dead", Assert.Single(health.Evaluate().Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_heartbeat_the_application_sees_silence_alone_never_makes_a_connection_dead()
    {
        // Binance answers WebSocket pings inside the socket: a trade-only connection on an illiquid symbol may be
        // silent for hours, and nothing but its state can say it is dead.
        _heartbeat = null;
        _carriesRegularStream = false;
        AddStream("xyzusdt@trade", DataType.Trade);
        var (health, _) = CreateSut(new HealthOptions { ConnectionSilence = TimeSpan.FromSeconds(5) });

        _time.Advance(TimeSpan.FromHours(3));

        Assert.Equal("healthy", health.Evaluate().Status);
    }

    [Fact]
    public void A_dead_connection_is_one_reason_not_one_per_silent_stream()
    {
        var trades = AddStream("trades.BTC-24SEP21-8000-P.100ms", DataType.Trade);
        var (health, feed) = CreateSut();
        Deliver(trades, 20, TimeSpan.FromMilliseconds(100));

        feed.ConnectionStateChanged(ConnectionId, ConnectionState.Reconnecting, 1, "closed by the server");
        _connectionInService = false;
        _time.Advance(TimeSpan.FromMinutes(5));
        var report = health.Evaluate();

        Assert.Equal("unhealthy", report.Status);
        Assert.Equal($"connection {ConnectionId} (deribit option) has been reconnecting for 300 s: closed by the server", Assert.Single(report.Reasons));
        Assert.Empty(report.Warnings);
        Assert.Null(Assert.Single(report.Markets[0].Connections).LastFrameAgeSeconds);
    }

    [Fact]
    public void A_normally_busy_stream_that_stops_while_heartbeats_flow_is_reported_degraded_with_its_learned_cadence_and_a_sparse_one_is_not()
    {
        var book = AddStream("book.BTC-24SEP21-8000-P.100ms", DataType.BookDelta, DataType.BookSnapshot);
        var trades = AddStream("trades.BTC-24SEP21-8000-P.100ms", DataType.Trade, DataType.Liquidation);
        var (health, _) = CreateSut(new HealthOptions { StaleAfter = [] });
        Deliver(trades, 1, TimeSpan.FromMilliseconds(100));
        Deliver(book, 50, TimeSpan.FromMilliseconds(100));

        // The learned cadence (20 x 0.1 s) is below the stall floor: stale after 30 s.
        PassWithHeartbeats(TimeSpan.FromSeconds(30), DeribitHeartbeat);
        Assert.Equal("healthy", health.Evaluate().Status);
        PassWithHeartbeats(TimeSpan.FromSeconds(10), DeribitHeartbeat);
        book.MarkStalled(_time.GetTimestamp());
        var report = health.Evaluate();

        Assert.Equal("degraded", report.Status);
        Assert.Empty(report.Reasons);
        Assert.Equal(
            $"deribit option BTC-USD (BTC-24SEP21-8000-P) book.BTC-24SEP21-8000-P.100ms: no record for 40 s while connection {ConnectionId} is alive (stale after 30 s, usually every 0.1 s; resubscribed)",
            Assert.Single(report.Warnings));
        var market = Assert.Single(report.Markets);
        Assert.Equal("degraded", market.Status);
        var stale = Assert.Single(market.StaleStreams);
        Assert.Equal(("book.BTC-24SEP21-8000-P.100ms", 40.0, 30.0, 1), (stale.Stream, stale.SilentSeconds, stale.StaleAfterSeconds, stale.Stalls));
        Assert.Equal(0.1, stale.UsualGapSeconds, 3);
        Assert.True(market.DataTypes.Single(type => type.DataType == "book_delta").Stale);
        Assert.False(market.DataTypes.Single(type => type.DataType == "trade").Stale);

        // The next record clears it.
        Deliver(book, 1, TimeSpan.FromMilliseconds(100));
        Assert.Equal("healthy", health.Evaluate().Status);
    }

    [Fact]
    public void A_quiet_stream_learns_long_gaps_and_a_type_floor_keeps_a_busy_one_from_being_judged_on_a_blip()
    {
        var quiet = AddStream("trades.BTC-24SEP21-8000-P.100ms", DataType.Trade);
        var busy = AddStream("ticker.BTC-24SEP21-8000-P.100ms", DataType.MarkPrice);
        var (health, _) = CreateSut();
        Deliver(quiet, 10, TimeSpan.FromMinutes(10));
        Deliver(busy, 50, TimeSpan.FromMilliseconds(100));

        // 45 s: past the busy stream's learned 30 s, inside mark_price's 60 s floor; the trades' learned limit is 200 min.
        PassWithHeartbeats(TimeSpan.FromSeconds(45), DeribitHeartbeat);
        Assert.Equal("healthy", health.Evaluate().Status);

        PassWithHeartbeats(TimeSpan.FromSeconds(20), DeribitHeartbeat);
        var report = health.Evaluate();
        Assert.Equal("degraded", report.Status);
        Assert.Equal("ticker.BTC-24SEP21-8000-P.100ms", Assert.Single(report.Markets[0].StaleStreams).Stream);
    }

    [Fact]
    public void A_stream_that_has_not_shown_it_normally_flows_is_never_stale_like_a_book_that_never_received_an_update()
    {
        var book = AddStream("book.BTC-24SEP21-8000-P.100ms", DataType.BookDelta);
        AddStream("trades.BTC-24SEP21-8000-P.100ms", DataType.Trade);
        var (health, _) = CreateSut();
        Deliver(book, StreamActivity.MinimumSamples, TimeSpan.FromSeconds(1));

        // The book delivered its snapshot and a few changes: too few to know its cadence, so hours of quiet are a quiet option.
        PassWithHeartbeats(TimeSpan.FromHours(3), DeribitHeartbeat);
        var report = health.Evaluate();

        Assert.Equal("healthy", report.Status);
        Assert.Empty(report.Markets[0].StaleStreams);
    }
}

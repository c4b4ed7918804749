using System.Text;
using System.Text.RegularExpressions;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Core.Books;
using MarketPrism.Core.Model;
using MarketPrism.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace MarketPrism.Tests.Collector.Telemetry;

public sealed partial class CollectorMetricsTests
{
    private readonly FakeTimeProvider _time = new();

    private (CollectorMetrics Metrics, IFeedTelemetry Feed) CreateSut()
    {
        var metrics = new CollectorMetrics(_time);
        var feed = metrics.ForFeed(new FeedInfo(
            "binance", MarketType.Spot, new HashSet<DataType> { DataType.Trade, DataType.BookDelta }, () => [new BookStatus("BTC-USDT", BookSyncState.Synced, 5)]));
        metrics.ObserveChannel(() => (3, 100));
        return (metrics, feed);
    }

    private static async Task<string> ExportAsync(CollectorMetrics metrics)
    {
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream, TestContext.Current.CancellationToken);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task The_plans_four_metrics_carry_its_names_and_labels()
    {
        var (metrics, feed) = CreateSut();
        feed.RecordAccepted(TestRecords.Trade(1), TimeSpan.FromMicroseconds(40));
        feed.RecordAccepted(TestRecords.Trade(2), TimeSpan.FromMicroseconds(60));
        feed.RecordDuplicate(TestRecords.Trade(2));
        feed.FrameFailed(FrameFailure.Malformed, "truncated");
        feed.ConnectionStateChanged("binance-spot-1", ConnectionState.Up, 3, null);

        var text = await ExportAsync(metrics);

        Assert.Contains("marketprism_messages_total{exchange=\"binance\",data_type=\"trade\",status=\"ok\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("marketprism_messages_total{exchange=\"binance\",data_type=\"trade\",status=\"duplicate\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("marketprism_messages_total{exchange=\"binance\",data_type=\"unknown\",status=\"error\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("marketprism_errors_total{exchange=\"binance\",error_type=\"data\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("marketprism_errors_total{exchange=\"binance\",error_type=\"sequence_gap\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("marketprism_processing_seconds_count{exchange=\"binance\",data_type=\"trade\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("marketprism_processing_seconds_bucket{exchange=\"binance\",data_type=\"trade\",le=\"5e-05\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("marketprism_connection_status{exchange=\"binance\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("marketprism_channel_depth 3", text, StringComparison.Ordinal);
        Assert.Contains("marketprism_books{exchange=\"binance\",market_type=\"spot\",state=\"synced\"} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_connection_down_turns_the_exchange_status_to_zero_until_it_is_back()
    {
        var (metrics, feed) = CreateSut();
        feed.ConnectionStateChanged("binance-spot-1", ConnectionState.Up, 3, null);
        feed.ConnectionStateChanged("binance-spot-2", ConnectionState.Up, 3, null);

        feed.ConnectionStateChanged("binance-spot-2", ConnectionState.Reconnecting, 3, "reset");
        var down = await ExportAsync(metrics);
        feed.ConnectionStateChanged("binance-spot-2", ConnectionState.Up, 3, null);
        var up = await ExportAsync(metrics);

        Assert.Contains("marketprism_connection_status{exchange=\"binance\"} 0", down, StringComparison.Ordinal);
        Assert.Contains("marketprism_connection_up{exchange=\"binance\",market_type=\"spot\",connection=\"binance-spot-2\"} 0", down, StringComparison.Ordinal);
        Assert.Contains("marketprism_errors_total{exchange=\"binance\",error_type=\"network\"} 1", down, StringComparison.Ordinal);
        Assert.Contains("marketprism_connection_status{exchange=\"binance\"} 1", up, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_dropped_over_an_oversized_frame_counts_one_data_error_and_a_reconnect_but_no_network_error()
    {
        var (metrics, feed) = CreateSut();
        feed.ConnectionStateChanged("binance-spot-1", ConnectionState.Up, 3, null);

        feed.FrameFailed(FrameFailure.TooLarge, "a message larger than 16777216 bytes");
        feed.ConnectionStateChanged("binance-spot-1", ConnectionState.Reconnecting, 3, "a message larger than 16777216 bytes", error: null);
        var text = await ExportAsync(metrics);

        Assert.Contains("marketprism_errors_total{exchange=\"binance\",error_type=\"data\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("marketprism_errors_total{exchange=\"binance\",error_type=\"network\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("marketprism_messages_total{exchange=\"binance\",data_type=\"unknown\",status=\"error\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("marketprism_reconnects_total{exchange=\"binance\",market_type=\"spot\"} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gap_resync_counts_one_sequence_gap_error_and_one_resync_with_its_reason()
    {
        var (metrics, feed) = CreateSut();

        feed.BookResynced(TestRecords.BtcUsdtSpot, ResyncReason.Gap, "expected 6, got 8");
        var text = await ExportAsync(metrics);

        Assert.Contains("marketprism_errors_total{exchange=\"binance\",error_type=\"sequence_gap\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("marketprism_book_resyncs_total{exchange=\"binance\",market_type=\"spot\",reason=\"gap\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("marketprism_book_resyncs_total{exchange=\"binance\",market_type=\"spot\",reason=\"crossed\"} 0", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_book_update_applied_past_skipped_ids_is_counted_as_a_skip_not_as_an_error_or_a_gap()
    {
        var (metrics, feed) = CreateSut();

        feed.BookUpdateIdsSkipped(TestRecords.BtcUsdtSpot, skipped: 3);
        var text = await ExportAsync(metrics);

        Assert.Contains("marketprism_book_update_id_skips_total{exchange=\"binance\",market_type=\"spot\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("marketprism_sequence_gaps_total{exchange=\"binance\",market_type=\"spot\",data_type=\"book_delta\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("marketprism_errors_total{exchange=\"binance\",error_type=\"sequence_gap\"} 0", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Last_message_age_is_measured_at_scrape_time()
    {
        var (metrics, feed) = CreateSut();
        feed.RecordAccepted(TestRecords.Trade(1), TimeSpan.Zero);

        _time.Advance(TimeSpan.FromSeconds(42));
        var text = await ExportAsync(metrics);

        Assert.Contains("marketprism_last_message_age_seconds{exchange=\"binance\",market_type=\"spot\",data_type=\"trade\"} 42", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dead_letters_and_table_state_of_every_clickhouse_table_are_exported_from_zero_and_read_at_scrape_time()
    {
        var (metrics, _) = CreateSut();
        var statistics = new MarketPrism.Sinks.ClickHouse.ClickHouseSinkStatistics();
        metrics.ObserveTables("clickhouse", statistics);

        var before = await ExportAsync(metrics);
        statistics.AddDeadLettered("trades", 120);
        statistics.SetTableUp("trades", false);
        var after = await ExportAsync(metrics);

        Assert.Contains("marketprism_sink_dead_letter_records_total{sink=\"clickhouse\",table=\"orderbooks\"} 0", before, StringComparison.Ordinal);
        Assert.Contains("marketprism_sink_dead_letter_records_total{sink=\"clickhouse\",table=\"trades\"} 0", before, StringComparison.Ordinal);
        Assert.Contains("marketprism_sink_table_up{sink=\"clickhouse\",table=\"trades\"} 1", before, StringComparison.Ordinal);
        Assert.Contains("marketprism_sink_dead_letter_records_total{sink=\"clickhouse\",table=\"trades\"} 120", after, StringComparison.Ordinal);
        Assert.Contains("marketprism_sink_table_up{sink=\"clickhouse\",table=\"trades\"} 0", after, StringComparison.Ordinal);
        Assert.Contains("marketprism_sink_table_up{sink=\"clickhouse\",table=\"orderbooks\"} 1", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_exposition_passes_promtool_check_metrics()
    {
        var (metrics, feed) = CreateSut();
        feed.RecordAccepted(TestRecords.Trade(1), TimeSpan.FromMilliseconds(1));
        feed.RestRequestCompleted("depth", 200, TimeSpan.FromMilliseconds(30));
        metrics.BatchWritten("file", 100, TimeSpan.FromMilliseconds(2));

        var (exitCode, output) = await ExternalTool.RunAsync("promtool", ["check", "metrics"], await ExportAsync(metrics));

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task Every_metric_the_dashboard_and_alerts_use_is_exported()
    {
        var (metrics, feed) = CreateSut();
        feed.RecordAccepted(TestRecords.Trade(1), TimeSpan.FromMilliseconds(1));
        feed.RestRequestCompleted("depth", 200, TimeSpan.FromMilliseconds(30));
        feed.RestRateLimiterWaited(TimeSpan.FromMilliseconds(5));
        feed.ConnectionStateChanged("binance-spot-1", ConnectionState.Up, 3, null);
        metrics.BatchWritten("file", 100, TimeSpan.FromMilliseconds(2));
        metrics.SinkFailed("file", 100, 1, new IOException("disk full"));
        metrics.ObserveTables("clickhouse", new MarketPrism.Sinks.ClickHouse.ClickHouseSinkStatistics());
        var exported = MetricName().Matches(await ExportAsync(metrics)).Select(match => match.Value).ToHashSet();

        var used = new[] { Repository.Path("deploy", "grafana", "marketprism-dashboard.json"), Repository.Path("deploy", "prometheus", "alerts.yml") }
            .SelectMany(path => MetricName().Matches(File.ReadAllText(path)).Select(match => match.Value))
            .ToHashSet();

        Assert.NotEmpty(used);
        var missing = used.Except(exported).ToList();
        Assert.True(missing.Count == 0, "used but not exported: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Every_series_the_dashboard_and_alerts_use_exists_at_zero_for_each_configured_exchange_and_sink_before_any_event()
    {
        // Counters without a series until their first event hide that event from increase() and rate(): a live
        // scrape of the all-venues example had no sink error and no rate limiter series, so the first sink failure
        // could not raise the alert and the panels showed no data.
        var metrics = new CollectorMetrics(_time);
        metrics.ForFeed(new FeedInfo("binance", MarketType.Spot, new HashSet<DataType> { DataType.Trade, DataType.BookDelta }, () => []));
        metrics.ForFeed(new FeedInfo("bybit", MarketType.Perpetual, new HashSet<DataType> { DataType.BookDelta, DataType.Liquidation }, () => []));
        metrics.ObserveChannel(() => (0, 100));
        metrics.SinkRegistered("file");
        metrics.SinkRegistered("nats");

        var text = await ExportAsync(metrics);

        foreach (var sink in new[] { "file", "nats" })
        {
            Assert.Contains($"marketprism_sink_errors_total{{sink=\"{sink}\"}} 0", text, StringComparison.Ordinal);
            Assert.Contains($"marketprism_sink_records_total{{sink=\"{sink}\"}} 0", text, StringComparison.Ordinal);
            Assert.Contains($"marketprism_sink_write_seconds_count{{sink=\"{sink}\"}} 0", text, StringComparison.Ordinal);
        }

        Assert.Contains("marketprism_errors_total{exchange=\"none\",error_type=\"sink\"} 0", text, StringComparison.Ordinal);
        foreach (var (exchange, market) in new[] { ("binance", "spot"), ("bybit", "perpetual") })
        {
            Assert.Contains($"marketprism_rest_rate_limiter_waits_total{{exchange=\"{exchange}\"}} 0", text, StringComparison.Ordinal);
            Assert.Contains($"marketprism_connection_status{{exchange=\"{exchange}\"}} 0", text, StringComparison.Ordinal);
            Assert.Contains($"marketprism_errors_total{{exchange=\"{exchange}\",error_type=\"sequence_gap\"}} 0", text, StringComparison.Ordinal);
            Assert.Contains($"marketprism_messages_total{{exchange=\"{exchange}\",data_type=\"book_delta\",status=\"dropped\"}} 0", text, StringComparison.Ordinal);
            Assert.Contains($"marketprism_book_resyncs_total{{exchange=\"{exchange}\",market_type=\"{market}\",reason=\"gap\"}} 0", text, StringComparison.Ordinal);
            Assert.Contains($"marketprism_sequence_gaps_total{{exchange=\"{exchange}\",market_type=\"{market}\",data_type=\"book_delta\"}} 0", text, StringComparison.Ordinal);
            Assert.Contains($"marketprism_frames_received_total{{exchange=\"{exchange}\",market_type=\"{market}\"}} 0", text, StringComparison.Ordinal);
            Assert.Contains($"marketprism_book_update_id_skips_total{{exchange=\"{exchange}\",market_type=\"{market}\"}} 0", text, StringComparison.Ordinal);
        }

        // Every metric the shipped dashboard and alerts query, except those whose label values only exist once the
        // event does: a REST answer's endpoint and status, a connection's id.
        var eventLabelled = new HashSet<string> { "marketprism_rest_requests_total", "marketprism_rest_request_seconds", "marketprism_connection_up" };
        var exported = MetricName().Matches(text).Select(match => match.Value).ToHashSet();
        var used = new[] { Repository.Path("deploy", "grafana", "marketprism-dashboard.json"), Repository.Path("deploy", "prometheus", "alerts.yml") }
            .SelectMany(path => MetricName().Matches(File.ReadAllText(path)).Select(match => match.Value))
            .Where(name => !eventLabelled.Contains(name))
            .ToHashSet();
        var missing = used.Except(exported).ToList();
        Assert.True(missing.Count == 0, "used but without a series before the first event: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task The_alert_rules_pass_promtool_check_and_their_unit_tests()
    {
        var directory = Repository.Path("deploy", "prometheus");

        var check = await ExternalTool.RunAsync("promtool", ["check", "rules", "alerts.yml"], workingDirectory: directory);
        var test = await ExternalTool.RunAsync("promtool", ["test", "rules", "alerts.test.yml"], workingDirectory: directory);
        var config = await ExternalTool.RunAsync("promtool", ["check", "config", "prometheus.yml"], workingDirectory: directory);

        Assert.True(check.ExitCode == 0, check.Output);
        Assert.True(test.ExitCode == 0, test.Output);
        Assert.True(config.ExitCode == 0, config.Output);
    }

    [GeneratedRegex("(?:marketprism|process|dotnet)_[a-z_]+?(?=_bucket\\b|_count\\b|_sum\\b|[^a-z_]|$)")]
    private static partial Regex MetricName();
}

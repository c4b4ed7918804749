using MarketPrism.Collector.Configuration;
using MarketPrism.Sinks.Nats;

namespace MarketPrism.Tests.Collector.Configuration;

/// <summary>The sinks.nats, sinks.clickhouse and sinks.spool sections: parsed, checked, one clear error per mistake.</summary>
public sealed class SinkConfigTests
{
    private const string Source = "config/collector.yaml";

    private const string OneExchange = """
        exchanges:
          - exchange: binance
            symbols: [BTC-USDT]

        """;

    private static ConfigLoadResult Load(string sinks, params (string Name, string? Value)[] environment) =>
        new ConfigLoader(["binance"], MarketPrism.Collector.Cli.ConfigSupport.KnownJobs)
            .LoadText(OneExchange + sinks, Source, environment.ToDictionary(variable => variable.Name, variable => variable.Value));

    private static string SingleError(ConfigLoadResult result)
    {
        Assert.False(result.Succeeded);
        return Assert.Single(result.Errors).ToString();
    }

    [Fact]
    public void Nats_clickhouse_and_spool_settings_are_read_with_their_units()
    {
        var result = Load("""
            sinks:
              nats:
                enabled: true
                url: nats://a:4222,nats://b:4222
                stream: MD
                subjects: [">"]
                storage: memory
                replicas: 3
                max_age: 1d
                max_bytes: 5GB
                duplicate_window: 5m
                core_data_types: []
                max_in_flight: 50
                ack_timeout: 2s
              clickhouse:
                enabled: true
                url: https://ch.example:8443
                database: md
                user: writer
                request_timeout: 1m
              spool:
                directory: /var/spool/mp
                max_size: 20GB
                full_policy: drop_newest
            """, ("MARKETPRISM_SINKS__CLICKHOUSE__PASSWORD", "secret"));

        Assert.True(result.Succeeded, result.FormatErrors());
        var sinks = result.Config.Sinks;
        Assert.Equal("nats://a:4222,nats://b:4222", sinks.Nats.Url);
        Assert.Equal(NatsStreamStorage.Memory, sinks.Nats.Storage);
        Assert.Equal(TimeSpan.FromDays(1), sinks.Nats.MaxAge);
        Assert.Equal(5L * 1024 * 1024 * 1024, sinks.Nats.MaxBytes.Bytes);
        Assert.Equal(3, sinks.Nats.Replicas);
        Assert.Equal("secret", sinks.Clickhouse.Password);
        Assert.Equal(TimeSpan.FromMinutes(1), sinks.Clickhouse.RequestTimeout);
        Assert.Equal(SpoolFullPolicy.DropNewest, sinks.Spool.FullPolicy);
        Assert.Equal(20L * 1024 * 1024 * 1024, sinks.Spool.MaxSize.Bytes);
    }

    [Fact]
    public void A_nats_url_with_another_scheme_is_an_error()
    {
        var error = SingleError(Load("sinks:\n  nats:\n    url: http://127.0.0.1:4222\n"));

        Assert.Equal("config/collector.yaml:6:10: sinks.nats.url: must use nats:// or tls:// or ws:// or wss://, got `http://127.0.0.1:4222`", error);
    }

    [Fact]
    public void Stream_subjects_must_capture_every_jetstream_data_type()
    {
        var error = SingleError(Load("sinks:\n  nats:\n    subjects: [trade.>, book_delta.>]\n"));

        Assert.Contains("sinks.nats.subjects: do not capture every subject of book_snapshot, best_bid_ask, funding_rate, open_interest, liquidation, mark_price", error, StringComparison.Ordinal);
        Assert.Contains("add e.g. `book_snapshot.>`", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Stream_subjects_must_not_capture_core_data_types()
    {
        var error = SingleError(Load("sinks:\n  nats:\n    subjects: [\">\"]\n    core_data_types: [book_delta]\n"));

        Assert.Contains("sinks.nats.subjects: capture book_delta, which sinks.nats.core_data_types publishes with core NATS", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_core_data_type_is_named_with_the_valid_ones()
    {
        var error = SingleError(Load("sinks:\n  nats:\n    core_data_types: [book_deltas]\n"));

        Assert.Contains("sinks.nats.core_data_types[0]: unknown data type `book_deltas`", error, StringComparison.Ordinal);
        Assert.Contains("did you mean `book_delta`?", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stream: my.stream", "sinks.nats.stream: must be a stream name")]
    [InlineData("subjects: [trade..x]", "sinks.nats.subjects[0]: `trade..x` is not a subject filter")]
    [InlineData("replicas: 7", "sinks.nats.replicas: must be from 1 to 5, got 7")]
    [InlineData("duplicate_window: 10d", "sinks.nats.duplicate_window: must not exceed sinks.nats.max_age (7d), got 10d")]
    [InlineData("max_in_flight: 0", "sinks.nats.max_in_flight: must be positive, got 0")]
    [InlineData("ack_timeout: 0", "sinks.nats.ack_timeout: must be a positive duration, got 0")]
    public void Bad_nats_settings_are_named(string line, string message)
    {
        var error = SingleError(Load($"sinks:\n  nats:\n    {line}\n"));

        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("url: tcp://127.0.0.1:9000", "sinks.clickhouse.url: must use http:// or https://")]
    [InlineData("database: market-data", "sinks.clickhouse.database: must be a plain identifier")]
    [InlineData("user: \" \"", "sinks.clickhouse.user: must not be empty")]
    public void Bad_clickhouse_settings_are_named(string line, string message)
    {
        var error = SingleError(Load($"sinks:\n  clickhouse:\n    {line}\n"));

        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_spool_may_not_live_inside_the_file_store()
    {
        var error = SingleError(Load("sinks:\n  file:\n    directory: data\n  spool:\n    directory: data/spool\n"));

        Assert.Contains("sinks.spool.directory: must not be the file store's directory or inside it", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_full_policy_lists_the_valid_ones()
    {
        var error = SingleError(Load("sinks:\n  spool:\n    full_policy: wait\n"));

        Assert.Contains("sinks.spool.full_policy", error, StringComparison.Ordinal);
        Assert.Contains("drop_oldest, drop_newest, block", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Disabling_every_sink_is_an_error()
    {
        var error = SingleError(Load("sinks:\n  file:\n    enabled: false\n"));

        Assert.Contains("sinks: every sink is disabled", error, StringComparison.Ordinal);
    }
}

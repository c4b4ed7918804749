using System.Globalization;

namespace MarketPrism.IntegrationTests.Infrastructure;

/// <summary>Writes a collector config that points at a simulator and stores into a test directory.</summary>
public static class CollectorConfigFile
{
    public const string SpotSymbols = "[NKN-USDT, BLZ-ETH, LRC-BTC, RUNE-EUR]";
    public const string PerpetualSymbols = "[SUSHI-USDT, AKRO-USDT, KEEP-USDT, CTK-USDT]";

    public static string Write(
        TempDirectory directory,
        SimulatorProcess simulator,
        string format = "parquet",
        int snapshotDepth = 1000,
        string maxLifetime = "23h",
        string extraCollectorSection = "",
        bool http = false,
        string healthGracePeriod = "10s",
        string sinks = "",
        string dataDirectory = "data",
        string extraConnections = "",
        string reconnectBaseDelay = "200ms",
        string reconnectMaxDelay = "2s",
        int restSnapshotLimit = 1000)
    {
        var yaml = $"""
            collector:
              name: integration-test
              log_level: information
              shutdown_timeout: 30s
            {extraCollectorSection}
            exchanges:
              - exchange: binance
                market_type: spot
                base_url: {simulator.Url("http", "binance/spot")}
                ws_url: {simulator.Url("ws", "binance/spot")}
                futures_url: {simulator.Url("http", "binance/futures")}
                futures_ws_url: {simulator.Url("ws", "binance/futures")}
                symbols: {SpotSymbols}
                futures_symbols: {PerpetualSymbols}
                options:
                  trade_stream: agg_trade
            books:
              snapshot_depth: {snapshotDepth.ToString(CultureInfo.InvariantCulture)}
              snapshot_interval: 1s
              rest_snapshot_limit: {restSnapshotLimit.ToString(CultureInfo.InvariantCulture)}
            pipeline:
              batch_size: 100
              flush_interval: 200ms
            sinks:
              file:
                directory: {directory.Combine(dataDirectory)}
                format: {format}
              {Indent(sinks, "  ")}
            connections:
              max_lifetime: {maxLifetime}
              reconnect_base_delay: {reconnectBaseDelay}
              reconnect_max_delay: {reconnectMaxDelay}
              {Indent(extraConnections, "  ")}
            scheduler:
              jobs:
                funding_rate:
                  interval: 5s
                open_interest:
                  interval: 5s
            http:
              enabled: {(http ? "true" : "false")}
              port: 0
            health:
              grace_period: {healthGracePeriod}
            """;
        var path = directory.Combine("collector.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>The <c>nats</c>, <c>clickhouse</c> and <c>spool</c> sections for the <c>sinks</c> of <see cref="Write"/>.</summary>
    public static string NetworkSinks(TempDirectory directory, string? natsUrl, string stream, string? clickHouseUrl, string database, string spoolDirectory = "spool") =>
        $"""
        nats:
          enabled: {(natsUrl is null ? "false" : "true")}
          url: {natsUrl ?? "nats://127.0.0.1:4222"}
          stream: {stream}
          duplicate_window: 10m
          ack_timeout: 3s
        clickhouse:
          enabled: {(clickHouseUrl is null ? "false" : "true")}
          url: {clickHouseUrl ?? "http://127.0.0.1:8123"}
          database: {database}
          request_timeout: 5s
        spool:
          directory: {directory.Combine(spoolDirectory)}
        """;

    /// <summary>Indents every line after the first (the first takes the template's indentation).</summary>
    private static string Indent(string text, string indent) =>
        string.Join("\n" + indent, text.Split('\n'));
}

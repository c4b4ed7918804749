namespace MarketPrism.IntegrationTests.Infrastructure;

/// <summary>Writes a collector config that collects the simulator's Bybit venues (XRP-USDT spot and linear) into a test directory.</summary>
public static class BybitCollectorConfig
{
    public const string SpotVenue = "bybit-spot";
    public const string LinearVenue = "bybit-linear";

    /// <summary>Spot: publicTrade, orderbook.200, orderbook.1; linear adds tickers and allLiquidation.</summary>
    public const int ExpectedSubscriptions = 8;

    /// <remarks>
    /// Books are kept under <c>options.book_continuity: strict</c> unless <paramref name="continuity"/> says otherwise: the
    /// simulator's gap fault loses a message outright, which only the strict policy turns into a resync (the lenient
    /// default applies past a skipped <c>u</c> and counts it).
    /// </remarks>
    public static string Write(TempDirectory directory, SimulatorProcess simulator, string maxLifetime = "23h", string continuity = "strict", bool http = false)
    {
        var yaml = $"""
            collector:
              name: integration-test-bybit
              log_level: information
              shutdown_timeout: 30s
            exchanges:
              - exchange: bybit
                market_type: spot
                base_url: {simulator.Url("http", "bybit/spot")}
                ws_url: {simulator.Url("ws", "bybit/spot")}
                futures_url: {simulator.Url("http", "bybit/linear")}
                futures_ws_url: {simulator.Url("ws", "bybit/linear")}
                symbols: [XRP-USDT]
                futures_symbols: [XRP-USDT]
                options:
                  book_continuity: {continuity}
            books:
              snapshot_depth: 1000
              snapshot_interval: 1s
            pipeline:
              batch_size: 100
              flush_interval: 200ms
            sinks:
              file:
                directory: {directory.Combine("data")}
                format: parquet
            connections:
              max_lifetime: {maxLifetime}
              reconnect_base_delay: 200ms
              reconnect_max_delay: 2s
            http:
              enabled: {(http ? "true" : "false")}
              port: 0
            """;
        var path = directory.Combine("collector.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}

namespace MarketPrism.IntegrationTests.Infrastructure;

/// <summary>
/// A collector config for the simulated Deribit: the synthetic perpetuals, and on the option market the recorded
/// options and the DVOL indexes of both currencies.
/// </summary>
public static class DeribitConfigFile
{
    public const string Venue = "deribit";

    /// <summary>Deribit names of the perpetuals (normalized <c>BTC-USD</c> and <c>ETH-USD</c>).</summary>
    public static readonly string[] Perpetuals = ["BTC-PERPETUAL", "ETH-PERPETUAL"];

    /// <summary>The options whose books and tickers recordings/deribit holds.</summary>
    public static readonly string[] Options =
    [
        "BTC-24SEP21-8000-P", "BTC-30JUL21-24000-P", "BTC-31DEC21-34000-P", "BTC-24SEP21-34000-P", "BTC-24JUN22-15000-C",
        "BTC-31DEC21-300000-C", "BTC-25MAR22-30000-C", "ETH-30JUL21-2800-C", "ETH-27AUG21-4000-P", "ETH-23JUL21-2300-C",
    ];

    /// <summary>Perpetuals: trades, book, quote, ticker each; options the same; plus one DVOL channel per currency.</summary>
    public static int ExpectedSubscriptions => (4 * Perpetuals.Length) + (4 * Options.Length) + 2;

    public static string Write(TempDirectory directory, SimulatorProcess simulator) => Write(directory, simulator, healthGracePeriod: null);

    /// <summary>The same config with the HTTP server (/health) on a free port and <c>health.grace_period</c> set; other health keys keep their defaults.</summary>
    public static string WriteWithHttp(TempDirectory directory, SimulatorProcess simulator, string healthGracePeriod) =>
        Write(directory, simulator, (string?)healthGracePeriod);

    private static string Write(TempDirectory directory, SimulatorProcess simulator, string? healthGracePeriod)
    {
        var yaml = $"""
            collector:
              name: integration-test-deribit
              log_level: information
              shutdown_timeout: 30s
            exchanges:
              - exchange: deribit
                market_type: perpetual
                base_url: {simulator.Url("http", "deribit")}
                ws_url: {simulator.Url("ws", "deribit")}
                symbols: [BTC-USD, ETH-USD]
              - exchange: deribit
                market_type: option
                base_url: {simulator.Url("http", "deribit")}
                ws_url: {simulator.Url("ws", "deribit")}
                symbols: [BTC-USD, ETH-USD, {string.Join(", ", Options)}]
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
              reconnect_base_delay: 200ms
              reconnect_max_delay: 2s
            http:
              enabled: {(healthGracePeriod is null ? "false" : "true")}
              port: 0
            health:
              grace_period: {healthGracePeriod ?? "10s"}
            """;
        var path = directory.Combine("collector.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}

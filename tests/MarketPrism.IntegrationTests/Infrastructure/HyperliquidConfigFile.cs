namespace MarketPrism.IntegrationTests.Infrastructure;

/// <summary>A collector config for the simulated Hyperliquid: the recorded BTC perpetual, with the HTTP server on a free port.</summary>
public static class HyperliquidConfigFile
{
    public const string Venue = "hyperliquid";

    /// <summary>The recorded coin, and the collector's name for it.</summary>
    public const string Coin = "BTC";

    public const string Symbol = "BTC-USD";

    /// <summary>Per coin: trades, l2Book, bbo and activeAssetCtx.</summary>
    public const int ExpectedSubscriptions = 4;

    /// <summary>Levels a side in every Hyperliquid book push, and so in the stored snapshots.</summary>
    public const int Depth = 20;

    public static string Write(TempDirectory directory, SimulatorProcess simulator)
    {
        var yaml = $"""
            collector:
              name: integration-test-hyperliquid
              log_level: information
              shutdown_timeout: 30s
            exchanges:
              - exchange: hyperliquid
                market_type: perpetual
                base_url: {simulator.Url("http", "hyperliquid")}
                ws_url: {simulator.Url("ws", "hyperliquid")}
                symbols: [{Symbol}]
            books:
              snapshot_depth: {Depth}
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
              enabled: true
              port: 0
            """;
        var path = directory.Combine("collector.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}

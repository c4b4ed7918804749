using System.Globalization;

namespace MarketPrism.IntegrationTests.Infrastructure;

/// <summary>Writes a collector config that collects the simulator's Coinbase venue over one of its two APIs.</summary>
public static class CoinbaseConfigFile
{
    public const string Venue = "coinbase";

    /// <summary>The products of recordings/coinbase (Coinbase writes them as MarketPrism does).</summary>
    public static readonly string[] Products =
        ["SKL-USD", "SKL-BTC", "SKL-GBP", "BAND-GBP", "BAND-BTC", "NMR-EUR", "YFI-BTC", "DASH-BTC", "NU-GBP", "CRV-EUR"];

    /// <summary>The <c>api</c> option values and the simulator path of each.</summary>
    public static readonly (string Api, string Path)[] Apis = [("exchange", "coinbase/exchange"), ("advanced_trade", "coinbase/advanced-trade")];

    /// <summary>
    /// Streams the collector subscribes per API: Exchange feed matches, level2_batch, ticker and heartbeat per product;
    /// Advanced Trade market_trades, level2 and ticker per product, and heartbeats once.
    /// </summary>
    public static int Subscriptions(string api) => api == "exchange" ? 4 * Products.Length : (3 * Products.Length) + 1;

    /// <summary>The entry of one API, for this config and the all-venues one.</summary>
    public static string Entry(SimulatorProcess simulator, string api) => $"""

          - exchange: coinbase
            market_type: spot
            base_url: {simulator.Url("http", "coinbase")}
            ws_url: {simulator.Url("ws", Apis.Single(a => a.Api == api).Path)}
            symbols: [{string.Join(", ", Products)}]
            options:
              api: {api}
        """;

    public static string Write(TempDirectory directory, SimulatorProcess simulator, string api, int snapshotDepth = 1000)
    {
        var yaml = $"""
            collector:
              name: integration-test-coinbase
              log_level: information
              shutdown_timeout: 30s
            exchanges:{Entry(simulator, api)}
            books:
              snapshot_depth: {snapshotDepth.ToString(CultureInfo.InvariantCulture)}
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

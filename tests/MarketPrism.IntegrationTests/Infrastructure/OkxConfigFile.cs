using System.Globalization;

namespace MarketPrism.IntegrationTests.Infrastructure;

/// <summary>Writes a collector config that collects the simulator's OKX venue (the recorded spot, swap and future).</summary>
public static class OkxConfigFile
{
    public const string Venue = "okx";

    /// <summary>The instruments of recordings/okx: (market, normalized symbol, OKX instrument id).</summary>
    public static readonly (Core.Model.MarketType Market, string Symbol, string InstId)[] Instruments =
    [
        (Core.Model.MarketType.Spot, "BTC-USDT", "BTC-USDT"),
        (Core.Model.MarketType.Perpetual, "UNI-USD", "UNI-USD-SWAP"),
        (Core.Model.MarketType.Futures, "BTC-USD-220527", "BTC-USD-220527"),
    ];

    /// <summary>
    /// Channel subscriptions the config makes: spot trades/books/bbo-tbt; the swap adds funding-rate, open-interest,
    /// mark-price and liquidation-orders; the future all of them but funding.
    /// </summary>
    public const int Subscriptions = 3 + 7 + 6;

    public static string Write(TempDirectory directory, SimulatorProcess simulator, int snapshotDepth = 400)
    {
        var rest = simulator.Url("http", "okx");
        var ws = simulator.Url("ws", "okx");
        var entries = string.Concat(Instruments.Select(instrument => $"""

              - exchange: okx
                market_type: {Core.Model.WireNames.ToWireName(instrument.Market)}
                base_url: {rest}
                ws_url: {ws}
                symbols: [{instrument.Symbol}]
            """));
        var yaml = $"""
            collector:
              name: integration-test-okx
              log_level: information
              shutdown_timeout: 30s
            exchanges:{entries}
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
            scheduler:
              jobs:
                funding_rate:
                  interval: 5s
                open_interest:
                  interval: 5s
                long_short_ratio:
                  interval: 5s
            http:
              enabled: false
              port: 0
            """;
        var path = directory.Combine("collector.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}

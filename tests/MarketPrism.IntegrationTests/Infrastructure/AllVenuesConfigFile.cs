namespace MarketPrism.IntegrationTests.Infrastructure;

/// <summary>
/// One collector config for every venue the simulator serves at once: Binance spot and USD-M, OKX spot, swap and
/// future, Bybit spot and linear, Deribit perpetuals, options and DVOL, Coinbase spot over its Exchange feed,
/// Hyperliquid's BTC perpetual, with the HTTP server on a free port.
/// </summary>
public static class AllVenuesConfigFile
{
    /// <summary>Every venue's channel subscriptions, as each venue's own end-to-end config makes them.</summary>
    public static int ExpectedSubscriptions =>
        CollectorRun.ExpectedSubscriptions + OkxConfigFile.Subscriptions + BybitCollectorConfig.ExpectedSubscriptions + DeribitConfigFile.ExpectedSubscriptions + HyperliquidConfigFile.ExpectedSubscriptions
        + CoinbaseConfigFile.Subscriptions("exchange");

    public static string Write(TempDirectory directory, SimulatorProcess simulator) => Write(directory, simulator, sinks: null);

    /// <param name="sinks">
    /// More of the <c>sinks</c> section beside the file store, unindented (e.g. <see cref="CollectorConfigFile.NetworkSinks"/>).
    /// </param>
    public static string Write(TempDirectory directory, SimulatorProcess simulator, string? sinks)
    {
        var more = sinks is null
            ? ""
            : string.Concat(sinks.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(line => "\n  " + line));
        var okx = string.Concat(OkxConfigFile.Instruments.Select(instrument => $"""

              - exchange: okx
                market_type: {Core.Model.WireNames.ToWireName(instrument.Market)}
                base_url: {simulator.Url("http", "okx")}
                ws_url: {simulator.Url("ws", "okx")}
                symbols: [{instrument.Symbol}]
            """));
        var yaml = $"""
            collector:
              name: integration-test-all-venues
              log_level: information
              shutdown_timeout: 30s
            exchanges:
              - exchange: binance
                market_type: spot
                base_url: {simulator.Url("http", "binance/spot")}
                ws_url: {simulator.Url("ws", "binance/spot")}
                futures_url: {simulator.Url("http", "binance/futures")}
                futures_ws_url: {simulator.Url("ws", "binance/futures")}
                symbols: {CollectorConfigFile.SpotSymbols}
                futures_symbols: {CollectorConfigFile.PerpetualSymbols}
                options:
                  trade_stream: agg_trade{okx}
              - exchange: bybit
                market_type: spot
                base_url: {simulator.Url("http", "bybit/spot")}
                ws_url: {simulator.Url("ws", "bybit/spot")}
                futures_url: {simulator.Url("http", "bybit/linear")}
                futures_ws_url: {simulator.Url("ws", "bybit/linear")}
                symbols: [XRP-USDT]
                futures_symbols: [XRP-USDT]
              - exchange: deribit
                market_type: perpetual
                base_url: {simulator.Url("http", "deribit")}
                ws_url: {simulator.Url("ws", "deribit")}
                symbols: [BTC-USD, ETH-USD]
              - exchange: deribit
                market_type: option
                base_url: {simulator.Url("http", "deribit")}
                ws_url: {simulator.Url("ws", "deribit")}
                symbols: [BTC-USD, ETH-USD, {string.Join(", ", DeribitConfigFile.Options)}]{CoinbaseConfigFile.Entry(simulator, "exchange")}
              - exchange: hyperliquid
                market_type: perpetual
                base_url: {simulator.Url("http", "hyperliquid")}
                ws_url: {simulator.Url("ws", "hyperliquid")}
                symbols: [{HyperliquidConfigFile.Symbol}]
            books:
              snapshot_depth: 1000
              snapshot_interval: 1s
              rest_snapshot_limit: 1000
            pipeline:
              batch_size: 100
              flush_interval: 200ms
            sinks:
              file:
                directory: {directory.Combine("data")}
                format: parquet{more}
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
              enabled: true
              port: 0
            """;
        var path = directory.Combine("collector.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}

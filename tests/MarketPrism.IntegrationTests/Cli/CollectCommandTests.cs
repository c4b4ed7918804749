using System.Text.Json;
using MarketPrism.IntegrationTests.Infrastructure;

namespace MarketPrism.IntegrationTests.Cli;

/// <summary><c>collect</c> as an operator runs it: what it says about its config at start-up.</summary>
[Collection(ProcessTests.Name)]
public sealed class CollectCommandTests
{
    [Fact]
    public async Task Collect_logs_each_moved_exchange_key_once_as_a_deprecation_warning_with_log_id_119_and_stops_cleanly_with_the_venue_unreachable()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("old-shape.yaml");
        // Old-shape keys on two entries; every address is a closed local port, so nothing leaves the machine and the
        // collector keeps retrying until it is stopped (and a stop then must not turn the last failed attempt into a
        // crash: it once exited 1 with "unexpected error: WebSocketException").
        await File.WriteAllTextAsync(path, """
            collector:
              log_format: json
            http:
              enabled: false
            exchanges:
              - exchange: binance
                market_type: spot
                base_url: http://127.0.0.1:1
                ws_url: ws://127.0.0.1:1
                symbols: [BTC-USDT]
                trade_stream: agg_trade
              - exchange: bybit
                market_type: perpetual
                base_url: http://127.0.0.1:1
                ws_url: ws://127.0.0.1:1
                symbols: [XRP-USDT]
                book_depth: 1000
            """, TestContext.Current.CancellationToken);

        await using var collector = ChildProcess.StartMarketPrism(["collect", "--config", path], directory.Path);
        var warnings = await collector.WaitForLinesAsync("is deprecated", 2, TimeSpan.FromSeconds(60));
        // The warnings come first: once both feeds have started (log id 104), there will be no more.
        await collector.WaitForLinesAsync("\"EventId\":104", 2, TimeSpan.FromSeconds(60));
        var exitCode = await collector.TerminateAsync(TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, $"collect exited with {exitCode}:{Environment.NewLine}{collector.Output}");
        var logged = collector.Output.Split('\n')
            .Where(line => line.Contains("is deprecated", StringComparison.Ordinal))
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();
        Assert.Equal(2, logged.Count);
        Assert.All(logged, line =>
        {
            Assert.Equal(119, line.GetProperty("EventId").GetInt32());
            Assert.Equal("Warning", line.GetProperty("LogLevel").GetString());
        });
        Assert.Equal(
            [
                $"Config: {path}:11:19: exchanges[0].trade_stream: is deprecated: write it under the entry's options as `options: {{ trade_stream: agg_trade }}`",
                $"Config: {path}:17:17: exchanges[1].book_depth: is deprecated: write it under the entry's options as `options: {{ book_depth: 1000 }}`",
            ],
            logged.Select(line => line.GetProperty("Message").GetString()));
        Assert.Equal(warnings.Count, logged.Count);
    }
}

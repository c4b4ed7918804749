using System.Text.RegularExpressions;
using MarketPrism.Core.Model;
using MarketPrism.IntegrationTests.Infrastructure;

namespace MarketPrism.IntegrationTests.EndToEnd;

/// <summary>What the collector does when the exchange misbehaves, with both sides as real processes.</summary>
[Collection(ProcessTests.Name)]
public sealed partial class CollectorFaultTests
{
    [Fact]
    public async Task An_injected_sequence_gap_causes_exactly_one_resync_and_the_book_ends_equal_to_the_truth()
    {
        await using var run = await CollectorRun.StartAsync(["--speed", "2"], (directory, simulator) => CollectorConfigFile.Write(directory, simulator));
        await run.Simulator.StartTimelineAsync();
        await run.Collector.WaitForLineAsync("Book synced binance perpetual SUSHI-USDT", TimeSpan.FromSeconds(30));

        await run.Simulator.InjectGapAsync(CollectorRun.FuturesVenue, "SUSHIUSDT");
        // End conditions instead of a settle delay: every frame is on the sockets (the stop reads and stores them),
        // and the book resynced after the gap (a stop while its snapshot is on the way would store no new book).
        await run.Simulator.WaitUntilEverythingSentAsync(TimeSpan.FromSeconds(90));
        await run.Collector.WaitForLinesAsync("Book synced binance perpetual SUSHI-USDT", 2, TimeSpan.FromSeconds(60));
        Assert.Equal(0, await run.StopCollectorAsync());

        var resyncs = ResyncLines().Matches(run.Collector.Output).Select(match => match.Value).ToList();
        var resync = Assert.Single(resyncs);
        Assert.Contains("binance perpetual SUSHI-USDT: gap", resync, StringComparison.Ordinal);
        var records = await run.ReadStoreAsync();
        var truth = CollectorRun.ToBook(await run.Simulator.TrueBookAsync(CollectorRun.FuturesVenue, "SUSHIUSDT", 1000));
        Assert.True(CollectorRun.RebuildFinalBook(records, MarketType.Perpetual, "SUSHI-USDT").TopEquals(truth, 100));
    }

    [Fact]
    public async Task A_dropped_connection_is_reconnected_and_its_books_resynced_to_the_truth()
    {
        await using var run = await CollectorRun.StartAsync(["--speed", "2"], (directory, simulator) => CollectorConfigFile.Write(directory, simulator));
        await run.Simulator.StartTimelineAsync();
        await run.Collector.WaitForLineAsync("Book synced binance spot NKN-USDT", TimeSpan.FromSeconds(30));

        await run.Simulator.DisconnectAsync(CollectorRun.SpotVenue, "reset");
        await run.Collector.WaitForLineAsync("connection binance-spot-1 lost", TimeSpan.FromSeconds(30));
        await run.Collector.WaitForLineAsync("connection binance-spot-1 up (#2)", TimeSpan.FromSeconds(30));
        await run.Simulator.WaitUntilEverythingSentAsync(TimeSpan.FromSeconds(90));
        await run.Collector.WaitForLinesAsync("Book synced binance spot NKN-USDT", 2, TimeSpan.FromSeconds(60));
        Assert.Equal(0, await run.StopCollectorAsync());

        Assert.Contains("Book resync binance spot NKN-USDT: disconnected", run.Collector.Output, StringComparison.Ordinal);
        var records = await run.ReadStoreAsync();
        var truth = CollectorRun.ToBook(await run.Simulator.TrueBookAsync(CollectorRun.SpotVenue, "NKNUSDT", 1000));
        Assert.True(CollectorRun.RebuildFinalBook(records, MarketType.Spot, "NKN-USDT").TopEquals(truth, 100));
    }

    [Fact]
    public async Task Connections_are_replaced_before_the_venue_cuts_them_without_losing_or_duplicating_anything()
    {
        // The simulator cuts connections after 5 s (Binance: 24 h); the collector replaces them after 3 s.
        await using var run = await CollectorRun.StartAsync(
            ["--speed", "2", "--max-connection-lifetime", "5s"],
            (directory, simulator) => CollectorConfigFile.Write(directory, simulator, maxLifetime: "3s"));

        await run.ReplayAllSentAsync(TimeSpan.FromSeconds(90));
        Assert.Equal(0, await run.StopCollectorAsync());

        Assert.Contains("handed over to #", run.Collector.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("lost (", run.Collector.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Book resync", run.Collector.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Sequence gap", run.Collector.Output, StringComparison.Ordinal);
        var status = await run.Simulator.StatusAsync();
        // Every replaced connection was closed by the collector with a complete close handshake, none cut by the venue.
        var unclean = status.ClosedConnections.Where(connection => !connection.Reason.Contains("client closed", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(unclean.Count == 0, string.Join(Environment.NewLine, status.ClosedConnections.Select(connection => $"{connection.Id} {connection.Path} {connection.OpenedAt:HH:mm:ss.fff}-{connection.ClosedAt:HH:mm:ss.fff} {connection.Reason}")) + Environment.NewLine + run.Collector.Output);

        var records = await run.ReadStoreAsync();
        foreach (var symbol in new[] { "SUSHI-USDT", "AKRO-USDT", "KEEP-USDT", "CTK-USDT" })
        {
            var generated = await run.Simulator.GeneratedIdsAsync(CollectorRun.FuturesVenue, symbol.Replace("-", "", StringComparison.Ordinal), "aggTrade");
            var stored = records.OfType<TradeRecord>().Where(trade => trade.SymbolName == symbol && trade.MarketType == MarketType.Perpetual).Select(trade => trade.TradeId.Number).ToList();
            Assert.Equal(generated.Count, stored.Count);
            Assert.Equal(stored.Count, stored.Distinct().Count());
            var truth = CollectorRun.ToBook(await run.Simulator.TrueBookAsync(CollectorRun.FuturesVenue, symbol.Replace("-", "", StringComparison.Ordinal), 1000));
            Assert.True(CollectorRun.RebuildFinalBook(records, MarketType.Perpetual, symbol).TopEquals(truth, 100), symbol);
        }
    }

    [GeneratedRegex("Book resync [^\\n]*")]
    private static partial Regex ResyncLines();
}

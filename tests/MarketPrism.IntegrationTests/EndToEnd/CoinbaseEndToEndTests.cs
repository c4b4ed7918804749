using MarketPrism.Core.Model;
using MarketPrism.IntegrationTests.Infrastructure;

namespace MarketPrism.IntegrationTests.EndToEnd;

/// <summary>
/// The Coinbase venue end to end over both of its APIs: the simulator (the Exchange feed under /coinbase/exchange,
/// Advanced Trade under /coinbase/advanced-trade, replaying the recorded Exchange session) and the collector as
/// separate processes, the store checked against what the simulator knows it sent.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class CoinbaseEndToEndTests
{
    /// <summary>Levels compared with the truth; the stored snapshots hold 1000, the recorded books a few hundred.</summary>
    private const int Depth = 50;

    [Theory]
    [InlineData("exchange")]
    [InlineData("advanced_trade")]
    public async Task The_recorded_session_is_stored_with_every_trade_once_books_equal_to_the_truth_ready_and_every_message_counted(string api)
    {
        await using var run = await CollectorRun.StartAsync(["--speed", "1"], (directory, simulator) => CoinbaseConfigFile.Write(directory, simulator, api), CoinbaseConfigFile.Subscriptions(api));
        using var http = await CollectorHttp.FromLogAsync(run.Collector);

        await run.ReplayAllSentAsync(TimeSpan.FromSeconds(120));
        var ready = await http.WaitForStatusAsync("ready", 200, TimeSpan.FromSeconds(30));
        var scrape = await http.ScrapeTimedAsync();
        var exitCode = await run.StopCollectorAsync();

        var output = run.Collector.Output;
        Assert.True(exitCode == 0, $"collector exited with {exitCode}:{Environment.NewLine}{output}");
        Assert.Contains("Stopped cleanly", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Book resync", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Bad frame", output, StringComparison.Ordinal);
        Assert.DoesNotContain(" lost (", output, StringComparison.Ordinal);
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.All((await run.Simulator.StatusAsync()).ClosedConnections, connection => Assert.Contains("collector stopping", connection.Reason, StringComparison.Ordinal));

        var records = await run.ReadStoreAsync();
        foreach (var product in CoinbaseConfigFile.Products)
        {
            var generated = await run.Simulator.GeneratedIdsAsync(CoinbaseConfigFile.Venue, product, "trade");
            var expected = generated.Ranges.SelectMany(range => LongRange(range.First, range.Last)).ToList();
            var stored = Of(records, product).OfType<TradeRecord>().Select(trade => trade.TradeId.Number).ToList();
            Assert.True(expected.SequenceEqual(stored), $"{api} {product}: generated [{string.Join(",", expected)}], stored [{string.Join(",", stored)}]");

            var truth = CollectorRun.ToBook(await run.Simulator.TrueBookAsync(CoinbaseConfigFile.Venue, product, Depth));
            Assert.True(CollectorRun.RebuildFinalBook(records, MarketType.Spot, product).TopEquals(truth, Depth), $"{api} {product}: the stored book differs from the simulator's truth");
        }

        CollectorHttp.AssertEveryStoredRecordCounted(scrape, records, "coinbase");
    }

    [Theory]
    [InlineData("exchange")]
    [InlineData("advanced_trade")]
    public async Task After_a_dropped_message_and_a_reset_connection_every_book_ends_equal_to_the_truth_and_no_trade_is_stored_twice(string api)
    {
        await using var run = await CollectorRun.StartAsync(
            ["--speed", "1", "--loop"], (directory, simulator) => CoinbaseConfigFile.Write(directory, simulator, api), CoinbaseConfigFile.Subscriptions(api));
        await run.Simulator.StartTimelineAsync();

        // Drop one message (Advanced Trade: a sequence_num gap in SKL-USD's book; Exchange feed: SKL-USD's next match),
        // then reset the connection, and let the collector resubscribe every stream.
        await run.Simulator.InjectGapAsync(CoinbaseConfigFile.Venue, "SKL-USD");
        await run.Simulator.WaitUntilAsync(
            status => status.Venues.Single(venue => venue.Name == CoinbaseConfigFile.Venue).Loops >= 2, TimeSpan.FromSeconds(60), "two passes of the Coinbase session");
        await run.Simulator.PostAsync($"sim/faults/disconnect?venue={CoinbaseConfigFile.Venue}&mode=reset");
        await run.Simulator.WaitUntilAsync(
            status => status.Connections.Where(c => c.Venue == CoinbaseConfigFile.Venue).Sum(c => c.Subscriptions.Length) >= CoinbaseConfigFile.Subscriptions(api)
                && status.ClosedConnections.Any(c => c.Venue == CoinbaseConfigFile.Venue),
            TimeSpan.FromSeconds(60),
            "the collector resubscribed after the reset");
        var resubscribed = (await run.Simulator.StatusAsync()).Venues.Single(venue => venue.Name == CoinbaseConfigFile.Venue).Loops;
        await run.Simulator.WaitUntilAsync(
            status => status.Venues.Single(venue => venue.Name == CoinbaseConfigFile.Venue).Loops >= resubscribed + 1, TimeSpan.FromSeconds(60), "one more pass after resubscribing");
        await run.Simulator.HaltAsync();
        await run.Simulator.WaitUntilEverythingSentAsync(TimeSpan.FromSeconds(60));
        var exitCode = await run.StopCollectorAsync();

        var output = run.Collector.Output;
        Assert.True(exitCode == 0, $"collector exited with {exitCode}:{Environment.NewLine}{output}");
        Assert.Equal(1, (await run.Simulator.StatusAsync()).Venues.Single(venue => venue.Name == CoinbaseConfigFile.Venue).GapsInjected);
        var records = await run.ReadStoreAsync();
        foreach (var product in CoinbaseConfigFile.Products)
        {
            var truth = CollectorRun.ToBook(await run.Simulator.TrueBookAsync(CoinbaseConfigFile.Venue, product, Depth));
            Assert.True(CollectorRun.RebuildFinalBook(records, MarketType.Spot, product).TopEquals(truth, Depth), $"{api} {product}: the stored book differs from the simulator's truth after the gap and the reset");
            var trades = Of(records, product).OfType<TradeRecord>().Select(trade => trade.TradeId.Number).ToList();
            Assert.Equal(trades.Count, trades.Distinct().Count());
        }
    }

    private static IEnumerable<MarketRecord> Of(List<MarketRecord> records, string product) =>
        records.Where(record => record.ExchangeName == "coinbase" && record.MarketType == MarketType.Spot && record.Instrument.ExchangeSymbol == product);

    private static IEnumerable<long> LongRange(long first, long last)
    {
        for (var id = first; id <= last; id++)
        {
            yield return id;
        }
    }
}

using MarketPrism.Core.Model;
using MarketPrism.IntegrationTests.Infrastructure;

namespace MarketPrism.IntegrationTests.EndToEnd;

/// <summary>
/// The simulator and the collector as separate processes: a whole recorded session is collected into the store and
/// checked against what the simulator knows it sent.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class CollectorEndToEndTests
{
    private static readonly (MarketType Market, string Venue, string Symbol)[] Books =
    [
        (MarketType.Spot, CollectorRun.SpotVenue, "NKN-USDT"),
        (MarketType.Spot, CollectorRun.SpotVenue, "BLZ-ETH"),
        (MarketType.Spot, CollectorRun.SpotVenue, "LRC-BTC"),
        (MarketType.Spot, CollectorRun.SpotVenue, "RUNE-EUR"),
        (MarketType.Perpetual, CollectorRun.FuturesVenue, "SUSHI-USDT"),
        (MarketType.Perpetual, CollectorRun.FuturesVenue, "AKRO-USDT"),
        (MarketType.Perpetual, CollectorRun.FuturesVenue, "KEEP-USDT"),
        (MarketType.Perpetual, CollectorRun.FuturesVenue, "CTK-USDT"),
    ];

    [Fact]
    public async Task A_whole_recorded_session_ends_up_in_parquet_with_every_trade_and_books_equal_to_the_truth()
    {
        // Pings every second with a 3 s pong deadline: a collector that did not answer them would be dropped mid-session.
        await using var run = await CollectorRun.StartAsync(
            ["--speed", "3", "--ping-interval", "1s", "--pong-timeout", "3s"],
            (directory, simulator) => CollectorConfigFile.Write(directory, simulator));

        // Once everything the simulator sent is on the collector's sockets, the stop reads it (close handshake) and
        // drains it into the store: no settle delay.
        await run.ReplayAllSentAsync(TimeSpan.FromSeconds(90));
        var exitCode = await run.StopCollectorAsync();

        Assert.True(exitCode == 0, $"collector exited with {exitCode}:{Environment.NewLine}{run.Collector.Output}");
        Assert.Contains("Stopped cleanly", run.Collector.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Book resync", run.Collector.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Sequence gap", run.Collector.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Bad frame", run.Collector.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(" lost (", run.Collector.Output, StringComparison.Ordinal);
        // The only closes are the collector's own, with a complete handshake, at shutdown.
        Assert.All((await run.Simulator.StatusAsync()).ClosedConnections, connection => Assert.Contains("collector stopping", connection.Reason, StringComparison.Ordinal));

        var records = await run.ReadStoreAsync();
        await AssertEveryTradeStoredOnceAsync(run, records);
        foreach (var (market, venue, symbol) in Books)
        {
            var exchangeSymbol = symbol.Replace("-", "", StringComparison.Ordinal);
            var truth = CollectorRun.ToBook(await run.Simulator.TrueBookAsync(venue, exchangeSymbol, 1000));
            var stored = CollectorRun.RebuildFinalBook(records, market, symbol);
            Assert.True(stored.TopEquals(truth, 100), $"{market} {symbol}: the stored book differs from the simulator's truth in its top 100 levels");
        }

        var status = await run.Simulator.StatusAsync();
        var futures = status.Venues.Single(venue => venue.Name == CollectorRun.FuturesVenue);
        var perpetual = records.Where(record => record.MarketType == MarketType.Perpetual).ToList();
        Assert.Equal(futures.Streams.Where(stream => stream.Key.EndsWith("@markPrice@1s", StringComparison.Ordinal)).Sum(stream => stream.Value), perpetual.Count(record => record.DataType == DataType.MarkPrice));
        Assert.Equal(futures.Streams.Where(stream => stream.Key.EndsWith("@forceOrder", StringComparison.Ordinal)).Sum(stream => stream.Value), perpetual.Count(record => record.DataType == DataType.Liquidation));
        Assert.Equal(futures.Streams.Where(stream => stream.Key.EndsWith("@bookTicker", StringComparison.Ordinal)).Sum(stream => stream.Value), perpetual.Count(record => record.DataType == DataType.BestBidAsk));
        Assert.Contains(perpetual, record => record is FundingRateRecord { NextFundingTime: not null, IndexPrice: not null });
        Assert.Contains(perpetual, record => record is OpenInterestRecord { OpenInterestValue: not null });
        Assert.DoesNotContain(records, record => record.MarketType == MarketType.Spot && record.DataType is DataType.FundingRate or DataType.Liquidation);
    }

    private static async Task AssertEveryTradeStoredOnceAsync(CollectorRun run, List<MarketRecord> records)
    {
        foreach (var (market, venue, symbol) in Books)
        {
            var generated = await run.Simulator.GeneratedIdsAsync(venue, symbol.Replace("-", "", StringComparison.Ordinal), "aggTrade");
            var expected = generated.Ranges.SelectMany(range => LongRange(range.First, range.Last)).ToList();
            var stored = records.OfType<TradeRecord>()
                .Where(trade => trade.MarketType == market && trade.SymbolName == symbol)
                .Select(trade => trade.TradeId.Number)
                .ToList();
            Assert.Equal(expected, stored);
        }

        Assert.True(records.OfType<TradeRecord>().Count() > 50, "the sessions hold dozens of trades");
    }

    private static IEnumerable<long> LongRange(long first, long last)
    {
        for (var id = first; id <= last; id++)
        {
            yield return id;
        }
    }
}

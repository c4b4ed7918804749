using System.Text.RegularExpressions;
using MarketPrism.Core.Model;
using MarketPrism.IntegrationTests.Infrastructure;
using MarketPrism.Simulator.Bybit;

namespace MarketPrism.IntegrationTests.EndToEnd;

/// <summary>
/// The collector against the simulator's Bybit venues, both as processes: the recorded session slowed down to outlast
/// the simulator's heartbeat cut, a connection replaced half-way, and a withheld book change on each market.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed partial class BybitEndToEndTests
{
    private static readonly (MarketType Market, string Venue)[] Markets =
        [(MarketType.Spot, BybitCollectorConfig.SpotVenue), (MarketType.Perpetual, BybitCollectorConfig.LinearVenue)];

    [Fact]
    public async Task Bybit_spot_and_linear_store_every_trade_once_books_equal_to_the_truth_and_pings_keep_the_connections()
    {
        // At speed 0.125 the 4.9 s session lasts about 39 s. The simulator cuts a connection that sends no ping for
        // 25 s, so only the collector's pings (every 20 s) keep the first connection up until it is replaced at 30 s.
        await using var run = await CollectorRun.StartAsync(
            ["--speed", "0.125", "--heartbeat-timeout", "25s"],
            (directory, simulator) => BybitCollectorConfig.Write(directory, simulator, maxLifetime: "30s"),
            BybitCollectorConfig.ExpectedSubscriptions);

        foreach (var (_, venue) in Markets)
        {
            await run.Simulator.StartTimelineAsync(venue);
        }

        // A few seconds in, one book change of each market is withheld.
        await run.Simulator.WaitUntilAsync(
            status => status.Venues.Where(v => v.Name.StartsWith("bybit", StringComparison.Ordinal)).All(v => v.FramesGenerated > 40),
            TimeSpan.FromSeconds(60),
            "Bybit frames flowing");
        foreach (var (_, venue) in Markets)
        {
            await run.Simulator.InjectGapAsync(venue, "XRPUSDT");
        }

        // End conditions instead of a settle delay: every frame is on the sockets (the stop reads and stores them),
        // and each XRP book synced again after its gap.
        await run.Simulator.WaitUntilEverythingSentAsync(TimeSpan.FromSeconds(90));
        await run.Collector.WaitForLinesAsync("Book synced bybit spot XRP-USDT at", 2, TimeSpan.FromSeconds(60));
        await run.Collector.WaitForLinesAsync("Book synced bybit perpetual XRP-USDT at", 2, TimeSpan.FromSeconds(60));
        var exitCode = await run.StopCollectorAsync();

        var output = run.Collector.Output;
        Assert.True(exitCode == 0, $"collector exited with {exitCode}:{Environment.NewLine}{output}");
        Assert.Contains("Stopped cleanly", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Bad frame", output, StringComparison.Ordinal);
        Assert.DoesNotContain(" lost (", output, StringComparison.Ordinal);
        Assert.Contains("handed over to #", output, StringComparison.Ordinal);
        var resyncs = ResyncLines().Matches(output).Select(match => match.Value).ToList();
        Assert.Equal(2, resyncs.Count);
        Assert.Contains(resyncs, line => line.Contains("bybit spot XRP-USDT: gap", StringComparison.Ordinal));
        Assert.Contains(resyncs, line => line.Contains("bybit perpetual XRP-USDT: gap", StringComparison.Ordinal));

        // No connection was cut for want of pings: every close was the collector's own, with a handshake.
        var status = await run.Simulator.StatusAsync();
        var bybitClosed = status.ClosedConnections.Where(connection => connection.Venue.StartsWith("bybit", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(bybitClosed);
        Assert.All(bybitClosed, connection => Assert.Contains("client closed", connection.Reason, StringComparison.Ordinal));

        var records = await run.ReadStoreAsync();
        foreach (var (market, venue) in Markets)
        {
            var generated = await run.Simulator.GeneratedIdsAsync(venue, "XRPUSDT", "trade");
            var expected = generated.Ranges.SelectMany(range => Enumerable.Range((int)range.First, (int)range.Count))
                .Select(number => BybitTradeIds.Format(market == MarketType.Spot, number))
                .ToList();
            var stored = records.OfType<TradeRecord>().Where(trade => trade.MarketType == market).Select(trade => trade.TradeId.ToString()).ToList();
            Assert.True(expected.Count > 20, $"{market}: {expected.Count} trades generated");
            Assert.Equal(expected, stored);

            var truth = CollectorRun.ToBook(await run.Simulator.TrueBookAsync(venue, "XRPUSDT", 200));
            Assert.True(CollectorRun.RebuildFinalBook(records, market, "XRP-USDT").TopEquals(truth, 200), $"{market}: the stored book differs from the truth");
            Assert.Contains(records, record => record is BestBidAskRecord quote && quote.MarketType == market);
        }

        var linear = status.Venues.Single(venue => venue.Name == BybitCollectorConfig.LinearVenue);
        var perpetual = records.Where(record => record.MarketType == MarketType.Perpetual).ToList();
        Assert.Equal(linear.Streams["allLiquidation.XRPUSDT"], perpetual.Count(record => record.DataType == DataType.Liquidation));
        Assert.Contains(perpetual, record => record is FundingRateRecord { NextFundingTime: not null, MarkPrice: not null, IndexPrice: not null });
        Assert.Contains(perpetual, record => record is OpenInterestRecord { OpenInterestValue: not null });
        Assert.Contains(perpetual, record => record is MarkPriceRecord);
        Assert.DoesNotContain(records, record => record.MarketType == MarketType.Spot && record.DataType is DataType.FundingRate or DataType.Liquidation or DataType.OpenInterest);
    }

    [Fact]
    public async Task Under_the_lenient_default_a_skipped_u_is_applied_and_counted_once_and_only_a_crossed_book_resyncs()
    {
        // The simulator's gap fault loses the message outright (Bybit's own skips merge it into the next one), so the
        // level it changed may be left stale, and when that crosses the book the crossed check resynchronizes it.
        await using var run = await CollectorRun.StartAsync(
            ["--speed", "0.5"],
            (directory, simulator) => BybitCollectorConfig.Write(directory, simulator, continuity: "lenient", http: true),
            BybitCollectorConfig.ExpectedSubscriptions);
        using var http = await CollectorHttp.FromLogAsync(run.Collector);
        var before = await http.ScrapeAsync();
        foreach (var (_, venue) in Markets)
        {
            await run.Simulator.StartTimelineAsync(venue);
        }

        await run.Simulator.WaitUntilAsync(
            status => status.Venues.Single(v => v.Name == BybitCollectorConfig.LinearVenue).FramesGenerated > 40,
            TimeSpan.FromSeconds(60),
            "Bybit linear frames flowing");
        await run.Simulator.InjectGapAsync(BybitCollectorConfig.LinearVenue, "XRPUSDT");
        await run.Simulator.WaitUntilAsync(
            status => status.Venues.Where(v => v.Name.StartsWith("bybit", StringComparison.Ordinal)).All(v => v.Finished),
            TimeSpan.FromSeconds(90),
            "both Bybit sessions finished");
        var exposition = await http.ScrapeAsync();
        Assert.Equal(0, await run.StopCollectorAsync());

        const string Skips = "marketprism_book_update_id_skips_total{exchange=\"bybit\",market_type=\"perpetual\"}";
        Assert.Equal(0, CollectorHttp.Sample(before, Skips));
        Assert.Equal(1, CollectorHttp.Sample(exposition, Skips));
        Assert.Equal(0, CollectorHttp.Sample(exposition, "marketprism_book_update_id_skips_total{exchange=\"bybit\",market_type=\"spot\"}"));
        Assert.Equal(0, CollectorHttp.Sample(exposition, "marketprism_book_resyncs_total{exchange=\"bybit\",market_type=\"perpetual\",reason=\"gap\"}"));
        Assert.Equal(0, CollectorHttp.Sample(exposition, "marketprism_errors_total{exchange=\"bybit\",error_type=\"sequence_gap\"}"));
        Assert.All(ResyncLines().Matches(run.Collector.Output), line => Assert.Contains("bybit perpetual XRP-USDT: crossed", line.Value, StringComparison.Ordinal));
    }

    [GeneratedRegex("Book resync [^\\n]*")]
    private static partial Regex ResyncLines();
}

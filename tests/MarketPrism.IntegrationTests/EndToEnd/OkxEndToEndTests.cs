using System.Text.RegularExpressions;
using MarketPrism.Core.Model;
using MarketPrism.IntegrationTests.Infrastructure;

namespace MarketPrism.IntegrationTests.EndToEnd;

/// <summary>
/// The OKX venue end to end: the simulator (speaking OKX v5 under /okx) and the collector as separate processes, the
/// recorded OKX session collected into the Parquet store and checked against what the simulator knows it sent.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed partial class OkxEndToEndTests
{
    /// <summary>Longer than OKX's 30 s idle cut, which only the collector's text pings can survive.</summary>
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task The_recorded_okx_session_is_stored_with_every_trade_once_books_equal_to_the_truth_and_pings_keep_quiet_connections_open()
    {
        await using var run = await CollectorRun.StartAsync(["--speed", "3"], (directory, simulator) => OkxConfigFile.Write(directory, simulator), OkxConfigFile.Subscriptions);

        await ReplayOkxAsync(run);

        // The session is over and nothing is pushed any more: without a ping before OKX's 30 s, each connection is cut.
        // Real time by design: the silence must outlast the simulator's idle cut (on the real clock) to show the
        // pings keep the connections.
        await Task.Delay(QuietPeriod, TestContext.Current.CancellationToken);
        var exitCode = await run.StopCollectorAsync();

        Assert.True(exitCode == 0, $"collector exited with {exitCode}:{Environment.NewLine}{run.Collector.Output}");
        Assert.Contains("Stopped cleanly", run.Collector.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Book resync", run.Collector.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Bad frame", run.Collector.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(" failed: ", run.Collector.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(" lost (", run.Collector.Output, StringComparison.Ordinal);
        var status = await run.Simulator.StatusAsync();
        Assert.Equal(3, status.ClosedConnections.Length);
        Assert.All(status.ClosedConnections, connection => Assert.Contains("collector stopping", connection.Reason, StringComparison.Ordinal));
        Assert.All(status.ClosedConnections, connection => Assert.True(connection.ClosedAt - connection.OpenedAt > QuietPeriod));

        var records = await run.ReadStoreAsync();
        foreach (var (market, symbol, instId) in OkxConfigFile.Instruments)
        {
            var normalized = symbol == "BTC-USD-220527" ? "BTC-USD" : symbol;
            var generated = await run.Simulator.GeneratedIdsAsync(OkxConfigFile.Venue, instId, "trade");
            var expected = generated.Ranges.SelectMany(range => LongRange(range.First, range.Last)).ToList();
            var stored = records.OfType<TradeRecord>().Where(trade => trade.MarketType == market && trade.SymbolName == normalized).Select(trade => trade.TradeId.Number).ToList();
            Assert.Equal(expected, stored);

            var truth = CollectorRun.ToBook(await run.Simulator.TrueBookAsync(OkxConfigFile.Venue, instId, 400));
            Assert.True(CollectorRun.RebuildFinalBook(records, market, normalized).TopEquals(truth, 400), $"{market} {instId}: the stored book differs from the simulator's truth");
        }

        var okx = status.Venues.Single(venue => venue.Name == OkxConfigFile.Venue);
        long Generated(string prefix) => okx.Streams.Where(stream => stream.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(stream => stream.Value);
        var derivatives = records.Where(record => record.MarketType != MarketType.Spot).ToList();
        Assert.Equal(Generated("mark-price:"), derivatives.Count(record => record.DataType == DataType.MarkPrice));
        Assert.Equal(Generated("liquidation-orders:"), records.Count(record => record.DataType == DataType.Liquidation));
        Assert.Equal(Generated("bbo-tbt:"), records.Count(record => record.DataType == DataType.BestBidAsk));
        Assert.True(Generated("funding-rate:") <= records.Count(record => record.DataType == DataType.FundingRate));
        Assert.Contains(records, record => record is LiquidationRecord { Side: Side.Sell, InstrumentType: InstrumentType.Swap });
        Assert.Contains(records, record => record is OpenInterestRecord { MarketType: MarketType.Futures, OpenInterestValue: not null });
        foreach (var market in new[] { MarketType.Perpetual, MarketType.Futures })
        {
            Assert.Equal(
                [LongShortRatioKind.TopPosition, LongShortRatioKind.TopAccount, LongShortRatioKind.AllAccount],
                records.OfType<LongShortRatioRecord>().Where(ratio => ratio.MarketType == market).Select(ratio => ratio.Kind).Distinct().Order());
        }

        Assert.DoesNotContain(records, record => record.MarketType == MarketType.Spot && record.DataType is DataType.FundingRate or DataType.Liquidation or DataType.MarkPrice);
    }

    [Fact]
    public async Task A_gap_and_a_wrong_checksum_each_cause_exactly_one_resync_and_the_books_end_equal_to_the_truth()
    {
        await using var run = await CollectorRun.StartAsync(["--speed", "1"], (directory, simulator) => OkxConfigFile.Write(directory, simulator), OkxConfigFile.Subscriptions);
        await run.Collector.WaitForLineAsync("Book synced okx spot BTC-USDT", TimeSpan.FromSeconds(30));
        await run.Collector.WaitForLineAsync("Book synced okx perpetual UNI-USD", TimeSpan.FromSeconds(30));

        await run.Simulator.InjectGapAsync(OkxConfigFile.Venue, "BTC-USDT");
        (await run.Simulator.Control.PostAsync(new Uri($"sim/faults/checksum?venue={OkxConfigFile.Venue}&symbol=UNI-USD-SWAP", UriKind.Relative), null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await ReplayOkxAsync(run, "spot BTC-USDT", "perpetual UNI-USD");
        Assert.Equal(0, await run.StopCollectorAsync());

        var resyncs = ResyncLines().Matches(run.Collector.Output).Select(match => match.Value).ToList();
        Assert.Equal(2, resyncs.Count);
        Assert.Contains(resyncs, line => line.StartsWith("Book resync okx spot BTC-USDT: gap", StringComparison.Ordinal));
        Assert.Contains(resyncs, line => line.StartsWith("Book resync okx perpetual UNI-USD: checksum_mismatch", StringComparison.Ordinal));
        Assert.Equal(2, Regex.Count(run.Collector.Output, "resubscribing books:"));
        var records = await run.ReadStoreAsync();
        foreach (var (market, symbol, instId) in OkxConfigFile.Instruments.Where(instrument => instrument.Market != MarketType.Futures))
        {
            var truth = CollectorRun.ToBook(await run.Simulator.TrueBookAsync(OkxConfigFile.Venue, instId, 400));
            Assert.True(CollectorRun.RebuildFinalBook(records, market, symbol).TopEquals(truth, 400), $"{instId}: the stored book differs from the simulator's truth after the resync");
        }
    }

    [Fact]
    public async Task With_the_in_band_snapshot_withheld_books_are_seeded_from_rest_bridged_by_seq_id_and_end_equal_to_the_truth()
    {
        // OKX announced it will stop sending the books channel's initial snapshot: the simulator sends only updates,
        // and each book must be seeded from /api/v5/market/books (with its seqId) after books.in_band_snapshot_timeout.
        await using var run = await CollectorRun.StartAsync(
            ["--speed", "3", "--okx-withhold-book-snapshot"], (directory, simulator) => OkxConfigFile.Write(directory, simulator), OkxConfigFile.Subscriptions);
        foreach (var label in new[] { "spot BTC-USDT", "perpetual UNI-USD", "futures BTC-USD" })
        {
            await run.Collector.WaitForLineAsync($"Book synced okx {label}", TimeSpan.FromSeconds(60));
        }

        await ReplayOkxAsync(run);
        Assert.Equal(0, await run.StopCollectorAsync());

        var output = run.Collector.Output;
        Assert.Equal(3, Regex.Count(output, "no in-band snapshot 5 s after subscribing; fetching one over REST"));
        Assert.DoesNotContain("Book resync", output, StringComparison.Ordinal);
        Assert.DoesNotContain("resubscribing books:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Snapshot okx", output, StringComparison.Ordinal);
        var bookRequests = (await run.Simulator.RequestsAsync())
            .Where(request => request.Venue == OkxConfigFile.Venue && request.Path.StartsWith("/okx/api/v5/market/books?", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(3, bookRequests.Count);
        Assert.All(bookRequests, request => Assert.Contains("&sz=400", request.Path, StringComparison.Ordinal));

        var records = await run.ReadStoreAsync();
        foreach (var (market, symbol, instId) in OkxConfigFile.Instruments)
        {
            var normalized = symbol == "BTC-USD-220527" ? "BTC-USD" : symbol;
            var truth = CollectorRun.ToBook(await run.Simulator.TrueBookAsync(OkxConfigFile.Venue, instId, 400));
            Assert.True(CollectorRun.RebuildFinalBook(records, market, normalized).TopEquals(truth, 400), $"{market} {instId}: the book seeded from REST differs from the simulator's truth");
        }
    }

    [Fact]
    public async Task With_the_in_band_snapshot_withheld_a_gap_is_repaired_from_rest_without_resubscribing()
    {
        // Manual start: the books are seeded from REST while the timeline waits, so the gap is armed before the first update.
        await using var run = await CollectorRun.StartAsync(
            ["--speed", "3", "--okx-withhold-book-snapshot", "--manual-start"], (directory, simulator) => OkxConfigFile.Write(directory, simulator), OkxConfigFile.Subscriptions);
        await run.Collector.WaitForLineAsync("Book synced okx spot BTC-USDT", TimeSpan.FromSeconds(60));
        await run.Simulator.InjectGapAsync(OkxConfigFile.Venue, "BTC-USDT");

        await ReplayOkxAsync(run, "spot BTC-USDT");
        Assert.Equal(0, await run.StopCollectorAsync());

        var resyncs = ResyncLines().Matches(run.Collector.Output).Select(match => match.Value).ToList();
        Assert.StartsWith("Book resync okx spot BTC-USDT: gap", Assert.Single(resyncs), StringComparison.Ordinal);
        Assert.DoesNotContain("resubscribing books:", run.Collector.Output, StringComparison.Ordinal);
        var bookRequests = (await run.Simulator.RequestsAsync())
            .Count(request => request.Venue == OkxConfigFile.Venue && request.Path.StartsWith("/okx/api/v5/market/books?instId=BTC-USDT&", StringComparison.Ordinal));
        Assert.Equal(2, bookRequests);
        var records = await run.ReadStoreAsync();
        var truth = CollectorRun.ToBook(await run.Simulator.TrueBookAsync(OkxConfigFile.Venue, "BTC-USDT", 400));
        Assert.True(CollectorRun.RebuildFinalBook(records, MarketType.Spot, "BTC-USDT").TopEquals(truth, 400), "the book re-seeded from REST differs from the simulator's truth");
    }

    /// <summary>Starts the OKX timeline (only) and waits until it sent its last recorded frame and the collector had a moment.</summary>
    /// <summary>
    /// Replays the OKX session and waits for its end conditions, no settle delay: every frame is on the collector's
    /// sockets (its stop reads and stores them), and each book in <paramref name="resynced"/> (e.g.
    /// <c>spot BTC-USDT</c>) has synced a second time, after the resync a fault caused (a stop while its new snapshot
    /// is on the way would store no new book).
    /// </summary>
    private static async Task ReplayOkxAsync(CollectorRun run, params string[] resynced)
    {
        await run.Simulator.StartTimelineAsync(OkxConfigFile.Venue);
        await run.Simulator.WaitUntilEverythingSentAsync(TimeSpan.FromSeconds(90));
        foreach (var book in resynced)
        {
            await run.Collector.WaitForLinesAsync($"Book synced okx {book} at", 2, TimeSpan.FromSeconds(60));
        }
    }

    private static IEnumerable<long> LongRange(long first, long last)
    {
        for (var id = first; id <= last; id++)
        {
            yield return id;
        }
    }

    [GeneratedRegex("Book resync [^\\n]*")]
    private static partial Regex ResyncLines();
}

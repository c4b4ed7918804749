using MarketPrism.Core.Books;
using MarketPrism.Core.Model;
using MarketPrism.IntegrationTests.Infrastructure;
using MarketPrism.Simulator;

namespace MarketPrism.IntegrationTests.EndToEnd;

/// <summary>
/// The simulated Hyperliquid and the collector as separate processes: the recorded BTC session of whole 20-level book
/// pushes and trades with unordered ids, the synthetic bbo and activeAssetCtx, over one connection kept alive by pings.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class HyperliquidEndToEndTests
{
    [Fact]
    public async Task The_session_is_stored_once_with_books_equal_to_the_truth_and_derived_deltas_that_rebuild_every_pushed_book()
    {
        // Speed 2: the 25 s session lasts about 13 s.
        await using var run = await CollectorRun.StartAsync(["--speed", "2"], HyperliquidConfigFile.Write, HyperliquidConfigFile.ExpectedSubscriptions);
        using var http = await CollectorHttp.FromLogAsync(run.Collector);

        // Everything sent is on the socket (the subscriptions' first values are answers, not counted as frames, so the
        // count is exact): the stop reads it and drains it into the store.
        var sent = await run.ReplayAllSentAsync(TimeSpan.FromSeconds(90));
        var ready = await http.WaitForStatusAsync("ready", 200, TimeSpan.FromSeconds(30));
        var exitCode = await run.StopCollectorAsync();

        var output = run.Collector.Output;
        Assert.True(exitCode == 0, $"collector exited with {exitCode}:{Environment.NewLine}{output}");
        Assert.Contains("Stopped cleanly", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Book resync", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Bad frame", output, StringComparison.Ordinal);
        Assert.DoesNotContain(" lost (", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Subscription error", output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.All((await run.Simulator.StatusAsync()).ClosedConnections, connection => Assert.Contains("collector stopping", connection.Reason, StringComparison.Ordinal));

        var records = (await run.ReadStoreAsync()).Where(record => record.SymbolName == HyperliquidConfigFile.Symbol).ToList();
        Assert.All(records, record => Assert.Equal(MarketType.Perpetual, record.MarketType));

        // Every trade once, in the order sent: tids are unique but neither ordered nor contiguous.
        var generated = await run.Simulator.GeneratedIdsAsync(HyperliquidConfigFile.Venue, HyperliquidConfigFile.Coin, "trades");
        var expected = generated.Ranges.SelectMany(range => LongRange(range.First, range.Last)).Select(tid => tid.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var stored = records.OfType<TradeRecord>().Select(trade => trade.TradeId.ToString()).ToList();
        Assert.Equal(64, expected.Count);
        Assert.Equal(expected, stored);

        // The book: the stored one equals the truth, and the derived deltas rebuild every pushed book exactly.
        var truth = await run.Simulator.TrueBookAsync(HyperliquidConfigFile.Venue, HyperliquidConfigFile.Coin, HyperliquidConfigFile.Depth);
        Assert.True(
            CollectorRun.RebuildFinalBook(records, MarketType.Perpetual, HyperliquidConfigFile.Symbol).TopEquals(CollectorRun.ToBook(truth), HyperliquidConfigFile.Depth),
            "the stored book differs from the simulator's truth");
        var snapshots = AssertDeltasRebuildEverySnapshot(records);
        Assert.Equal(truth.LastUpdateId, snapshots[^1].LastUpdateId);
        var bookPushes = sent.Venues.Single(venue => venue.Name == HyperliquidConfigFile.Venue).Streams["l2Book:BTC"];
        Assert.True(snapshots.Count >= bookPushes, $"{snapshots.Count} snapshots stored for {bookPushes} pushes");

        // Funding, open interest and mark price for the configured perpetual, from every activeAssetCtx push.
        var contexts = sent.Venues.Single(venue => venue.Name == HyperliquidConfigFile.Venue).Streams["activeAssetCtx:BTC"];
        Assert.True(contexts >= 10, $"{contexts} asset contexts pushed");
        var funding = records.OfType<FundingRateRecord>().ToList();
        Assert.NotEmpty(funding);
        Assert.All(funding, record =>
        {
            Assert.NotNull(record.NextFundingTime);
            Assert.Equal(0, record.NextFundingTime.Value.Ticks % TimeSpan.TicksPerHour);
            Assert.InRange(Math.Abs(record.FundingRate), 0m, 0.04m);
        });
        Assert.Contains(records, record => record is OpenInterestRecord { OpenInterest: > 0, OpenInterestValue: > 0 });
        Assert.Contains(records, record => record is MarkPriceRecord { MarkPrice: > 0, IndexPrice: > 0 });
        var lastQuote = records.OfType<BestBidAskRecord>().Last();
        Assert.Equal(truth.Bids[0].Price, lastQuote.BidPrice);
        Assert.Equal(truth.Asks[0].Price, lastQuote.AskPrice);
    }

    [Fact]
    public async Task A_lost_book_push_goes_unseen_and_the_next_push_repairs_the_book_without_a_resync()
    {
        await using var run = await CollectorRun.StartAsync(["--speed", "2"], HyperliquidConfigFile.Write, HyperliquidConfigFile.ExpectedSubscriptions);
        await run.Simulator.StartTimelineAsync(HyperliquidConfigFile.Venue);
        await run.Simulator.WaitUntilAsync(
            status => status.Venues.Single(venue => venue.Name == HyperliquidConfigFile.Venue).Streams.GetValueOrDefault("l2Book:BTC") >= 10,
            TimeSpan.FromSeconds(60),
            "Hyperliquid books flowing");

        await run.Simulator.InjectGapAsync(HyperliquidConfigFile.Venue, HyperliquidConfigFile.Coin);

        // Every frame but the one withheld is on the socket.
        var status = await run.Simulator.WaitUntilAsync(
            s => s.Venues.Single(venue => venue.Name == HyperliquidConfigFile.Venue) is { Finished: true, GapsInjected: 1 } && SimulatorProcess.Unsent(s) == 1,
            TimeSpan.FromSeconds(90),
            "the session finished and everything but the lost push sent");
        Assert.Equal(0, await run.StopCollectorAsync());

        Assert.DoesNotContain("Book resync", run.Collector.Output, StringComparison.Ordinal);
        var records = (await run.ReadStoreAsync()).Where(record => record.SymbolName == HyperliquidConfigFile.Symbol).ToList();
        var truth = await run.Simulator.TrueBookAsync(HyperliquidConfigFile.Venue, HyperliquidConfigFile.Coin, HyperliquidConfigFile.Depth);
        var snapshots = AssertDeltasRebuildEverySnapshot(records);
        Assert.Equal(truth.LastUpdateId, snapshots[^1].LastUpdateId);
        Assert.True(CollectorRun.ToBook(truth).TopEquals(Book(snapshots[^1]), HyperliquidConfigFile.Depth));
        var pushes = status.Venues.Single(venue => venue.Name == HyperliquidConfigFile.Venue).Streams["l2Book:BTC"];
        Assert.True(snapshots.Count >= pushes - 1, $"{snapshots.Count} snapshots stored for {pushes} pushes, one of them lost");
    }

    /// <summary>
    /// From the first stored snapshot, applying the stored deltas up to each later snapshot gives that snapshot exactly
    /// (20 levels a side: the whole pushed book). Returns the snapshots in order.
    /// </summary>
    private static List<BookSnapshotRecord> AssertDeltasRebuildEverySnapshot(List<MarketRecord> records)
    {
        var snapshots = records.OfType<BookSnapshotRecord>().OrderBy(snapshot => snapshot.LastUpdateId).ToList();
        var deltas = records.OfType<BookDeltaRecord>().OrderBy(delta => delta.LastUpdateId).ToList();
        Assert.True(snapshots.Count > 10, $"{snapshots.Count} snapshots stored");
        Assert.Equal(snapshots.Count, snapshots.Select(snapshot => snapshot.LastUpdateId).Distinct().Count());
        var book = Book(snapshots[0]);
        var next = 0;
        while (next < deltas.Count && deltas[next].LastUpdateId <= snapshots[0].LastUpdateId)
        {
            next++;
        }

        foreach (var snapshot in snapshots.Skip(1))
        {
            while (next < deltas.Count && deltas[next].LastUpdateId <= snapshot.LastUpdateId)
            {
                Assert.All(deltas[next].Bids.Concat(deltas[next].Asks), level => Assert.True(level.Price > 0 && level.Size >= 0));
                book.Apply(deltas[next].Bids, deltas[next].Asks);
                next++;
            }

            Assert.True(
                book.TopEquals(Book(snapshot), int.MaxValue),
                $"the deltas up to {snapshot.LastUpdateId} do not rebuild the snapshot stored there");
        }

        return snapshots;
    }

    private static OrderBook Book(BookSnapshotRecord snapshot)
    {
        var book = new OrderBook();
        book.Load(snapshot.Bids, snapshot.Asks);
        return book;
    }

    private static IEnumerable<long> LongRange(long first, long last)
    {
        for (var id = first; id <= last; id++)
        {
            yield return id;
        }
    }
}

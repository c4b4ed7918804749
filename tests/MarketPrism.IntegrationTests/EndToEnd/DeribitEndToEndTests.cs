using System.Globalization;
using System.Text.RegularExpressions;
using MarketPrism.Core.Books;
using MarketPrism.Core.Model;
using MarketPrism.IntegrationTests.Infrastructure;
using MarketPrism.Simulator;

namespace MarketPrism.IntegrationTests.EndToEnd;

/// <summary>
/// The simulated Deribit and the collector as separate processes: one JSON-RPC connection per market, books with
/// in-band snapshots, trades with liquidation flags, tickers, quotes and DVOL, kept alive by Deribit's heartbeat.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed partial class DeribitEndToEndTests
{
    /// <summary>The collector asks for a test_request every 10 s; the simulator cuts a client at the first unanswered one, 20 s in.</summary>
    private static readonly TimeSpan HeartbeatCut = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_whole_recorded_session_is_stored_once_with_books_equal_to_the_truth_over_connections_kept_alive_by_heartbeats()
    {
        // Speed 1: the session lasts about 30 s, three heartbeat intervals.
        await using var run = await CollectorRun.StartAsync(
            ["--speed", "1"], DeribitConfigFile.Write, DeribitConfigFile.ExpectedSubscriptions);

        // Everything sent is on the sockets: the stop reads it and drains it into the store (no settle delay).
        await run.ReplayAllSentAsync(TimeSpan.FromSeconds(90));
        var exitCode = await run.StopCollectorAsync();

        Assert.True(exitCode == 0, $"collector exited with {exitCode}:{Environment.NewLine}{run.Collector.Output}");
        Assert.Contains("Stopped cleanly", run.Collector.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Book resync", run.Collector.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Sequence gap", run.Collector.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Bad frame", run.Collector.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(" lost (", run.Collector.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Subscription error", run.Collector.Output, StringComparison.OrdinalIgnoreCase);

        // Heartbeat: both connections lived past the point where a client that ignores test_requests is cut, answered
        // every test_request (the last may still be outstanding at the stop), and were closed by the collector only.
        var status = await run.Simulator.StatusAsync();
        var closed = status.ClosedConnections.Where(connection => connection.Venue == DeribitConfigFile.Venue).ToList();
        Assert.Equal(2, closed.Count);
        Assert.All(closed, connection =>
        {
            Assert.Contains("collector stopping", connection.Reason, StringComparison.Ordinal);
            Assert.True(connection.ClosedAt - connection.OpenedAt > HeartbeatCut + TimeSpan.FromSeconds(5), $"connection {connection.Id} lived {connection.ClosedAt - connection.OpenedAt}");
        });
        var heartbeats = await HeartbeatsAsync(run.Simulator, closed.Count);
        Assert.All(heartbeats, beat =>
        {
            Assert.True(beat.Sent >= 2, $"connection {beat.Id}: {beat.Sent} test_requests sent");
            Assert.True(beat.Answered >= beat.Sent - 1, $"connection {beat.Id}: {beat.Answered} of {beat.Sent} test_requests answered");
        });

        var records = await run.ReadStoreAsync();
        Assert.All(records, record => Assert.Equal(DeribitConfigFile.Venue, record.Instrument.Exchange));
        var deribit = status.Venues.Single(venue => venue.Name == DeribitConfigFile.Venue);
        await AssertEveryTradeStoredOnceWithItsLiquidationsAsync(run, records);
        foreach (var instrument in DeribitConfigFile.Perpetuals.Concat(DeribitConfigFile.Options))
        {
            var truth = await run.Simulator.TrueBookAsync(DeribitConfigFile.Venue, instrument, 1000);
            var (stored, lastChangeId) = RebuildFinalBook(records, instrument);
            Assert.Equal(truth.LastUpdateId, lastChangeId);
            Assert.True(stored.TopEquals(CollectorRun.ToBook(truth), 1000), $"{instrument}: the stored book differs from the simulator's truth");
        }

        // Every ticker gives a mark price and open interest (perpetuals a funding rate too), every quote a best bid/ask,
        // every DVOL notification a volatility index record.
        Assert.Equal(Frames(deribit, "ticker."), records.Count(record => record.DataType == DataType.MarkPrice));
        Assert.Equal(Frames(deribit, "ticker."), records.Count(record => record.DataType == DataType.OpenInterest));
        Assert.Equal(Frames(deribit, "ticker.", "-PERPETUAL."), records.Count(record => record.DataType == DataType.FundingRate));
        Assert.Equal(Frames(deribit, "quote."), records.Count(record => record.DataType == DataType.BestBidAsk));
        Assert.Equal(Frames(deribit, "deribit_volatility_index."), records.Count(record => record.DataType == DataType.VolatilityIndex));
        Assert.Equal(
            ["BTC-USD", "ETH-USD"],
            records.OfType<VolatilityIndexRecord>().Select(record => record.Instrument.Symbol).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(records, record => record is OpenInterestRecord { MarketType: MarketType.Perpetual, OpenInterestValue: not null });
        Assert.Contains(records, record => record is FundingRateRecord { MarkPrice: not null, IndexPrice: not null });
        Assert.Contains(records, record => record is MarkPriceRecord { MarketType: MarketType.Option, IndexPrice: not null });
        Assert.DoesNotContain(records, record => record.MarketType == MarketType.Option && record.DataType is DataType.FundingRate);
    }

    [Fact]
    public async Task An_injected_change_id_gap_causes_exactly_one_resync_and_the_book_ends_equal_to_the_truth()
    {
        await using var run = await CollectorRun.StartAsync(
            ["--speed", "2"], DeribitConfigFile.Write, DeribitConfigFile.ExpectedSubscriptions);
        await run.Simulator.StartTimelineAsync();
        await run.Collector.WaitForLineAsync("Book synced deribit perpetual BTC-USD", TimeSpan.FromSeconds(30));

        await run.Simulator.InjectGapAsync(DeribitConfigFile.Venue, "BTC-PERPETUAL");
        // End conditions instead of a settle delay: every frame is on the sockets (the stop reads and stores them),
        // and the book synced again from the in-band snapshot its resubscription brought.
        await run.Simulator.WaitUntilEverythingSentAsync(TimeSpan.FromSeconds(90));
        await run.Collector.WaitForLinesAsync("Book synced deribit perpetual BTC-USD at", 2, TimeSpan.FromSeconds(60));
        Assert.Equal(0, await run.StopCollectorAsync());

        var resync = Assert.Single(ResyncLines().Matches(run.Collector.Output).Select(match => match.Value));
        Assert.Contains("deribit perpetual BTC-USD: gap", resync, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(run.Collector.Output, "Book synced deribit perpetual BTC-USD at"));
        Assert.Equal(1, (await run.Simulator.StatusAsync()).Venues.Single(venue => venue.Name == DeribitConfigFile.Venue).GapsInjected);
        var records = await run.ReadStoreAsync();
        var truth = await run.Simulator.TrueBookAsync(DeribitConfigFile.Venue, "BTC-PERPETUAL", 1000);
        var (stored, lastChangeId) = RebuildFinalBook(records, "BTC-PERPETUAL");
        Assert.Equal(truth.LastUpdateId, lastChangeId);
        Assert.True(stored.TopEquals(CollectorRun.ToBook(truth), 1000));
    }

    /// <summary>
    /// Trades: exactly the ids the simulator generated, in order, once each. Liquidations: the synthetic perpetuals
    /// flag every third trade (trade n: n % 9 == 3 the taker "T", 6 the maker "M", 0 both "MT"); each flag gives one
    /// record per liquidated side, whose side is that liquidated order's: the trade's direction for the taker, the
    /// opposite for the maker.
    /// </summary>
    private static async Task AssertEveryTradeStoredOnceWithItsLiquidationsAsync(CollectorRun run, List<MarketRecord> records)
    {
        var total = 0;
        foreach (var instrument in DeribitConfigFile.Perpetuals.Concat(DeribitConfigFile.Options))
        {
            var generated = await run.Simulator.GeneratedIdsAsync(DeribitConfigFile.Venue, instrument, "trade");
            var expected = generated.Ranges.SelectMany(range => LongRange(range.First, range.Last)).ToList();
            var trades = records.OfType<TradeRecord>().Where(trade => trade.Instrument.ExchangeSymbol == instrument).ToList();
            Assert.Equal(expected, trades.Select(trade => IdNumber(trade.TradeId)).ToList());
            total += trades.Count;

            var liquidations = records.OfType<LiquidationRecord>().Where(liquidation => liquidation.Instrument.ExchangeSymbol == instrument).ToList();
            var expectedLiquidations = new List<(RecordId Id, Side Side, decimal Price, decimal Quantity)>();
            for (var n = 1; n <= trades.Count; n++)
            {
                var trade = trades[n - 1];
                var opposite = trade.Side == Side.Buy ? Side.Sell : Side.Buy;
                if (n % 9 is 3 or 0)
                {
                    expectedLiquidations.Add((trade.TradeId, trade.Side, trade.Price, trade.Quantity));
                }

                if (n % 9 is 6 or 0)
                {
                    expectedLiquidations.Add((trade.TradeId, opposite, trade.Price, trade.Quantity));
                }
            }

            if (instrument.EndsWith("-PERPETUAL", StringComparison.Ordinal))
            {
                Assert.Equal(expectedLiquidations, liquidations.Select(liquidation => (liquidation.LiquidationId!.Value, liquidation.Side, liquidation.Price, liquidation.Quantity)).ToList());
                Assert.True(liquidations.Count > 0, $"{instrument}: no liquidations");
            }
            else
            {
                Assert.Empty(liquidations);
            }
        }

        Assert.True(total > 20, $"the session holds dozens of trades, not {total}");
    }

    /// <summary>
    /// The book a consumer of the store rebuilds for one instrument (options share their normalized symbol, so by
    /// exchange symbol): its last <c>book_snapshot</c>, then every later <c>book_delta</c>.
    /// </summary>
    private static (OrderBook Book, long LastChangeId) RebuildFinalBook(List<MarketRecord> records, string instrument)
    {
        var books = records.OfType<BookRecord>().Where(record => record.Instrument.ExchangeSymbol == instrument).ToList();
        var lastSnapshot = books.OfType<BookSnapshotRecord>().LastOrDefault()
            ?? throw new InvalidOperationException($"No book_snapshot stored for {instrument}.");
        var book = new OrderBook();
        book.Load(lastSnapshot.Bids, lastSnapshot.Asks);
        var last = lastSnapshot.LastUpdateId;
        foreach (var delta in books.OfType<BookDeltaRecord>().Where(delta => delta.LastUpdateId > lastSnapshot.LastUpdateId))
        {
            book.Apply(delta.Bids, delta.Asks);
            last = delta.LastUpdateId;
        }

        return (book, last);
    }

    /// <summary>Frames the simulated Deribit generated on channels starting with <paramref name="prefix"/> (and containing <paramref name="part"/>).</summary>
    private static long Frames(VenueStatus venue, string prefix, string part = "") =>
        venue.Streams.Where(stream => stream.Key.StartsWith(prefix, StringComparison.Ordinal) && stream.Key.Contains(part, StringComparison.Ordinal)).Sum(stream => stream.Value);

    /// <summary>Deribit trade ids: numbers for BTC, <c>ETH-123</c> for ETH; the simulator reports the numeric part.</summary>
    private static long IdNumber(RecordId id)
    {
        if (id.IsNumeric)
        {
            return id.Number;
        }

        var text = id.ToString();
        return long.Parse(text.AsSpan(text.IndexOf('-', StringComparison.Ordinal) + 1), CultureInfo.InvariantCulture);
    }

    /// <summary>The simulator logs each Deribit connection's test_requests when it ends: waits for <paramref name="count"/> such lines.</summary>
    private static async Task<List<(long Id, long Sent, long Answered)>> HeartbeatsAsync(SimulatorProcess simulator, int count)
    {
        await Eventually.WaitUntilAsync(
            () => ClosedLines().Count(simulator.Output) >= count,
            $"the simulator to log {count} Deribit connection ends");
        return [.. ClosedLines().Matches(simulator.Output).Select(match => (
            long.Parse(match.Groups["id"].Value, CultureInfo.InvariantCulture),
            long.Parse(match.Groups["sent"].Value, CultureInfo.InvariantCulture),
            long.Parse(match.Groups["answered"].Value, CultureInfo.InvariantCulture)))];
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

    [GeneratedRegex(@"deribit: connection (?<id>\d+) ended: [^\n]*\((?<frames>\d+) frames sent, (?<sent>\d+) test_requests sent, (?<answered>\d+) answered\)")]
    private static partial Regex ClosedLines();
}

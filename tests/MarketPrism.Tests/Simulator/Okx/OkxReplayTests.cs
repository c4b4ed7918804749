using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MarketPrism.Core.Books;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Okx;
using MarketPrism.Simulator;
using MarketPrism.Tests.Exchanges.Okx;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator.Okx;

/// <summary>
/// The recorded OKX session replayed by the simulator, read back with the collector's own OKX parser and book rules:
/// books chain by seqId with checksums that match, trades carry the recorded ids, the synthetic channels have OKX's
/// shapes, and the faults break exactly what they say.
/// </summary>
public sealed class OkxReplayTests
{
    private const string PublicPath = "/okx/ws/v5/public";

    private static readonly (string InstId, MarketType Market)[] Instruments =
        [("BTC-USDT", MarketType.Spot), ("UNI-USD-SWAP", MarketType.Perpetual), ("BTC-USD-220527", MarketType.Futures)];

    [Fact]
    public async Task Every_book_update_chains_by_seq_id_its_checksum_matches_and_the_book_ends_equal_to_the_truth()
    {
        await using var simulator = await StartAsync();
        var cancellation = Within(60);
        using var socket = await ConnectAsync(simulator, PublicPath, cancellation);
        await SubscribeAsync(socket, Instruments.Select(i => ("books", i.InstId)), cancellation);
        await simulator.WhenFinishedAsync(OkxVenue, cancellation);

        var frames = await DrainAsync(socket, simulator, cancellation);
        foreach (var (instId, market) in Instruments)
        {
            var replay = new InBandBookReplay(OkxBookRules.Instance);
            var deltas = Parse(frames, market).OfType<BookDeltaRecord>().Where(d => d.ExchangeSymbol == instId).ToList();
            foreach (var delta in deltas)
            {
                Assert.Equal(BookSyncAction.None, replay.Feed(delta));
            }

            var truth = simulator.GetTrueBook(OkxVenue, instId);
            var book = replay.Books.Values.Single();
            Assert.Empty(replay.Observer.Resyncs);
            Assert.True(deltas[0].IsSnapshot);
            Assert.All(deltas.Skip(1), delta => Assert.NotEqual(0, delta.Checksum));
            Assert.Equal(truth.LastUpdateId, book.LastUpdateId);
            Assert.Equal(truth.Bids, book.Book.GetBids(int.MaxValue));
            Assert.Equal(truth.Asks, book.Book.GetAsks(int.MaxValue));
        }
    }

    [Fact]
    public async Task Trades_replay_the_recorded_ids_and_the_truth_lists_them()
    {
        await using var simulator = await StartAsync();
        var cancellation = Within(60);
        using var socket = await ConnectAsync(simulator, PublicPath, cancellation);
        await SubscribeAsync(socket, [("trades", "BTC-USDT")], cancellation);
        await simulator.WhenFinishedAsync(OkxVenue, cancellation);

        var trades = Parse(await DrainAsync(socket, simulator, cancellation), MarketType.Spot).OfType<TradeRecord>().ToList();

        var generated = simulator.GetGeneratedIds(OkxVenue, "BTC-USDT", "trade");
        Assert.Equal(69, trades.Count);
        Assert.Equal(69, generated.Count);
        Assert.Equal(new RecordId(338476307), trades[0].TradeId);
        Assert.Equal(
            generated.Ranges.SelectMany(range => Enumerable.Range(0, (int)range.Count).Select(k => range.First + k)),
            trades.Select(trade => trade.TradeId.Number));
    }

    [Fact]
    public async Task The_synthetic_channels_have_okx_shapes_and_values_from_the_true_book()
    {
        await using var simulator = await StartAsync();
        var cancellation = Within(60);
        using var socket = await ConnectAsync(simulator, PublicPath, cancellation);
        await SubscribeAsync(
            socket,
            [("bbo-tbt", "UNI-USD-SWAP"), ("mark-price", "UNI-USD-SWAP"), ("funding-rate", "UNI-USD-SWAP"), ("open-interest", "UNI-USD-SWAP"), ("liquidation-orders", "SWAP")],
            cancellation);
        await simulator.WhenFinishedAsync(OkxVenue, cancellation);

        var records = Parse(await DrainAsync(socket, simulator, cancellation), MarketType.Perpetual);

        var marks = records.OfType<MarkPriceRecord>().ToList();
        Assert.Equal(11, marks.Count);
        Assert.All(marks, mark => Assert.Equal("UNI-USD", mark.SymbolName));
        var funding = records.OfType<FundingRateRecord>().ToList();
        Assert.Equal(3, funding.Count);
        Assert.All(funding, rate =>
        {
            Assert.InRange(rate.FundingRate, 0.0001m, 0.0075m);
            Assert.Equal(0, (rate.NextFundingTime!.Value - DateTime.UnixEpoch).Ticks % TimeSpan.FromHours(8).Ticks);
        });
        var openInterest = records.OfType<OpenInterestRecord>().ToList();
        Assert.Equal(2, openInterest.Count);
        Assert.All(openInterest, oi => Assert.NotNull(oi.OpenInterestValue));
        var liquidation = Assert.Single(records.OfType<LiquidationRecord>());
        Assert.Equal((Side.Sell, InstrumentType.Swap), (liquidation.Side, liquidation.InstrumentType));
        var quotes = records.OfType<BestBidAskRecord>().ToList();
        Assert.NotEmpty(quotes);
        Assert.All(quotes.Zip(quotes.Skip(1)), pair => Assert.NotEqual((pair.First.BidPrice, pair.First.BidSize, pair.First.AskPrice, pair.First.AskSize), (pair.Second.BidPrice, pair.Second.BidSize, pair.Second.AskPrice, pair.Second.AskSize)));
        var truth = simulator.GetTrueBook(OkxVenue, "UNI-USD-SWAP", 1);
        Assert.Equal((truth.Bids[0].Price, truth.Bids[0].Size, truth.Asks[0].Price, truth.Asks[0].Size), (quotes[^1].BidPrice, quotes[^1].BidSize, quotes[^1].AskPrice, quotes[^1].AskSize));
    }

    [Fact]
    public async Task A_gap_breaks_the_seq_id_chain_once_and_a_wrong_checksum_fails_once()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within(60);
        using var socket = await ConnectAsync(simulator, PublicPath, cancellation);
        await SubscribeAsync(socket, [("books", "BTC-USD-220527")], cancellation);
        var opening = await ReceiveManyAsync(socket, 2, cancellation);
        simulator.InjectGap(OkxVenue, "BTC-USD-220527");
        simulator.CorruptChecksum(OkxVenue, "BTC-USD-220527");
        simulator.Start(OkxVenue);
        await simulator.WhenFinishedAsync(OkxVenue, cancellation);

        var replay = new InBandBookReplay(OkxBookRules.Instance);
        var actions = Parse([.. opening, .. await DrainAsync(socket, simulator, cancellation, alreadyRead: 1)], MarketType.Futures).OfType<BookDeltaRecord>().Select(replay.Feed).ToList();

        // The checksum fault hits the update that the gap withholds, so the client sees one break: the gap.
        Assert.Equal(1, actions.Count(action => action == BookSyncAction.Resubscribe));
        Assert.Equal(ResyncReason.Gap, Assert.Single(replay.Observer.Resyncs).Reason);
        Assert.Equal(1, simulator.GetStatus().Venues.Single(v => v.Name == OkxVenue).GapsInjected);
    }

    [Fact]
    public async Task With_the_snapshot_withheld_a_books_subscription_gets_only_updates_and_the_rest_book_bridges_them_to_the_truth()
    {
        await using var simulator = await StartAsync(o =>
        {
            o.AutoStart = false;
            o.Venue<MarketPrism.Simulator.Okx.OkxVenueOptions>(OkxVenue).WithholdBookSnapshot = true;
        });
        var cancellation = Within(60);
        using var socket = await ConnectAsync(simulator, PublicPath, cancellation);
        await SubscribeAsync(socket, [("books", "BTC-USDT")], cancellation);
        Assert.StartsWith("""{"event":"subscribe","arg":{"channel":"books","instId":"BTC-USDT"}""", await ReceiveAsync(socket, cancellation), StringComparison.Ordinal);

        // The REST book, read with the collector's parser, names the seqId the truth is at.
        using var http = Http(simulator);
        var body = await http.GetByteArrayAsync(new Uri("/okx/api/v5/market/books?instId=BTC-USDT&sz=400", UriKind.Relative), cancellation);
        var rest = OkxRestParser.ParseBooks(body, DateTime.UnixEpoch);
        var before = simulator.GetTrueBook(OkxVenue, "BTC-USDT", 400);
        Assert.Equal(before.LastUpdateId, rest.LastUpdateId);
        Assert.Equal(before.Bids, rest.Bids);
        Assert.Equal(before.Asks, rest.Asks);

        simulator.Start(OkxVenue);
        await simulator.WhenFinishedAsync(OkxVenue, cancellation);
        var deltas = Parse(await DrainAsync(socket, simulator, cancellation), MarketType.Spot).OfType<BookDeltaRecord>().ToList();

        Assert.NotEmpty(deltas);
        Assert.DoesNotContain(deltas, delta => delta.IsSnapshot);
        Assert.Equal(rest.LastUpdateId, deltas[0].PreviousUpdateId);
        var output = new List<MarketRecord>();
        var sync = new BookSynchronizer(deltas[0].Instrument, OkxBookRules.Instance, new BookOptions());
        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnInBandSnapshotOverdue(TimeSpan.FromSeconds(5)));
        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(rest, output));
        Assert.All(deltas, delta => Assert.Equal(BookSyncAction.None, sync.OnDelta(delta, output)));
        var truth = simulator.GetTrueBook(OkxVenue, "BTC-USDT", 400);
        Assert.Equal(truth.LastUpdateId, sync.LastUpdateId);
        Assert.Equal(truth.Bids, sync.Book.GetBids(400));
        Assert.Equal(truth.Asks, sync.Book.GetAsks(400));
    }

    [Fact]
    public async Task A_wrong_checksum_on_its_own_is_one_checksum_mismatch()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within(60);
        using var socket = await ConnectAsync(simulator, PublicPath, cancellation);
        await SubscribeAsync(socket, [("books", "UNI-USD-SWAP")], cancellation);
        var opening = await ReceiveManyAsync(socket, 2, cancellation);
        simulator.CorruptChecksum(OkxVenue, "UNI-USD-SWAP");
        simulator.Start(OkxVenue);
        await simulator.WhenFinishedAsync(OkxVenue, cancellation);

        var replay = new InBandBookReplay(OkxBookRules.Instance);
        foreach (var delta in Parse([.. opening, .. await DrainAsync(socket, simulator, cancellation, alreadyRead: 1)], MarketType.Perpetual).OfType<BookDeltaRecord>())
        {
            replay.Feed(delta);
        }

        Assert.Equal(ResyncReason.ChecksumMismatch, Assert.Single(replay.Observer.Resyncs).Reason);
    }

    [Fact]
    public async Task Looping_resets_each_book_to_the_recording_and_keeps_seq_ids_and_trade_ids_moving_forward()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => { o.AutoStart = false; o.Loop = true; o.Speed = 1; }, clock);
        var cancellation = Within(60);
        using var socket = await ConnectAsync(simulator, PublicPath, cancellation);
        await SubscribeAsync(socket, [("books", "BTC-USDT"), ("trades", "BTC-USDT")], cancellation);

        // Both channels must be live before the timeline starts, or its first frames go to nobody (on a loaded
        // machine the simulator may handle the subscribe request after Start): wait for the books acknowledgement and
        // snapshot and the trades acknowledgement.
        var opening = await ReceiveManyAsync(socket, 3, cancellation);
        Assert.Equal(2, opening.Count(frame => frame.StartsWith("""{"event":"subscribe""", StringComparison.Ordinal)));
        var initial = simulator.GetTrueBook(OkxVenue, "BTC-USDT");
        var waiting = clock.NextTimerAsync(cancellation);
        simulator.Start(OkxVenue);
        await waiting;

        // Two and a half passes of about 11 s each.
        for (var step = 0; step < 14; step++)
        {
            await clock.AdvanceAndSettleAsync(TimeSpan.FromSeconds(2), cancellation);
        }

        var records = Parse([.. opening, .. await DrainAsync(socket, simulator, cancellation, alreadyRead: 1)], MarketType.Spot);
        var replay = new InBandBookReplay(OkxBookRules.Instance);
        foreach (var delta in records.OfType<BookDeltaRecord>())
        {
            Assert.Equal(BookSyncAction.None, replay.Feed(delta));
        }

        Assert.Equal(2, simulator.GetStatus().Venues.Single(v => v.Name == OkxVenue).Loops);
        Assert.Empty(replay.Observer.Resyncs);
        var truth = simulator.GetTrueBook(OkxVenue, "BTC-USDT");
        Assert.Equal(truth.Bids, replay.Books.Values.Single().Book.GetBids(int.MaxValue));
        Assert.True(truth.LastUpdateId > initial.LastUpdateId);
        var ids = records.OfType<TradeRecord>().Select(trade => trade.TradeId.Number).ToList();
        Assert.True(ids.Count > 69 * 2);
        Assert.All(ids.Zip(ids.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"{pair.Second} after {pair.First}"));
        var times = records.OfType<BookDeltaRecord>().Select(delta => delta.Timestamp).ToList();
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second >= pair.First));
    }

    private static async Task SubscribeAsync(ClientWebSocket socket, IEnumerable<(string Channel, string Target)> args, CancellationToken cancellation)
    {
        var list = args.ToList();
        var json = string.Join(',', list.Select(a => a.Channel == "liquidation-orders" ? $$"""{"channel":"{{a.Channel}}","instType":"{{a.Target}}"}""" : $$"""{"channel":"{{a.Channel}}","instId":"{{a.Target}}"}"""));
        await SendAsync(socket, $$"""{"op":"subscribe","args":[{{json}}]}""", cancellation);
    }

    /// <summary>
    /// Reads every frame sent to the (only) connection: acknowledgements, snapshots, data. The timeline having settled
    /// means its frames are generated and queued, not yet written: the connection's writer may still be sending the
    /// last of them, so <c>FramesSent</c> alone can stop the drain early. Every test subscribes before the timeline
    /// starts, so the connection is owed at least every frame generated on its streams; the drain reads until it has
    /// that many (the socket read waits for them) and whatever else was sent.
    /// </summary>
    /// <param name="alreadyRead">Data frames (not acknowledgements) the test read itself before draining.</param>
    private static async Task<List<string>> DrainAsync(ClientWebSocket socket, RunningSimulator simulator, CancellationToken cancellation, long alreadyRead = 0)
    {
        var status = simulator.GetStatus();
        var connection = Assert.Single(status.Connections);
        var generated = status.Venues.Single(venue => venue.Name == connection.Venue).Streams;
        var owed = connection.Subscriptions.Sum(stream => generated.GetValueOrDefault(stream));
        var messages = new List<string>();
        var data = alreadyRead;
        while (data < Math.Max(owed, connection.FramesSent))
        {
            var message = await ReceiveAsync(socket, cancellation) ?? throw new InvalidOperationException("closed");
            messages.Add(message);
            if (!message.StartsWith("""{"event":""", StringComparison.Ordinal))
            {
                data++;
            }

            connection = Assert.Single(simulator.GetStatus().Connections);
        }

        return messages;
    }

    private static List<MarketRecord> Parse(List<string> frames, MarketType market)
    {
        var parser = new OkxFrameParser(OkxSymbols.CreateTable(market, []));
        var records = new List<MarketRecord>();
        foreach (var frame in frames)
        {
            var result = parser.Parse(Encoding.UTF8.GetBytes(frame), TimeProvider.System.GetUtcNow().UtcDateTime, records);
            Assert.True(result.Kind is FrameKind.Data or FrameKind.SubscriptionAck or FrameKind.Ignored, $"{result}: {frame}");
        }

        return records;
    }
}

using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Coinbase;
using MarketPrism.Tests.Core.Books;

namespace MarketPrism.Tests.Exchanges.Coinbase;

/// <summary>
/// What the conformance suite cannot say about Coinbase frames: the feed's <c>side</c> is the maker's and the record
/// keeps the taker's; Advanced Trade's newest-first trades go out oldest first; a lost message (a <c>sequence_num</c>
/// or <c>heartbeat_counter</c> jump, a skipped trade id) breaks the book chain so the synchronizer resubscribes; the
/// answers that echo nothing answer the oldest request.
/// </summary>
public sealed class CoinbaseFrameParserTests
{
    private const string L2Snapshot = """{"channel":"l2_data","client_id":"","timestamp":"2026-04-07T00:28:59.548000336Z","sequence_num":{0},"events":[{"type":"snapshot","product_id":"BTC-USD","updates":[{"side":"bid","event_time":"2026-04-07T00:28:59.548000Z","price_level":"68923.66","new_quantity":"0.17189468"},{"side":"offer","event_time":"2026-04-07T00:28:59.548000Z","price_level":"68923.67","new_quantity":"0.16987193"}]}]}""";
    private const string L2Update = """{"channel":"l2_data","client_id":"","timestamp":"2026-04-07T00:29:00.000000000Z","sequence_num":{0},"events":[{"type":"update","product_id":"BTC-USD","updates":[{"side":"bid","event_time":"2026-04-07T00:29:00.000000Z","price_level":"68920.00","new_quantity":"{1}"}]}]}""";
    private const string Heartbeat = """{"channel":"heartbeats","client_id":"","timestamp":"2026-04-07T00:29:00.000000000Z","sequence_num":{0},"events":[{"current_time":"2026-04-07 00:29:00.000000000 +0000 UTC","heartbeat_counter":{1}}]}""";

    private readonly RecordingBookSyncObserver _observer = new();
    private readonly List<MarketRecord> _published = [];

    [Fact]
    public void An_exchange_match_stores_the_taker_side_the_opposite_of_the_makers_side_the_feed_sends()
    {
        var parser = CoinbaseRecordings.NewParser(MarketType.Spot);
        var output = new List<MarketRecord>();

        // tardis-node's recorded match: "side":"buy" is the resting buy order, so a seller took it.
        Assert.Equal(FrameKind.Data, CoinbaseRecordings.Parse(parser, File.ReadLines(VenueRecordingPath(CoinbaseRecordings.ExchangeTardis)).First(), output).Kind);

        var trade = Assert.IsType<TradeRecord>(Assert.Single(output));
        Assert.Equal(Side.Sell, trade.Side);
        Assert.Equal(216544, trade.TradeId.Number);
        Assert.Equal(4.978m, trade.Price);
        Assert.Equal(new DateTime(2019, 8, 1, 0, 0, 3, 816, DateTimeKind.Utc), trade.Timestamp);
    }

    [Fact]
    public void The_capture_shows_the_ticker_of_a_trade_naming_the_side_opposite_to_its_match_so_the_match_side_is_the_makers()
    {
        // Coinbase's ticker side is the taker's; the same trade's match says the other side: evidence on real data that
        // match.side is the maker order's, as the Exchange docs say.
        var matches = new Dictionary<long, string>();
        var tickers = new Dictionary<long, string>();
        foreach (var frame in new Conformance.VenueRecording(CoinbaseRecordings.ExchangeCapture, MarketType.Spot).Frames())
        {
            using var json = System.Text.Json.JsonDocument.Parse(frame.Payload);
            var root = json.RootElement;
            var type = root.GetProperty("type").GetString();
            if (type is "match" or "last_match" or "ticker")
            {
                (type == "ticker" ? tickers : matches)[root.GetProperty("trade_id").GetInt64()] = root.GetProperty("side").GetString()!;
            }
        }

        var both = matches.Keys.Intersect(tickers.Keys).ToList();
        Assert.True(both.Count >= 20, $"{both.Count} trades with both a match and a ticker");
        Assert.All(both, id => Assert.NotEqual(matches[id], tickers[id]));

        var parser = CoinbaseRecordings.NewParser(MarketType.Spot);
        var trades = CoinbaseRecordings.Parse(CoinbaseRecordings.ExchangeCapture, parser).SelectMany(parsed => parsed.Records).OfType<TradeRecord>().ToList();
        Assert.Equal(23, trades.Count);
        Assert.All(trades, trade => Assert.Equal(tickers[trade.TradeId.Number] == "buy" ? Side.Buy : Side.Sell, trade.Side));
    }

    [Fact]
    public void Advanced_trade_market_trades_listed_newest_first_go_out_oldest_first_with_the_taker_side()
    {
        var parser = CoinbaseRecordings.NewParser(MarketType.Spot, CoinbaseApi.AdvancedTrade);
        var trades = CoinbaseRecordings.Parse(CoinbaseRecordings.AdvancedTradeCapture, parser)
            .SelectMany(parsed => parsed.Records).OfType<TradeRecord>().ToList();

        // The real frame lists 22381691 then 22381690, both "side":"BUY" (a resting buy, hit by sellers).
        Assert.Equal([22381690L, 22381691L], trades.Select(trade => trade.TradeId.Number));
        Assert.All(trades, trade => Assert.Equal(Side.Sell, trade.Side));
        Assert.Equal(new DateTime(2024, 10, 4, 7, 13, 31, DateTimeKind.Utc).AddTicks(883_880), trades[1].Timestamp);
        Assert.Equal("ETH-USDT", trades[0].Instrument.Symbol);
    }

    [Fact]
    public void A_jump_in_sequence_num_breaks_every_book_chain_so_the_next_update_is_one_gap_and_a_resubscription()
    {
        var parser = CoinbaseRecordings.NewParser(MarketType.Spot, CoinbaseApi.AdvancedTrade);
        var book = Feed(parser, Format(L2Snapshot, 3));
        Assert.Equal(BookSyncAction.None, Feed(parser, Format(L2Update, 4, "1.5"), book));
        Assert.Equal(BookSyncState.Synced, book.State);

        // Message 5 (of any channel) never arrives.
        Assert.Equal(BookSyncAction.Resubscribe, Feed(parser, Format(L2Update, 6, "2"), book));

        var resync = Assert.Single(_observer.Resyncs);
        Assert.Equal(ResyncReason.Gap, resync.Reason);
        Assert.Equal(1, parser.LossesSeen);

        // The resubscription's snapshot restores the book, and updates chain on from it.
        Assert.Equal(BookSyncAction.None, Feed(parser, Format(L2Snapshot, 7), book));
        Assert.Equal(BookSyncAction.None, Feed(parser, Format(L2Update, 8, "3"), book));
        Assert.Equal(BookSyncState.Synced, book.State);
        Assert.Equal(new BookLevel(68920m, 3m), book.Book.GetBids(2)[1]);
        Assert.Single(_observer.Resyncs);
    }

    [Fact]
    public void A_jump_in_heartbeat_counter_breaks_the_book_chain_although_sequence_num_is_contiguous()
    {
        var parser = CoinbaseRecordings.NewParser(MarketType.Spot, CoinbaseApi.AdvancedTrade);
        var output = new List<MarketRecord>();
        Assert.Equal(FrameKind.Heartbeat, CoinbaseRecordings.Parse(parser, Format(Heartbeat, 1, "41"), output).Kind);
        var book = Feed(parser, Format(L2Snapshot, 2));
        Assert.Equal(FrameKind.Heartbeat, CoinbaseRecordings.Parse(parser, Format(Heartbeat, 3, "42"), output).Kind);
        Assert.Equal(BookSyncAction.None, Feed(parser, Format(L2Update, 4, "1"), book));

        // Heartbeats 43 and 44 were never sent: Coinbase "heartbeat_counter ... verifies that no messages were missed".
        Assert.Equal(FrameKind.Heartbeat, CoinbaseRecordings.Parse(parser, Format(Heartbeat, 5, "45"), output).Kind);
        Assert.Equal(BookSyncAction.Resubscribe, Feed(parser, Format(L2Update, 6, "2"), book));
        Assert.Equal(ResyncReason.Gap, Assert.Single(_observer.Resyncs).Reason);
        Assert.Empty(output);
    }

    [Fact]
    public void A_skipped_exchange_trade_id_breaks_that_products_book_chain_and_no_other()
    {
        const string Match = """{"type":"match","trade_id":{0},"maker_order_id":"a","taker_order_id":"b","side":"sell","size":"1","price":"0.7905","product_id":"SKL-USD","sequence":{1},"time":"2021-04-17T16:43:37.121358Z"}""";
        var parser = CoinbaseRecordings.NewParser(MarketType.Spot);
        var capture = CoinbaseRecordings.Parse(CoinbaseRecordings.ExchangeCapture, parser);
        var books = new Dictionary<Instrument, BookSynchronizer>();
        foreach (var delta in capture.SelectMany(parsed => parsed.Records).OfType<BookDeltaRecord>())
        {
            FeedTo(books, delta);
        }

        Assert.All(books.Values, book => Assert.Equal(BookSyncState.Synced, book.State));
        Assert.Equal(0, parser.LossesSeen);

        // The capture's last SKL-USD match is 1568272; 1568273 is lost and 1568274 arrives.
        var output = new List<MarketRecord>();
        Assert.Equal(FrameKind.Data, CoinbaseRecordings.Parse(parser, Format(Match, 1568274, 201390999), output).Kind);
        Assert.Equal(1, parser.LossesSeen);

        const string Update = """{"type":"l2update","product_id":"{0}","changes":[["buy","{1}","5.0"]],"time":"2021-04-17T16:43:40.000000Z"}""";
        output.Clear();
        CoinbaseRecordings.Parse(parser, Format(Update, "SKL-USD", "0.7000"), output);
        CoinbaseRecordings.Parse(parser, Format(Update, "SKL-BTC", "0.00000900"), output);
        var actions = output.OfType<BookDeltaRecord>().Select(delta => (delta.Instrument.Symbol, Action: FeedTo(books, delta))).ToList();

        Assert.Equal([("SKL-USD", BookSyncAction.Resubscribe), ("SKL-BTC", BookSyncAction.None)], actions);
        Assert.Equal("SKL-USD", Assert.Single(_observer.Resyncs).Instrument.Symbol);
    }

    [Fact]
    public void An_exchange_heartbeat_naming_a_trade_after_the_last_match_seen_breaks_that_products_book_chain()
    {
        const string Hb = """{"type":"heartbeat","last_trade_id":{0},"product_id":"SKL-USD","sequence":{1},"time":"2021-04-17T16:43:40.000000Z"}""";
        var parser = CoinbaseRecordings.NewParser(MarketType.Spot);
        CoinbaseRecordings.Parse(CoinbaseRecordings.ExchangeCapture, parser);
        var output = new List<MarketRecord>();

        // The last match seen is 1568272 (sequence 201390480): a heartbeat naming it loses nothing.
        Assert.Equal(FrameKind.Heartbeat, CoinbaseRecordings.Parse(parser, Format(Hb, 1568272, 201390500), output).Kind);
        Assert.Equal(0, parser.LossesSeen);
        Assert.Equal(FrameKind.Heartbeat, CoinbaseRecordings.Parse(parser, Format(Hb, 1568275, 201390600), output).Kind);
        Assert.Equal(1, parser.LossesSeen);
        Assert.Empty(output);
    }

    [Fact]
    public void Acknowledgements_and_errors_answer_the_oldest_waiting_request_and_the_opening_heartbeats_answer_is_not_one()
    {
        var advancedTrade = CoinbaseRecordings.NewParser(MarketType.Spot, CoinbaseApi.AdvancedTrade);
        var results = CoinbaseRecordings.Parse(CoinbaseRecordings.AdvancedTradeSpotSession, advancedTrade).Select(parsed => parsed.Result).ToList();
        Assert.Equal(FrameKind.Heartbeat, results[0].Kind);
        Assert.Equal(FrameKind.SubscriptionAck, results[2].Kind);
        Assert.True(results[2].AnswersOldestRequest);
        Assert.Null(results[2].RequestId);
        Assert.Equal(0, advancedTrade.LossesSeen);

        var exchange = CoinbaseRecordings.NewParser(MarketType.Spot);
        var output = new List<MarketRecord>();
        var ack = CoinbaseRecordings.Parse(exchange, """{"type":"subscriptions","channels":[{"name":"level2_batch","product_ids":["BTC-USD"]}]}""", output);
        Assert.Equal(FrameKind.SubscriptionAck, ack.Kind);
        Assert.True(ack.AnswersOldestRequest);

        var error = CoinbaseRecordings.Parse(exchange, """{"type":"error","message":"Failed to subscribe","reason":"BTC-XYZ is not a valid product"}""", output);
        Assert.Equal(FrameKind.SubscriptionError, error.Kind);
        Assert.True(error.AnswersOldestRequest);
        Assert.Equal("Coinbase error: Failed to subscribe: BTC-XYZ is not a valid product", error.Error);
    }

    [Fact]
    public void A_ticker_without_quantities_is_ignored_with_the_reason_and_one_with_them_is_a_quote_keyed_by_its_sequence()
    {
        var parser = CoinbaseRecordings.NewParser(MarketType.Spot);
        var results = CoinbaseRecordings.Parse(CoinbaseRecordings.ExchangeTardis, parser);

        Assert.Equal(FrameKind.Ignored, results[6].Result.Kind);
        Assert.Contains("best_bid_size", results[6].Result.Error, StringComparison.Ordinal);
        var quote = Assert.IsType<BestBidAskRecord>(Assert.Single(results[8].Records));
        Assert.Equal((17165.15m, 0.61540890m, 17167.76m, 0.18528568m), (quote.BidPrice, quote.BidSize, quote.AskPrice, quote.AskSize));
        Assert.Equal(50978628538, quote.UpdateId);
        Assert.Equal("coinbase:spot:best_bid_ask:BTC-USD:u50978628538-17165.15-0.6154089-17167.76-0.18528568", RecordKey.For(quote));
    }

    [Fact]
    public void A_spot_parser_ignores_a_futures_product_with_the_reason_and_rejects_a_product_id_that_is_not_coinbases()
    {
        var parser = CoinbaseRecordings.NewParser(MarketType.Spot, CoinbaseApi.AdvancedTrade);
        var output = new List<MarketRecord>();
        var future = CoinbaseRecordings.Parse(parser, Format(L2Snapshot, 0).Replace("BTC-USD", "BIT-24APR26-CDE", StringComparison.Ordinal), output);
        Assert.Equal(FrameKind.Ignored, future.Kind);
        Assert.Equal("l2_data: BIT-24APR26-CDE is a Coinbase futures product; this parser reads spot", future.Error);

        var bogus = CoinbaseRecordings.Parse(parser, Format(L2Snapshot, 1).Replace("BTC-USD", "btc_usd", StringComparison.Ordinal), output);
        Assert.Equal(FrameKind.Malformed, bogus.Kind);
        Assert.Empty(output);
    }

    private static string VenueRecordingPath(string relative) => Conformance.VenueRecording.PathOf(relative);

    private static string Format(string template, params object[] values)
    {
        var text = template;
        for (var i = 0; i < values.Length; i++)
        {
            text = text.Replace("{" + i + "}", Convert.ToString(values[i], System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return text;
    }

    private BookSynchronizer Feed(CoinbaseFrameParser parser, string frame)
    {
        var output = new List<MarketRecord>();
        Assert.Equal(FrameKind.Data, CoinbaseRecordings.Parse(parser, frame, output).Kind);
        var delta = Assert.IsType<BookDeltaRecord>(Assert.Single(output));
        var book = new BookSynchronizer(delta.Instrument, CoinbaseBookRules.Instance, new BookOptions { SnapshotInterval = TimeSpan.Zero }, _observer);
        Assert.Equal(BookSyncAction.None, book.OnDelta(delta, _published));
        Assert.Equal(BookSyncState.Synced, book.State);
        return book;
    }

    private BookSyncAction Feed(CoinbaseFrameParser parser, string frame, BookSynchronizer book)
    {
        var output = new List<MarketRecord>();
        Assert.Equal(FrameKind.Data, CoinbaseRecordings.Parse(parser, frame, output).Kind);
        return book.OnDelta(Assert.IsType<BookDeltaRecord>(Assert.Single(output)), _published);
    }

    private BookSyncAction FeedTo(Dictionary<Instrument, BookSynchronizer> books, BookDeltaRecord delta)
    {
        if (!books.TryGetValue(delta.Instrument, out var book))
        {
            book = new BookSynchronizer(delta.Instrument, CoinbaseBookRules.Instance, new BookOptions { SnapshotInterval = TimeSpan.Zero }, _observer);
            books.Add(delta.Instrument, book);
        }

        return book.OnDelta(delta, _published);
    }
}

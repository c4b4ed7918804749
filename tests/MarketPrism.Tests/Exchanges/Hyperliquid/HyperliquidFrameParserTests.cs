using System.Text;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Hyperliquid;

namespace MarketPrism.Tests.Exchanges.Hyperliquid;

/// <summary>Every recorded Hyperliquid channel with its exact normalized values, and the control frames.</summary>
public sealed class HyperliquidFrameParserTests
{
    private static readonly DateTime Local = HyperliquidRecordings.ReceiveTime;

    private readonly HyperliquidFrameParser _parser = new(HyperliquidSymbols.CreateTable(MarketType.Perpetual, []));
    private readonly List<MarketRecord> _output = [];

    [Fact]
    public void A_trades_frame_becomes_one_trade_per_fill_with_tid_as_a_numeric_id_and_the_aggressor_side()
    {
        var frame = HyperliquidRecordings.Frames("tardis-node_mappers_hyperliquid.ndjson")[2].Frame;

        Assert.Equal(FrameKind.Data, _parser.Parse(frame, Local, _output).Kind);

        var trades = _output.Cast<TradeRecord>().ToList();
        Assert.Equal([1016375172059570L, 479312521152049L, 229986151112628L], trades.Select(trade => trade.TradeId.Number));
        Assert.All(trades, trade =>
        {
            Assert.True(trade.TradeId.IsNumeric);
            Assert.Equal(("hyperliquid", MarketType.Perpetual, "BTC-USD", "BTC"), (trade.ExchangeName, trade.MarketType, trade.SymbolName, trade.ExchangeSymbol));
            Assert.Equal(Side.Buy, trade.Side);
            Assert.Equal(69997.0m, trade.Price);
            Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1730160006192), trade.Timestamp);
        });
        Assert.Equal([0.38111m, 0.33458m, 0.83613m], trades.Select(trade => trade.Quantity));
    }

    [Fact]
    public void Side_A_is_a_sell_by_the_aggressor()
    {
        Assert.Equal(FrameKind.Data, _parser.Parse(HyperliquidRecordings.Frames("tardis-node_mappers_hyperliquid.ndjson")[0].Frame, Local, _output).Kind);
        var trade = Assert.IsType<TradeRecord>(Assert.Single(_output));
        Assert.Equal((Side.Sell, "FXS-USD", 611279506717453L), (trade.Side, trade.SymbolName, trade.TradeId.Number));
    }

    [Fact]
    public void The_real_session_trades_have_ids_in_no_order()
    {
        var ids = HyperliquidRecordings.Frames(HyperliquidRecordings.Session)
            .Where(frame => !HyperliquidRecordings.IsBook(frame.Frame))
            .SelectMany(frame =>
            {
                var output = new List<MarketRecord>();
                Assert.Equal(FrameKind.Data, _parser.Parse(frame.Frame, frame.Received, output).Kind);
                return output.Cast<TradeRecord>().Select(trade => trade.TradeId.Number);
            })
            .ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.NotEqual(ids.Order(), ids);
        Assert.False(VenueCatalogHyperliquid.HasOrderedTradeIds);
        Assert.False(VenueCatalogHyperliquid.HasContiguousTradeIds);
    }

    [Fact]
    public void An_active_asset_context_becomes_the_hourly_funding_rate_due_on_the_next_hour_open_interest_valued_at_the_mark_and_the_mark_with_the_oracle_as_index()
    {
        var frame = HyperliquidRecordings.Frames("tardis-node_mappers_hyperliquid.ndjson")[6].Frame;
        var local = new DateTime(2024, 10, 29, 0, 0, 7, 687, DateTimeKind.Utc);

        Assert.Equal(FrameKind.Data, _parser.Parse(frame, local, _output).Kind);

        var funding = Assert.IsType<FundingRateRecord>(_output[0]);
        Assert.Equal(("MOODENG-USD", 0.00004863m, 0.19963m, 0.1995m), (funding.SymbolName, funding.FundingRate, funding.MarkPrice, funding.IndexPrice));
        Assert.Equal(local, funding.Timestamp);
        Assert.Equal(new DateTime(2024, 10, 29, 1, 0, 0, DateTimeKind.Utc), funding.NextFundingTime);
        var interest = Assert.IsType<OpenInterestRecord>(_output[1]);
        Assert.Equal((18617460.0m, 18617460.0m * 0.19963m), (interest.OpenInterest, interest.OpenInterestValue));
        var mark = Assert.IsType<MarkPriceRecord>(_output[2]);
        Assert.Equal((0.19963m, 0.1995m), (mark.MarkPrice, mark.IndexPrice));
    }

    [Theory]
    [InlineData("2024-10-29T00:00:00", "2024-10-29T01:00:00")]
    [InlineData("2024-10-29T00:59:59.999", "2024-10-29T01:00:00")]
    [InlineData("2024-12-31T23:30:00", "2025-01-01T00:00:00")]
    public void Funding_is_due_on_the_next_full_hour(string observed, string due)
    {
        var time = DateTime.SpecifyKind(DateTime.Parse(observed, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
        var frame = Encoding.UTF8.GetBytes("""{"channel":"activeAssetCtx","data":{"coin":"BTC","ctx":{"funding":"0.0000125","openInterest":"10.5","oraclePx":"100000.0","markPx":"100010.0"}}}""");

        Assert.Equal(FrameKind.Data, _parser.Parse(frame, time, _output).Kind);

        var expected = DateTime.SpecifyKind(DateTime.Parse(due, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
        Assert.Equal(expected, ((FundingRateRecord)_output[0]).NextFundingTime);
    }

    [Fact]
    public void A_bbo_push_becomes_the_best_bid_and_ask_and_one_with_a_side_missing_is_ignored_with_the_reason()
    {
        var frames = HyperliquidRecordings.Frames("tardis-node_mappers_hyperliquid.ndjson");

        var oneSided = _parser.Parse(frames[9].Frame, Local, _output);
        Assert.Equal(FrameKind.Ignored, oneSided.Kind);
        Assert.Contains("one side", oneSided.Error, StringComparison.Ordinal);

        var jkorf = HyperliquidRecordings.Frames("jkorf_subscriptions_hyperliquid.ndjson");
        var bbo = jkorf.Single(frame => frame.Frame.AsSpan().IndexOf("\"channel\":\"bbo\""u8) >= 0).Frame;
        Assert.Equal(FrameKind.Data, _parser.Parse(bbo, Local, _output).Kind);
        var quote = Assert.IsType<BestBidAskRecord>(Assert.Single(_output));
        Assert.Equal(("HYPE-USD", 23.757m, 42.09m, 23.758m, 100.26m), (quote.SymbolName, quote.BidPrice, quote.BidSize, quote.AskPrice, quote.AskSize));
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1766566375292), quote.Timestamp);
        Assert.Null(quote.UpdateId);
    }

    [Fact]
    public void Spot_pairs_and_their_contexts_are_ignored_with_the_reason_not_rejected()
    {
        var frames = HyperliquidRecordings.Frames("tardis-node_mappers_hyperliquid.ndjson");
        foreach (var line in new[] { 7, 8 })
        {
            var result = _parser.Parse(frames[line].Frame, Local, _output);
            Assert.Equal(FrameKind.Ignored, result.Kind);
            Assert.Contains("spot", result.Error, StringComparison.Ordinal);
        }

        Assert.Empty(_output);
    }

    [Fact]
    public void Acknowledgements_name_their_stream_pong_is_a_heartbeat_and_an_error_frame_is_a_rejection_with_its_text()
    {
        var ack = Parse("""{"channel":"subscriptionResponse","data":{"method":"subscribe","subscription":{"type":"trades","coin":"HYPE"}}}""");
        Assert.Equal((FrameKind.SubscriptionAck, "trades:HYPE"), (ack.Kind, ack.Stream));

        var hip3 = Parse("""{"channel":"subscriptionResponse","data":{"method":"unsubscribe","subscription":{"type":"l2Book","coin":"flx:CRCL","nSigFigs":null,"mantissa":null}}}""");
        Assert.Equal((FrameKind.SubscriptionAck, "l2Book:flx:CRCL"), (hip3.Kind, hip3.Stream));

        Assert.Equal(FrameKind.Heartbeat, Parse("""{"channel":"pong"}""").Kind);

        var error = Parse("""{"channel":"error","data":"Invalid subscription {\"type\":\"l2Book\",\"coin\":\"NOPE\"}"}""");
        Assert.Equal(FrameKind.SubscriptionError, error.Kind);
        Assert.Contains("Invalid subscription", error.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_jkorf_acknowledgement_is_read_as_the_stream_its_request_named()
    {
        var entries = MarketPrism.Core.Recordings.CaptureReader.ReadFile(HyperliquidRecordings.PathOf("jkorf_subscriptions_hyperliquid.ndjson")).ToList();
        var sent = entries.Where(entry => entry.Kind == MarketPrism.Core.Recordings.CaptureEntryKind.Sent).Select(entry => Encoding.UTF8.GetString(entry.Payload.Span)).ToList();
        var acks = entries.Where(entry => entry.Kind == MarketPrism.Core.Recordings.CaptureEntryKind.Received)
            .Select(entry => _parser.Parse(entry.Payload.Span, Local, _output))
            .Where(result => result.Kind == FrameKind.SubscriptionAck)
            .Select(result => result.Stream)
            .ToList();

        Assert.Equal(5, sent.Count);
        Assert.Equal(["l2Book:HYPE", "trades:HYPE", "candle:HYPE", "bbo:HYPE", "allMids"], acks);
    }

    [Fact]
    public void A_coin_no_perpetual_can_have_is_malformed_with_the_reason()
    {
        var result = Parse("""{"channel":"trades","data":[{"coin":"B T C","side":"B","px":"1","sz":"1","time":1730160006192,"hash":"0x0","tid":1}]}""");
        Assert.Equal(FrameKind.Malformed, result.Kind);
        Assert.Contains("is not a Hyperliquid perpetual", result.Error, StringComparison.Ordinal);
    }

    private static IExchangeVenue VenueCatalogHyperliquid => MarketPrism.Exchanges.VenueCatalog.Get("hyperliquid", MarketType.Perpetual);

    private FrameParseResult Parse(string frame) => _parser.Parse(Encoding.UTF8.GetBytes(frame), Local, _output);
}

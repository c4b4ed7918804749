using System.Text;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Bybit;

namespace MarketPrism.Tests.Exchanges.Bybit;

/// <summary>
/// Every recorded Bybit v5 frame type (the tardis-node test messages and the real <c>orderbook.500</c> session) with
/// its exact normalized values, plus the control replies in the forms Bybit's "Connect" page documents.
/// </summary>
public sealed class BybitFrameParserTests
{
    private static readonly DateTime Local = BybitRecordings.ReceiveTime;

    private readonly BybitFrameParser _parser = new(BybitSymbols.CreateTable(MarketType.Perpetual, []));
    private readonly List<MarketRecord> _output = [];

    [Fact]
    public void An_inverse_trade_frame_becomes_one_trade_per_element_with_the_uuid_as_id_and_the_taker_side()
    {
        var result = Parse(Line(1));

        Assert.Equal(FrameKind.Data, result.Kind);
        var trades = _output.Cast<TradeRecord>().ToList();
        Assert.Equal(3, trades.Count);
        Assert.All(trades, trade =>
        {
            Assert.Equal(("bybit", MarketType.Perpetual, "BTC-USD", "BTCUSD", ContractKind.Inverse), (trade.ExchangeName, trade.MarketType, trade.SymbolName, trade.ExchangeSymbol, trade.Instrument.Contract));
            Assert.Equal(Utc(1680673823564), trade.Timestamp);
            Assert.Equal(Local, trade.LocalTimestamp);
            Assert.Equal(Side.Buy, trade.Side);
            Assert.Equal("28560.50", Text(trade.Price));
        });
        Assert.Equal(["0cbf2330-952d-5d03-a462-4bf826c867af", "912e56de-9ed6-5f4f-9421-f0ff5a42d84a", "cb558b74-cf72-5157-b53b-93944db336ad"], trades.Select(trade => trade.TradeId.ToString()));
        Assert.All(trades, trade => Assert.False(trade.TradeId.IsNumeric));
        Assert.Equal([5823m, 3m, 5593m], trades.Select(trade => trade.Quantity));
    }

    [Fact]
    public void A_frame_whose_data_comes_before_its_topic_parses_the_same_as_in_bybits_order()
    {
        const string InOrder = """{"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1672304486868,"data":[{"T":1672304486865,"s":"BTCUSDT","S":"Buy","v":"0.001","p":"16578.50","L":"PlusTick","i":"20f43950-d8dd-5b31-9112-a178eb6023af","BT":false}],"cs":7}""";
        const string DataFirst = """{"data":[{"T":1672304486865,"s":"BTCUSDT","S":"Buy","v":"0.001","p":"16578.50","L":"PlusTick","i":"20f43950-d8dd-5b31-9112-a178eb6023af","BT":false}],"ts":1672304486868,"type":"snapshot","topic":"publicTrade.BTCUSDT"}""";

        Assert.Equal(FrameKind.Data, ParseText(InOrder).Kind);
        var inOrder = Assert.IsType<TradeRecord>(Assert.Single(_output));
        _output.Clear();
        Assert.Equal(FrameKind.Data, ParseText(DataFirst).Kind);
        var dataFirst = Assert.IsType<TradeRecord>(Assert.Single(_output));

        MarketPrism.Tests.Sinks.FileStore.RecordAssert.Equal(inOrder, dataFirst);
        Assert.Equal("16578.50", Text(dataFirst.Price));
    }

    [Fact]
    public void Data_before_its_topic_is_read_again_under_the_envelopes_topic_when_a_topic_key_inside_it_misled_the_first_read()
    {
        // The byte search for the topic finds the data's own "topic" key first; the envelope names another topic.
        const string Misleading = """{"data":{"topic":"publicTrade.BTCUSDT","price":"0.03803","side":"Buy","size":"1637","symbol":"GALAUSDT","updatedTime":1673251091822},"topic":"liquidation.GALAUSDT","ts":1673251091822,"type":"snapshot"}""";

        var result = ParseText(Misleading);

        Assert.Equal(FrameKind.Data, result.Kind);
        var liquidation = Assert.IsType<LiquidationRecord>(Assert.Single(_output));
        Assert.Equal(("GALA-USDT", Side.Sell, "1637"), (liquidation.SymbolName, liquidation.Side, Text(liquidation.Quantity)));
    }

    [Fact]
    public void A_book_frame_whose_data_comes_before_its_topic_waits_for_type_and_ts_and_parses_the_same()
    {
        const string InOrder = """{"topic":"orderbook.50.BTCUSDT","type":"snapshot","ts":1680673821237,"data":{"s":"BTCUSDT","b":[["28551.90","1"]],"a":[["28552.00","2"]],"u":7003310,"seq":50193543999}}""";
        const string DataFirst = """{"data":{"s":"BTCUSDT","b":[["28551.90","1"]],"a":[["28552.00","2"]],"u":7003310,"seq":50193543999},"topic":"orderbook.50.BTCUSDT","ts":1680673821237,"type":"snapshot"}""";

        Assert.Equal(FrameKind.Data, ParseText(InOrder).Kind);
        var inOrder = Assert.Single(_output);
        _output.Clear();
        Assert.Equal(FrameKind.Data, ParseText(DataFirst).Kind);

        MarketPrism.Tests.Sinks.FileStore.RecordAssert.Equal(inOrder, Assert.Single(_output));
    }

    [Fact]
    public void Data_parsed_where_it_stands_still_fails_a_frame_whose_envelope_is_broken_after_it()
    {
        // The data is read first (topic, type and ts came before it); the garbage after the object still fails the
        // frame, and the trade it produced is not kept.
        var result = ParseText("""{"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1672304486868,"data":[{"T":1672304486865,"s":"BTCUSDT","S":"Buy","v":"0.001","p":"16578.50","i":"1","BT":false}]} x""");

        Assert.Equal(FrameKind.Malformed, result.Kind);
        Assert.Empty(_output);
    }

    [Fact]
    public void A_linear_trade_keeps_the_exchange_digits()
    {
        Parse(Line(2));

        var trade = Assert.IsType<TradeRecord>(Assert.Single(_output));
        Assert.Equal(("LTC-USDT", ContractKind.Linear, Side.Buy), (trade.SymbolName, trade.Instrument.Contract, trade.Side));
        Assert.Equal(("94.53", "0.4"), (Text(trade.Price), Text(trade.Quantity)));
        Assert.Equal("4c7b6bdc-b4a3-5716-9c7b-bbe01dc7072f", trade.TradeId.ToString());
        Assert.Equal(Utc(1680688979983), trade.Timestamp);
    }

    [Fact]
    public void A_spot_trade_id_made_of_digits_is_kept_exactly()
    {
        var parser = new BybitFrameParser(BybitSymbols.CreateTable(MarketType.Spot, []));
        var frame = """{"topic":"publicTrade.XRPUSDT","type":"snapshot","ts":1733011200700,"data":[{"i":"2290000000061666327","T":1733011200698,"p":"1.9531","v":"120.5","S":"Sell","s":"XRPUSDT","BT":false,"RPI":false,"seq":130020239000}]}"""u8;

        Assert.Equal(FrameKind.Data, parser.Parse(frame, Local, _output).Kind);

        var trade = Assert.IsType<TradeRecord>(Assert.Single(_output));
        Assert.Equal((MarketType.Spot, "XRP-USDT", Side.Sell), (trade.MarketType, trade.SymbolName, trade.Side));
        Assert.Equal("2290000000061666327", trade.TradeId.ToString());
        Assert.Equal(("1.9531", "120.5"), (Text(trade.Price), Text(trade.Quantity)));
    }

    [Fact]
    public void The_top_of_book_snapshot_is_a_best_bid_and_ask_whose_update_id_is_the_cross_sequence()
    {
        Parse(Line(3));

        var quote = Assert.IsType<BestBidAskRecord>(Assert.Single(_output));
        Assert.Equal(("BTC-USDT", ContractKind.Linear), (quote.SymbolName, quote.Instrument.Contract));
        Assert.Equal(("28552.00", "0.047", "28552.10", "25.433"), (Text(quote.BidPrice), Text(quote.BidSize), Text(quote.AskPrice), Text(quote.AskSize)));
        Assert.Equal(50193540681, quote.UpdateId);
        Assert.Equal(Utc(1680673820717), quote.Timestamp);
    }

    [Fact]
    public void A_top_of_book_delta_changes_the_side_it_names_and_keeps_the_other()
    {
        Parse(Line(3));
        _output.Clear();

        Assert.Equal(FrameKind.Data, Parse(Line(4)).Kind);

        var quote = Assert.IsType<BestBidAskRecord>(Assert.Single(_output));
        Assert.Equal(("28552.00", "0.012", "28552.10", "25.433"), (Text(quote.BidPrice), Text(quote.BidSize), Text(quote.AskPrice), Text(quote.AskSize)));
        Assert.Equal(50193543147, quote.UpdateId);
        Assert.Equal(Utc(1680673821137), quote.Timestamp);
    }

    [Fact]
    public void A_top_of_book_delta_after_a_gap_is_recorded_only_because_it_restates_both_sides()
    {
        Parse(Line(3));
        Parse(Line(4));
        _output.Clear();

        // u jumps from 7003306 to 1188472: a new numbering. Both sides are removed and replaced in the message, so the
        // quote is known again at once.
        Assert.Equal(FrameKind.Data, Parse(Line(14)).Kind);

        var quote = Assert.IsType<BestBidAskRecord>(Assert.Single(_output));
        Assert.Equal(("27991.70", "0.777", "27994.40", "0.058"), (Text(quote.BidPrice), Text(quote.BidSize), Text(quote.AskPrice), Text(quote.AskSize)));
        Assert.Equal(11155892580, quote.UpdateId);
    }

    [Fact]
    public void A_top_of_book_delta_naming_one_side_after_a_gap_records_nothing_until_both_are_known()
    {
        Parse(Line(3));
        _output.Clear();
        var oneSide = """{"topic":"orderbook.1.BTCUSDT","type":"delta","ts":1680673821237,"data":{"s":"BTCUSDT","b":[["28551.90","1"]],"a":[],"u":7003310,"seq":50193543999}}"""u8;

        var result = _parser.Parse(oneSide, Local, _output);

        Assert.Equal(FrameKind.Ignored, result.Kind);
        Assert.Contains("after a gap", result.Error, StringComparison.Ordinal);
        Assert.Empty(_output);
    }

    [Fact]
    public void A_book_snapshot_frame_is_an_in_band_snapshot_and_a_delta_continues_it()
    {
        Parse(Line(5));
        var snapshot = Assert.IsType<BookDeltaRecord>(Assert.Single(_output));
        _output.Clear();
        Parse(Line(6));
        var delta = Assert.IsType<BookDeltaRecord>(Assert.Single(_output));

        Assert.True(snapshot.IsSnapshot);
        Assert.Equal(("BTC-USDC", ContractKind.Linear, "BTCPERP"), (snapshot.SymbolName, snapshot.Instrument.Contract, snapshot.ExchangeSymbol));
        Assert.Equal((20683568L, 20683568L, Utc(1680673821591)), (snapshot.FirstUpdateId, snapshot.LastUpdateId, snapshot.Timestamp));
        Assert.Equal([new BookLevel(28555.20m, 0.597m)], snapshot.Bids);
        Assert.Equal([new BookLevel(28555.30m, 0.225m)], snapshot.Asks);
        Assert.False(delta.IsSnapshot);
        Assert.Equal((20683569L, 20683569L, Utc(1680673821651)), (delta.FirstUpdateId, delta.LastUpdateId, delta.Timestamp));
        Assert.Equal([new BookLevel(28555.20m, 0.677m)], delta.Bids);
        Assert.Equal([new BookLevel(28555.30m, 0.029m)], delta.Asks);
        Assert.Null(delta.PreviousUpdateId);
        Assert.Null(delta.Checksum);
    }

    [Fact]
    public void The_recorded_orderbook_500_session_is_one_snapshot_of_500_levels_then_49_deltas_with_contiguous_u()
    {
        var records = new List<BookDeltaRecord>();
        foreach (var frame in BybitRecordings.Frames(BybitRecordings.OrderBook500))
        {
            _output.Clear();
            Assert.Equal(FrameKind.Data, _parser.Parse(frame.Payload, Local, _output).Kind);
            records.Add(Assert.IsType<BookDeltaRecord>(Assert.Single(_output)));
        }

        var snapshot = records[0];
        Assert.True(snapshot.IsSnapshot);
        Assert.Equal(("XRP-USDT", 20254869L, Utc(1733011200691)), (snapshot.SymbolName, snapshot.LastUpdateId, snapshot.Timestamp));
        Assert.Equal((500, 500), (snapshot.Bids.Length, snapshot.Asks.Length));
        Assert.Equal(new BookLevel(1.9531m, 6203m), snapshot.Bids[0]);
        Assert.Equal("1.9530", Text(snapshot.Bids[1].Price));
        Assert.All(records.Skip(1), delta => Assert.False(delta.IsSnapshot));
        Assert.Equal(Enumerable.Range(20254870, 49).Select(u => (long)u), records.Skip(1).Select(delta => delta.LastUpdateId));
        Assert.Equal(Utc(1733011205490), records[^1].Timestamp);
    }

    [Fact]
    public void An_inverse_ticker_snapshot_gives_funding_mark_price_and_open_interest_without_a_quote_value()
    {
        Parse(Line(7));

        var funding = Assert.IsType<FundingRateRecord>(_output[0]);
        var mark = Assert.IsType<MarkPriceRecord>(_output[1]);
        var openInterest = Assert.IsType<OpenInterestRecord>(_output[2]);
        Assert.Equal(3, _output.Count);
        Assert.All(_output, record => Assert.Equal((Utc(1680673822577), "BTC-USD"), (record.Timestamp, record.SymbolName)));
        Assert.Equal(("0.0001", Utc(1680681600000)), (Text(funding.FundingRate), funding.NextFundingTime));
        Assert.Equal((28560.00m, 28566.94m, -6.94m), (funding.MarkPrice, funding.IndexPrice, funding.PremiumIndex));
        Assert.Null(funding.EstimatedRate);
        Assert.Equal((28560.00m, 28566.94m), (mark.MarkPrice, mark.IndexPrice));
        Assert.Equal(449736676m, openInterest.OpenInterest);
        Assert.Null(openInterest.OpenInterestValue);
    }

    [Fact]
    public void A_ticker_delta_is_merged_into_the_snapshot_so_its_records_are_complete()
    {
        Parse(Line(7));
        _output.Clear();

        Assert.Equal(FrameKind.Data, Parse(Line(8)).Kind);

        // The delta carries fundingRate and openInterest, not markPrice: funding (with the snapshot's mark, index and
        // next funding time) and open interest are recorded, mark price is not.
        Assert.Equal(2, _output.Count);
        var funding = Assert.IsType<FundingRateRecord>(_output[0]);
        var openInterest = Assert.IsType<OpenInterestRecord>(_output[1]);
        Assert.Equal((0.0001m, Utc(1680681600000), 28560.00m, 28566.94m), (funding.FundingRate, funding.NextFundingTime, funding.MarkPrice, funding.IndexPrice));
        Assert.Equal(Utc(1680673822776), funding.Timestamp);
        Assert.Equal(449736674m, openInterest.OpenInterest);
    }

    [Theory]
    [InlineData("""{"topic":"tickers.BTCUSDT","type":"snapshot","ts":1680673821770,"data":{"symbol":"BTCUSDT","markPrice":"28552.81","indexPrice":"28562.25","fundingRate":"0.0001"}}""")]
    [InlineData("""{"topic":"tickers.BTCUSDT","type":"snapshot","data":{"symbol":"BTCUSDT","markPrice":"28552.81","indexPrice":"28562.25","fundingRate":"0.0001"},"cs":1,"ts":1680673821770}""")]
    [InlineData("""{"data":{"symbol":"BTCUSDT","markPrice":"28552.81","indexPrice":"28562.25","fundingRate":"0.0001"},"ts":1680673821770,"topic":"tickers.BTCUSDT","type":"snapshot"}""")]
    public void A_ticker_gives_the_same_records_whether_its_ts_comes_before_or_after_its_data(string frame)
    {
        Assert.Equal(FrameKind.Data, ParseText(frame).Kind);

        Assert.Equal(2, _output.Count);
        var funding = Assert.IsType<FundingRateRecord>(_output[0]);
        var mark = Assert.IsType<MarkPriceRecord>(_output[1]);
        Assert.Equal((Utc(1680673821770), 0.0001m, 28552.81m, 28562.25m), (funding.Timestamp, funding.FundingRate, funding.MarkPrice, funding.IndexPrice));
        Assert.Equal((Utc(1680673821770), 28552.81m), (mark.Timestamp, mark.MarkPrice));
    }

    [Fact]
    public void A_ticker_read_before_its_ts_is_not_merged_when_the_frame_then_turns_out_broken()
    {
        Parse(Line(11));
        _output.Clear();

        // The delta's fields are read where they stand, before its ts; the frame fails after them, so the ticker
        // keeps the snapshot's mark price and the next frame's records show it.
        var broken = ParseText("""{"topic":"tickers.BTCUSDT","type":"delta","data":{"symbol":"BTCUSDT","markPrice":"1.00"},"cs":2,"ts":1680673821870} x""");
        Assert.Equal(FrameKind.Malformed, broken.Kind);
        Assert.Empty(_output);

        Assert.Equal(FrameKind.Data, ParseText("""{"topic":"tickers.BTCUSDT","type":"delta","data":{"symbol":"BTCUSDT","fundingRate":"0.0002"},"cs":3,"ts":1680673821970}""").Kind);
        var funding = Assert.IsType<FundingRateRecord>(Assert.Single(_output));
        Assert.Equal((0.0002m, 28552.81m), (funding.FundingRate, funding.MarkPrice));
    }

    [Fact]
    public void A_ticker_delta_before_any_snapshot_is_ignored_with_the_reason()
    {
        var result = Parse(Line(8));

        Assert.Equal(FrameKind.Ignored, result.Kind);
        Assert.Equal("tickers delta for BTCUSD before its snapshot: the merged ticker would be incomplete", result.Error);
        Assert.Empty(_output);
    }

    [Fact]
    public void A_dated_contract_ticker_has_mark_price_and_open_interest_but_no_funding()
    {
        Parse(Line(9));

        Assert.Equal(2, _output.Count);
        var mark = Assert.IsType<MarkPriceRecord>(_output[0]);
        var openInterest = Assert.IsType<OpenInterestRecord>(_output[1]);
        Assert.Equal((MarketType.Futures, "BTC-USD", ContractKind.Inverse), (mark.MarketType, mark.SymbolName, mark.Instrument.Contract));
        Assert.Equal((29023.60m, 28566.94m), (mark.MarkPrice, mark.IndexPrice));
        Assert.Equal((4547176m, (decimal?)null), (openInterest.OpenInterest, openInterest.OpenInterestValue));
        Assert.Equal(Utc(1680673822099), mark.Timestamp);
    }

    [Fact]
    public void A_ticker_delta_with_only_quote_and_basis_fields_records_nothing()
    {
        Parse(Line(9));
        _output.Clear();

        var result = Parse(Line(10));

        Assert.Equal(FrameKind.Ignored, result.Kind);
        Assert.Equal("tickers message changed no funding, mark price or open interest field", result.Error);
    }

    [Fact]
    public void A_linear_ticker_snapshot_takes_the_open_interest_value_bybit_states_in_the_quote_coin()
    {
        Parse(Line(11));

        var funding = Assert.IsType<FundingRateRecord>(_output[0]);
        var openInterest = Assert.IsType<OpenInterestRecord>(_output[2]);
        Assert.Equal(("BTC-USDT", 0.0001m, 28552.81m, 28562.25m), (funding.SymbolName, funding.FundingRate, funding.MarkPrice, funding.IndexPrice));
        Assert.Equal(("52774.528", "1506861070.82"), (Text(openInterest.OpenInterest), Text(openInterest.OpenInterestValue!.Value)));
        Assert.Equal(Utc(1680673821770), openInterest.Timestamp);
    }

    [Fact]
    public void A_spot_ticker_is_ignored_because_spot_has_no_funding_mark_price_or_open_interest()
    {
        var parser = new BybitFrameParser(BybitSymbols.CreateTable(MarketType.Spot, []));
        var frame = """{"topic":"tickers.XRPUSDT","ts":1733011200700,"type":"snapshot","cs":130020239000,"data":{"symbol":"XRPUSDT","lastPrice":"1.9531","highPrice24h":"2.01","lowPrice24h":"1.80","prevPrice24h":"1.85","volume24h":"1000","turnover24h":"1900","price24hPcnt":"0.0557","usdIndexPrice":"1.953"}}"""u8;

        var result = parser.Parse(frame, Local, _output);

        Assert.Equal((FrameKind.Ignored, "spot tickers carry no funding rate, mark price or open interest"), (result.Kind, result.Error));
        Assert.Empty(_output);
    }

    [Fact]
    public void The_legacy_liquidation_states_the_position_side_so_a_buy_is_a_long_closed_by_a_sell_order()
    {
        // This frame has its 'data' before its 'topic'.
        Parse(Line(12));

        var liquidation = Assert.IsType<LiquidationRecord>(Assert.Single(_output));
        Assert.Equal(("GALA-USDT", Side.Sell), (liquidation.SymbolName, liquidation.Side));
        Assert.Equal(("0.03803", "1637"), (Text(liquidation.Price), Text(liquidation.Quantity)));
        Assert.Equal(Utc(1673251091822), liquidation.Timestamp);
        Assert.Equal(InstrumentType.Swap, liquidation.InstrumentType);
        Assert.Null(liquidation.LiquidationId);
        Assert.Null(liquidation.Leverage);
    }

    [Fact]
    public void A_liquidated_short_of_an_inverse_contract_is_a_buy_order()
    {
        Parse(Line(13));

        var liquidation = Assert.IsType<LiquidationRecord>(Assert.Single(_output));
        Assert.Equal(("XRP-USD", ContractKind.Inverse, Side.Buy), (liquidation.SymbolName, liquidation.Instrument.Contract, liquidation.Side));
        Assert.Equal((0.5149m, 6949m, Utc(1680673944093)), (liquidation.Price, liquidation.Quantity, liquidation.Timestamp));
    }

    [Fact]
    public void An_all_liquidation_sell_is_a_liquidated_short_recorded_as_a_buy_order_at_the_bankruptcy_price()
    {
        Parse(Line(15));

        var liquidation = Assert.IsType<LiquidationRecord>(Assert.Single(_output));
        Assert.Equal(("PIPPIN-USDT", Side.Buy), (liquidation.SymbolName, liquidation.Side));
        Assert.Equal(("0.02456", "2846"), (Text(liquidation.Price), Text(liquidation.Quantity)));
        Assert.Equal(Utc(1740480207110), liquidation.Timestamp);
    }

    [Theory]
    [InlineData("""{"success":true,"ret_msg":"subscribe","conn_id":"2324d924-aa4d-45b0-a858-7b8be29ab52b","req_id":"10001","op":"subscribe"}""", 10001L)]
    [InlineData("""{"success":true,"ret_msg":"","conn_id":"3cd84cb1-4d06-4a05-930a-2efe5fc70f0f","req_id":"42","op":"unsubscribe"}""", 42L)]
    [InlineData("""{"success":true,"ret_msg":"","conn_id":"3cd84cb1-4d06-4a05-930a-2efe5fc70f0f","req_id":"","op":"subscribe"}""", null)]
    public void Acknowledgements_answer_the_request_whose_id_they_echo(string frame, long? requestId)
    {
        var result = _parser.Parse(Encoding.UTF8.GetBytes(frame), Local, _output);

        Assert.Equal((FrameKind.SubscriptionAck, requestId), (result.Kind, result.RequestId));
    }

    [Fact]
    public void A_rejected_subscription_reports_bybit_s_message()
    {
        var frame = """{"success":false,"ret_msg":"error:already subscribed,topic:allLiquidation.ORDERUSDT","conn_id":"03f7ecc2-f1d3-453e-be43-eeed9f2ac133","req_id":"7","op":"subscribe"}"""u8;

        var result = _parser.Parse(frame, Local, _output);

        Assert.Equal(FrameKind.SubscriptionError, result.Kind);
        Assert.Equal(7, result.RequestId);
        Assert.Equal("Bybit rejected subscribe: error:already subscribed,topic:allLiquidation.ORDERUSDT", result.Error);
    }

    [Theory]
    [InlineData("""{"success":true,"ret_msg":"pong","conn_id":"0970e817-426e-429a-a679-ff7f55e0b16a","op":"ping"}""")]
    [InlineData("""{"success":true,"ret_msg":"pong","conn_id":"465772b1-7630-4fdc-a492-e003e6f0f260","req_id":"","op":"ping"}""")]
    [InlineData("""{"args":["1672916271846"],"op":"pong"}""")]
    [InlineData("""{"req_id":"test","op":"pong","args":["1675418560633"],"conn_id":"cfcb4ocsvfriu23r3er0-1b"}""")]
    public void Every_documented_pong_is_a_heartbeat(string frame)
    {
        Assert.Equal(FrameKind.Heartbeat, _parser.Parse(Encoding.UTF8.GetBytes(frame), Local, _output).Kind);
    }

    [Fact]
    public void Topics_the_collector_does_not_normalize_are_ignored()
    {
        var frame = """{"topic":"kline.5.BTCUSDT","data":[{"start":1672324800000,"end":1672325099999,"interval":"5","open":"16649.5","close":"16677","high":"16677","low":"16608","volume":"2.081","turnover":"34666.4005","confirm":false,"timestamp":1672324988882}],"ts":1672324988882,"type":"snapshot"}"""u8;

        Assert.Equal(FrameKind.Ignored, _parser.Parse(frame, Local, _output).Kind);
    }

    [Theory]
    [InlineData("", "empty frame")]
    [InlineData("[1,2]", "frame is a JSON array, not an object")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1""", "invalid JSON")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1}""", "topic 'publicTrade.BTCUSDT' frame has no 'data'")]
    [InlineData("""{"conn_id":"x"}""", "unrecognized frame: no 'topic' and no 'op'")]
    [InlineData("""{"topic":"publicTrade","data":[]}""", "topic 'publicTrade' is not '<name>.<symbol>'")]
    [InlineData("""{"topic":"publicTrade.BTC/USDT","data":[]}""", "topic 'publicTrade.BTC/USDT': symbol 'BTC/USDT' cannot be normalized")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[{"T":1,"s":"BTCUSDT","S":"Hold","v":"1","p":"1","i":"a"}]}""", "publicTrade: field 'S' is not Buy or Sell")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[{"T":1,"s":"BTCUSDT","S":"Buy","v":"1","p":"1"}]}""", "publicTrade: field 'i' is missing")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[{"T":1,"s":"ETHUSDT","S":"Buy","v":"1","p":"1","i":"a"}]}""", "publicTrade: symbol 'ETHUSDT' is not the topic's 'BTCUSDT'")]
    [InlineData("""{"topic":"orderbook.50.BTCUSDT","type":"delta","data":{"s":"BTCUSDT","b":[],"a":[],"u":5}}""", "orderbook: field 'ts' is missing")]
    [InlineData("""{"topic":"orderbook.50.BTCUSDT","type":"full","ts":1,"data":{"s":"BTCUSDT","b":[],"a":[],"u":5}}""", "orderbook: field 'type' is not snapshot or delta")]
    [InlineData("""{"topic":"orderbook.50.BTCUSDT","type":"delta","ts":1680673823566,"data":{"s":"BTCUSDT","b":[["1","-2"]],"a":[],"u":5}}""", "impossible value in book_delta BTCUSDT: bid level at 1 has a negative size -2")]
    [InlineData("""{"topic":"orderbook.50.BTCUSDT","type":"delta","ts":1,"data":{"s":"BTCUSDT","b":[],"a":[]}}""", "orderbook: field 'u' is missing")]
    [InlineData("""{"topic":"tickers.BTCUSDT","type":"snapshot","ts":1,"data":{"symbol":"BTCUSDT","markPrice":"abc"}}""", "tickers: field 'markPrice' is not a decimal")]
    [InlineData("""{"topic":"tickers.BTCUSDT","type":"snapshot","data":{"symbol":"BTCUSDT","markPrice":"abc"},"ts":1}""", "tickers: field 'markPrice' is not a decimal")]
    [InlineData("""{"topic":"tickers.BTCUSDT","type":"snapshot","data":{"symbol":"BTCUSDT","markPrice":"1"},"cs":1}""", "tickers: field 'ts' is missing")]
    [InlineData("""{"topic":"tickers.BTCUSDT","type":"snapshot","data":{"symbol":"ETHUSDT","markPrice":"1"},"ts":1}""", "tickers: symbol 'ETHUSDT' is not the topic's 'BTCUSDT'")]
    [InlineData("""{"topic":"allLiquidation.BTCUSDT","type":"snapshot","ts":1680673823566,"data":[{"T":1680673823564,"s":"BTCUSDT","S":"Buy","v":"0","p":"1"}]}""", "impossible value in liquidation BTCUSDT: quantity 0 is not above zero")]
    [InlineData("""{"success":true,"op":"subscribe"} {}""", "invalid JSON")]
    [InlineData("""{"ret_msg":"","op":"subscribe","req_id":"1"}""", "subscribe reply has no boolean 'success'")]
    public void Malformed_frames_are_reported_with_the_reason_and_produce_nothing(string frame, string reason)
    {
        var result = _parser.Parse(Encoding.UTF8.GetBytes(frame), Local, _output);

        Assert.Equal(FrameKind.Malformed, result.Kind);
        Assert.StartsWith(reason, result.Error, StringComparison.Ordinal);
        Assert.Empty(_output);
    }

    [Fact]
    public void A_frame_failing_in_its_second_trade_leaves_nothing_behind()
    {
        var frame = """{"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":2,"data":[{"T":1,"s":"BTCUSDT","S":"Buy","v":"1","p":"1","i":"a"},{"T":1,"s":"BTCUSDT","S":"Buy","v":"1","p":"x","i":"b"}]}"""u8;
        _output.Add(new TradeRecord { Instrument = _parser.Instruments.Instruments.FirstOrDefault() ?? Btc(), Timestamp = Local, LocalTimestamp = Local, TradeId = new RecordId(1), Price = 1, Quantity = 1, Side = Side.Buy });

        var result = _parser.Parse(frame, Local, _output);

        Assert.Equal(FrameKind.Malformed, result.Kind);
        Assert.Single(_output);
    }

    private static Instrument Btc() => BybitSymbols.Resolve("BTCUSDT", MarketType.Perpetual)!;

    private FrameParseResult Parse(BybitFrame frame) => _parser.Parse(frame.Payload, Local, _output);

    private FrameParseResult ParseText(string frame) => _parser.Parse(Encoding.UTF8.GetBytes(frame), Local, _output);

    private static BybitFrame Line(int line) => BybitRecordings.AtLine(BybitRecordings.Tardis, line);

    private static DateTime Utc(long milliseconds) => UtcTimestamp.FromUnixMilliseconds(milliseconds);

    private static string Text(decimal value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

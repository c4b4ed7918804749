using System.Text;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Deribit;

namespace MarketPrism.Tests.Exchanges.Deribit;

/// <summary>
/// Every kind of Deribit frame in the recordings, through the parser, with the exact normalized values. Line numbers
/// refer to recordings/deribit/tardis-node_mappers_deribit.ndjson (tardis) and DERIBIT.ws.1.0 (capture).
/// </summary>
public sealed class DeribitFrameParserTests
{
    private static readonly DateTime Local = DeribitRecordings.UnrecordedReceiveTime;

    private readonly DeribitFrameParser _parser = new(DeribitSymbols.CreateTable(MarketType.Perpetual, []));
    private readonly List<MarketRecord> _output = [];

    [Fact]
    public void Trades_keep_the_taker_direction_the_trade_id_and_the_trade_seq()
    {
        var result = Parse(DeribitRecordings.AtLine(DeribitRecordings.Tardis, 1));

        Assert.Equal(FrameKind.Data, result.Kind);
        Assert.Equal(2, _output.Count);
        var first = Assert.IsType<TradeRecord>(_output[0]);
        AssertInstrument(first.Instrument, MarketType.Perpetual, "BTC-USD", "BTC-PERPETUAL", ContractKind.Inverse);
        Assert.Equal(new RecordId(39355898), first.TradeId);
        Assert.Equal(20944815, first.Sequence);
        Assert.Equal(9598.5m, first.Price);
        Assert.Equal(2000m, first.Quantity);
        Assert.Equal(Side.Sell, first.Side);
        Assert.Equal(Ms(1567296022565), first.Timestamp);
        Assert.Equal(Local, first.LocalTimestamp);
        var second = Assert.IsType<TradeRecord>(_output[1]);
        Assert.Equal((new RecordId(39355899), 20944816L, 50m), (second.TradeId, second.Sequence!.Value, second.Quantity));
    }

    [Fact]
    public void A_taker_liquidation_is_a_liquidation_order_on_the_side_of_the_trade()
    {
        Parse(DeribitRecordings.AtLine(DeribitRecordings.Tardis, 11));

        Assert.Equal(2, _output.Count);
        var trade = Assert.IsType<TradeRecord>(_output[0]);
        Assert.Equal((new RecordId(66460463), Side.Sell, 4469.5m, 1120m), (trade.TradeId, trade.Side, trade.Price, trade.Quantity));
        var liquidation = Assert.IsType<LiquidationRecord>(_output[1]);

        // "T": the taker sold, and the taker was being liquidated: a sell liquidation order, a long was liquidated.
        Assert.Equal(Side.Sell, liquidation.Side);
        Assert.Equal(new RecordId(66460463), liquidation.LiquidationId);
        Assert.Equal((4469.5m, 1120m), (liquidation.Price, liquidation.Quantity));
        Assert.Equal(Ms(1584058044032), liquidation.Timestamp);
        Assert.Equal(InstrumentType.Swap, liquidation.InstrumentType);
        Assert.Null(liquidation.Leverage);
    }

    [Fact]
    public void A_maker_liquidation_is_a_liquidation_order_on_the_opposite_side_of_the_trade()
    {
        Parse(DeribitRecordings.AtLine(DeribitRecordings.Tardis, 12));

        var trade = Assert.IsType<TradeRecord>(_output[0]);
        Assert.Equal(Side.Buy, trade.Side);
        var liquidation = Assert.IsType<LiquidationRecord>(Assert.Single(_output, record => record is LiquidationRecord));

        // "M": the taker bought from a resting sell order that belonged to a liquidated long.
        Assert.Equal(Side.Sell, liquidation.Side);
        Assert.Equal((new RecordId(66460626), 4458.5m, 2500m), (liquidation.LiquidationId!.Value, liquidation.Price, liquidation.Quantity));
    }

    [Fact]
    public void A_trade_that_liquidated_both_sides_gives_one_liquidation_order_per_side()
    {
        // Deribit documents "MT" (both sides under liquidation); the recordings hold only "T" and "M".
        var frame = """
            {"jsonrpc":"2.0","method":"subscription","params":{"channel":"trades.ETH-PERPETUAL.100ms","data":[{"trade_seq":187471858,"trade_id":"ETH-259727150","timestamp":1753469786907,"tick_direction":0,"price":3652.7,"mark_price":3652.16,"liquidation":"MT","instrument_name":"ETH-PERPETUAL","index_price":3652.65,"direction":"buy","amount":13830.0,"contracts":13830.0}]}}
            """;

        Assert.Equal(FrameKind.Data, Parse(frame).Kind);

        var trade = Assert.IsType<TradeRecord>(_output[0]);
        Assert.Equal(RecordId.Parse("ETH-259727150"), trade.TradeId);
        Assert.False(trade.TradeId.IsNumeric);
        Assert.Equal(187471858, trade.Sequence);
        var sides = _output.OfType<LiquidationRecord>().Select(liquidation => liquidation.Side).ToArray();
        Assert.Equal([Side.Buy, Side.Sell], sides);
        Assert.All(_output.OfType<LiquidationRecord>(), liquidation => Assert.Equal(13830.0m, liquidation.Quantity));
    }

    [Fact]
    public void A_quote_is_the_best_bid_and_ask()
    {
        Parse(DeribitRecordings.AtLine(DeribitRecordings.Tardis, 2));

        var quote = Assert.IsType<BestBidAskRecord>(Assert.Single(_output));
        Assert.Equal("BTC-PERPETUAL", quote.ExchangeSymbol);
        Assert.Equal((9600.5m, 162800m, 9601m, 49710m), (quote.BidPrice, quote.BidSize, quote.AskPrice, quote.AskSize));
        Assert.Null(quote.UpdateId);
        Assert.Equal(Ms(1567296000183), quote.Timestamp);
    }

    [Fact]
    public void A_quote_with_an_empty_side_has_price_and_size_zero_there()
    {
        var frame = """{"jsonrpc":"2.0","method":"subscription","params":{"channel":"quote.BTC-24SEP21-8000-P","data":{"timestamp":1626993722319,"instrument_name":"BTC-24SEP21-8000-P","best_bid_price":null,"best_bid_amount":0,"best_ask_price":0.0015,"best_ask_amount":94.7}}}""";

        Parse(frame);

        var quote = Assert.IsType<BestBidAskRecord>(Assert.Single(_output));
        Assert.Equal((0m, 0m, 0.0015m, 94.7m), (quote.BidPrice, quote.BidSize, quote.AskPrice, quote.AskSize));
        Assert.Equal(MarketType.Option, quote.MarketType);
    }

    [Fact]
    public void A_book_frame_without_type_or_previous_id_is_the_snapshot()
    {
        Parse(DeribitRecordings.AtLine(DeribitRecordings.Tardis, 3));

        var snapshot = Assert.IsType<BookDeltaRecord>(Assert.Single(_output));
        Assert.True(snapshot.IsSnapshot);
        AssertInstrument(snapshot.Instrument, MarketType.Perpetual, "ETH-USD", "ETH-PERPETUAL", ContractKind.Inverse);
        Assert.Equal((1776289261L, 1776289261L), (snapshot.FirstUpdateId, snapshot.LastUpdateId));
        Assert.Null(snapshot.PreviousUpdateId);
        Assert.Equal([new BookLevel(217.8m, 1895m), new BookLevel(217.75m, 712m)], snapshot.Bids);
        Assert.Equal([new BookLevel(218.6m, 179803m), new BookLevel(218.65m, 7887m)], snapshot.Asks);
        Assert.Equal(Ms(1564617600273), snapshot.Timestamp);
    }

    [Fact]
    public void A_book_frame_with_a_previous_id_is_a_change_whose_deletes_are_size_zero()
    {
        Parse(DeribitRecordings.AtLine(DeribitRecordings.Tardis, 4));

        var change = Assert.IsType<BookDeltaRecord>(Assert.Single(_output));
        Assert.False(change.IsSnapshot);
        Assert.Equal((1776294623L, 1776294623L, 1776294621L), (change.FirstUpdateId, change.LastUpdateId, change.PreviousUpdateId!.Value));
        Assert.Equal([new BookLevel(217.8m, 0m)], change.Bids);
        // Deribit sends 219.2 then 219.1; the schema writes asks best (lowest) first.
        Assert.Equal([new BookLevel(219.1m, 19343m), new BookLevel(219.2m, 64903m)], change.Asks);
    }

    [Fact]
    public void A_typed_change_of_an_option_keeps_its_previous_id_even_when_zero()
    {
        Parse(DeribitRecordings.AtLine(DeribitRecordings.Tardis, 13));

        var change = Assert.IsType<BookDeltaRecord>(Assert.Single(_output));
        AssertInstrument(change.Instrument, MarketType.Option, "ETH-USD", "ETH-10SEP21-3350-P", ContractKind.Inverse);
        Assert.False(change.IsSnapshot);
        Assert.Equal((14617771529L, 0L), (change.LastUpdateId, change.PreviousUpdateId!.Value));
        Assert.Equal([new BookLevel(0.019m, 93m)], change.Bids);
        Assert.Equal([new BookLevel(0.037m, 93m)], change.Asks);
    }

    [Fact]
    public void A_typed_snapshot_of_a_linear_perpetual_drops_the_previous_id_it_carries()
    {
        Parse(DeribitRecordings.AtLine(DeribitRecordings.Tardis, 14));

        var snapshot = Assert.IsType<BookDeltaRecord>(Assert.Single(_output));
        AssertInstrument(snapshot.Instrument, MarketType.Perpetual, "LINK-USDC", "LINK_USDC-PERPETUAL", ContractKind.Linear);
        Assert.True(snapshot.IsSnapshot);
        Assert.Null(snapshot.PreviousUpdateId);
        Assert.Equal(1232767964, snapshot.LastUpdateId);
        Assert.Equal(
            [new(7.562m, 34m), new(7.561m, 329m), new(7.56m, 401m), new(7.559m, 133m), new BookLevel(7.558m, 660m)],
            snapshot.Bids);
        Assert.Empty(snapshot.Asks);
    }

    [Fact]
    public void The_captured_option_book_snapshot_and_its_changes_parse_with_the_exchange_digits()
    {
        Parse(DeribitRecordings.AtLine(DeribitRecordings.Capture, 21));
        var snapshot = Assert.IsType<BookDeltaRecord>(Assert.Single(_output));
        Assert.True(snapshot.IsSnapshot);
        AssertInstrument(snapshot.Instrument, MarketType.Option, "BTC-USD", "BTC-24SEP21-8000-P", ContractKind.Inverse);
        Assert.Equal(33195894164, snapshot.LastUpdateId);
        Assert.Equal([new BookLevel(0.0005m, 153.1m)], snapshot.Bids);
        Assert.Equal(14, snapshot.Asks.Length);
        Assert.Equal(new BookLevel(0.0015m, 94.7m), snapshot.Asks[0]);
        Assert.Equal("0.0015", snapshot.Asks[0].Price.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new BookLevel(0.25m, 9.0m), snapshot.Asks[^1]);
        Assert.Equal(Ms(1626993722319), snapshot.Timestamp);
        Assert.Equal(DateTime.UnixEpoch.AddTicks((long)Math.Round(1626993723.849952 * TimeSpan.TicksPerSecond)), snapshot.LocalTimestamp);

        _output.Clear();
        Parse(DeribitRecordings.AtLine(DeribitRecordings.Capture, 25));
        var added = Assert.IsType<BookDeltaRecord>(Assert.Single(_output));
        Assert.Equal((33195894355L, 33195894164L), (added.LastUpdateId, added.PreviousUpdateId!.Value));
        Assert.Equal([new BookLevel(0.001m, 2.6m)], added.Asks);
        Assert.Empty(added.Bids);

        _output.Clear();
        Parse(DeribitRecordings.AtLine(DeribitRecordings.Capture, 27));
        var deleted = Assert.IsType<BookDeltaRecord>(Assert.Single(_output));
        Assert.Equal([new BookLevel(0.001m, 0m)], deleted.Asks);
    }

    [Fact]
    public void A_perpetual_ticker_gives_the_current_funding_the_open_interest_in_usd_and_the_mark_price()
    {
        Parse(DeribitRecordings.AtLine(DeribitRecordings.Tardis, 5));

        Assert.Equal(3, _output.Count);
        var funding = Assert.IsType<FundingRateRecord>(_output[0]);
        Assert.Equal("BTC-USD", funding.SymbolName);
        Assert.Equal(0m, funding.FundingRate);
        Assert.Null(funding.EstimatedRate);
        Assert.Null(funding.NextFundingTime);
        Assert.Equal((10094.1m, 10091.15m), (funding.MarkPrice!.Value, funding.IndexPrice!.Value));
        Assert.Equal(2.95m, funding.PremiumIndex);
        Assert.Equal(Ms(1564617604229), funding.Timestamp);

        // An inverse contract counts open interest in USD: the value in the quote currency is the number itself.
        var interest = Assert.IsType<OpenInterestRecord>(_output[1]);
        Assert.Equal((66128281m, 66128281m), (interest.OpenInterest, interest.OpenInterestValue!.Value));
        var mark = Assert.IsType<MarkPriceRecord>(_output[2]);
        Assert.Equal((10094.1m, 10091.15m), (mark.MarkPrice, mark.IndexPrice!.Value));
    }

    [Fact]
    public void A_later_perpetual_ticker_parses_alike_and_funding_8h_is_not_taken_for_an_estimate()
    {
        Parse(DeribitRecordings.AtLine(DeribitRecordings.Tardis, 6));

        var funding = Assert.IsType<FundingRateRecord>(_output[0]);
        Assert.Equal(0m, funding.FundingRate);
        Assert.Null(funding.EstimatedRate);
        Assert.Equal((84844461m, 8304.39m), (((OpenInterestRecord)_output[1]).OpenInterest, ((MarkPriceRecord)_output[2]).MarkPrice));
    }

    [Fact]
    public void A_funding_rate_in_exponent_notation_is_read_exactly()
    {
        var frame = """{"jsonrpc":"2.0","method":"subscription","params":{"channel":"ticker.BTC-PERPETUAL.100ms","data":{"timestamp":1569888003897,"open_interest":84844461,"mark_price":8304.39,"instrument_name":"BTC-PERPETUAL","index_price":8305.94,"funding_8h":-8.477e-05,"current_funding":-1.25e-06}}}""";

        Parse(frame);

        Assert.Equal(-0.00000125m, Assert.IsType<FundingRateRecord>(_output[0]).FundingRate);
    }

    [Fact]
    public void An_option_ticker_gives_open_interest_valued_at_the_index_and_the_mark_price_but_no_funding()
    {
        Parse(DeribitRecordings.AtLine(DeribitRecordings.Tardis, 8));

        Assert.Equal(2, _output.Count);
        var interest = Assert.IsType<OpenInterestRecord>(_output[0]);
        AssertInstrument(interest.Instrument, MarketType.Option, "BTC-USD", "BTC-5JUN20-9250-C", ContractKind.Inverse);
        Assert.Equal(533.2m, interest.OpenInterest);
        Assert.Equal(5030400.752m, interest.OpenInterestValue);
        var mark = Assert.IsType<MarkPriceRecord>(_output[1]);
        Assert.Equal((0.03847784m, 9434.36m), (mark.MarkPrice, mark.IndexPrice!.Value));
        Assert.Equal(Ms(1590969652595), mark.Timestamp);
    }

    [Fact]
    public void An_expired_option_ticker_with_a_text_delivery_price_still_parses()
    {
        Parse(DeribitRecordings.AtLine(DeribitRecordings.Tardis, 7));

        var interest = Assert.IsType<OpenInterestRecord>(_output[0]);
        Assert.Equal("BTC-8JUN20-8750-P", interest.ExchangeSymbol);
        Assert.Equal((0m, 0m), (interest.OpenInterest, interest.OpenInterestValue!.Value));
        Assert.Equal((0m, 9729.25m), (((MarkPriceRecord)_output[1]).MarkPrice, ((MarkPriceRecord)_output[1]).IndexPrice!.Value));
    }

    [Fact]
    public void A_linear_option_keeps_its_strike_with_the_decimal_d_in_the_exchange_symbol()
    {
        Parse(DeribitRecordings.AtLine(DeribitRecordings.Tardis, 18));

        var mark = Assert.IsType<MarkPriceRecord>(_output[1]);
        AssertInstrument(mark.Instrument, MarketType.Option, "MATIC-USDC", "MATIC_USDC-9MAR24-1d02-C", ContractKind.Linear);
        Assert.Equal((0.139m, 1.1367m), (mark.MarkPrice, mark.IndexPrice!.Value));
        Assert.Equal(Ms(1709809020064), mark.Timestamp);
    }

    [Theory]
    [InlineData(15, "BTC-STRD-30SEP22-20000")]
    [InlineData(16, "BTC-FS-30SEP22_PERP")]
    [InlineData(17, "BTC-CSR12-16SEP22-21000_23000")]
    public void Combo_tickers_are_ignored_with_the_reason(int line, string combo)
    {
        var result = Parse(DeribitRecordings.AtLine(DeribitRecordings.Tardis, line));

        Assert.Equal(FrameKind.Ignored, result.Kind);
        Assert.Contains(combo, result.Error, StringComparison.Ordinal);
        Assert.Empty(_output);
    }

    [Fact]
    public void The_captured_subscribe_answer_acknowledges_its_request_id()
    {
        var result = Parse(DeribitRecordings.AtLine(DeribitRecordings.Capture, 3));

        Assert.Equal(new FrameParseResult(FrameKind.SubscriptionAck, RequestId: 0), result);
    }

    [Fact]
    public void An_empty_subscribe_answer_is_a_rejection_of_its_request()
    {
        var result = Parse("""{"jsonrpc":"2.0","id":3997,"result":[],"usIn":1561053224590810,"usOut":1561053224590859,"usDiff":49,"testnet":true}""");

        Assert.Equal(FrameKind.SubscriptionError, result.Kind);
        Assert.Equal(3997, result.RequestId);
        Assert.StartsWith("Deribit acted on none of the requested channels", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_test_request_asks_for_an_answer_and_a_heartbeat_does_not()
    {
        Assert.Equal(FrameKind.HeartbeatRequest, Parse("""{"jsonrpc":"2.0","method":"heartbeat","params":{"type":"test_request"}}""").Kind);
        Assert.Equal(FrameKind.Heartbeat, Parse("""{"jsonrpc":"2.0","method":"heartbeat","params":{"type":"heartbeat"}}""").Kind);
        Assert.Empty(_output);
    }

    [Fact]
    public void Answers_to_set_heartbeat_and_test_are_signs_of_life_not_acknowledgements()
    {
        Assert.Equal(
            new FrameParseResult(FrameKind.Heartbeat, RequestId: 9098),
            Parse("""{"jsonrpc":"2.0","id":9098,"result":"ok","usIn":1,"usOut":2,"usDiff":1,"testnet":false}"""));
        Assert.Equal(
            new FrameParseResult(FrameKind.Heartbeat, RequestId: 8212),
            Parse("""{"jsonrpc":"2.0","id":8212,"result":{"version":"1.2.26"},"testnet":false}"""));
    }

    [Fact]
    public void A_json_rpc_error_is_a_rejection_with_code_message_and_reason()
    {
        var raw = Parse("""{"jsonrpc":"2.0","id":"cryptofeed","error":{"message":"raw_subscriptions_not_available_for_unauthorized","code":13778},"usIn":1642494034550822,"usOut":1642494034551046,"usDiff":224,"testnet":false}""");
        Assert.Equal(new FrameParseResult(FrameKind.SubscriptionError, "Deribit error 13778: raw_subscriptions_not_available_for_unauthorized"), raw);

        var invalid = Parse("""{"jsonrpc":"2.0","id":7,"error":{"message":"Invalid params","data":{"reason":"value must be a list","param":"channels"},"code":-32602},"testnet":false}""");
        Assert.Equal(new FrameParseResult(FrameKind.SubscriptionError, "Deribit error -32602: Invalid params (channels: value must be a list)", 7), invalid);
    }

    [Fact]
    public void The_volatility_index_is_a_record_of_the_option_market_named_after_its_index()
    {
        // The shape of docs.deribit.com's example for deribit_volatility_index.{index_name}; the recordings have none.
        var result = Parse("""{"jsonrpc":"2.0","method":"subscription","params":{"channel":"deribit_volatility_index.btc_usd","data":{"volatility":129.36,"timestamp":1619777946007,"index_name":"btc_usd"}}}""");

        Assert.Equal(FrameKind.Data, result.Kind);
        var index = Assert.IsType<VolatilityIndexRecord>(Assert.Single(_output));
        AssertInstrument(index.Instrument, MarketType.Option, "BTC-USD", "btc_usd", ContractKind.Inverse);
        Assert.Equal(129.36m, index.Volatility);
        Assert.Equal(Ms(1619777946007), index.Timestamp);
    }

    [Fact]
    public void Keys_may_come_in_any_order()
    {
        var result = Parse("""{"params":{"data":{"volatility":55.1,"timestamp":1619777946007},"channel":"deribit_volatility_index.eth_usd"},"method":"subscription","jsonrpc":"2.0"}""");

        Assert.Equal(FrameKind.Data, result.Kind);
        Assert.Equal("eth_usd", Assert.Single(_output).ExchangeSymbol);
    }

    [Fact]
    public void Channels_the_collector_does_not_use_are_ignored()
    {
        var grouped = Parse("""{"jsonrpc":"2.0","method":"subscription","params":{"channel":"book.BTC-PERPETUAL.none.10.100ms","data":{"timestamp":1,"instrument_name":"BTC-PERPETUAL","change_id":1,"bids":[],"asks":[]}}}""");
        var index = Parse("""{"jsonrpc":"2.0","method":"subscription","params":{"channel":"deribit_price_index.btc_usd","data":{"index_name":"btc_usd","price":3937.89,"timestamp":1550588002899}}}""");

        Assert.Equal(FrameKind.Ignored, grouped.Kind);
        Assert.Equal(FrameKind.Ignored, index.Kind);
        Assert.Equal("channel 'deribit_price_index.btc_usd' is not collected", index.Error);
    }

    [Theory]
    [InlineData("", "empty frame")]
    [InlineData("[1,2]", "frame is a JSON array, not an object")]
    [InlineData("""{"jsonrpc":"2.0","method":"subscription","params":{"channel":"book.BTC-PERPETUAL.100ms","data":{"type":"change""", "invalid JSON: ")]
    [InlineData("""{"jsonrpc":"2.0","method":"subscription","params":{"channel":"book.BTC-PERPETUAL.100ms","data":{"type":"change","timestamp":1,"change_id":5,"bids":[],"asks":[]}}}""", "book change: missing field 'prev_change_id'")]
    [InlineData("""{"jsonrpc":"2.0","method":"subscription","params":{"channel":"book.BTC-PERPETUAL.100ms","data":{"timestamp":1,"change_id":5,"prev_change_id":4,"bids":[["move",1,2]],"asks":[]}}}""", "book: field 'bids' level 0 has the unknown action 'move' (expected new, change or delete)")]
    [InlineData("""{"jsonrpc":"2.0","method":"subscription","params":{"channel":"book.BTC-PERPETUAL.100ms","data":{"timestamp":1564617654272,"change_id":5,"prev_change_id":4,"bids":[["new",1,-2]],"asks":[]}}}""", "impossible value in book_delta BTC-PERPETUAL: bid level at 1 has a negative size -2")]
    [InlineData("""{"jsonrpc":"2.0","method":"subscription","params":{"channel":"trades.BTC-PERPETUAL.100ms","data":[{"trade_id":"1","timestamp":1,"price":1,"amount":1,"direction":"up"}]}}""", "trade: field 'direction' is not buy or sell")]
    [InlineData("""{"jsonrpc":"2.0","method":"subscription","params":{"channel":"trades.BTC-PERPETUAL.100ms","data":[{"trade_id":"1","timestamp":1,"price":1,"direction":"buy"}]}}""", "trade: missing field 'amount'")]
    [InlineData("""{"jsonrpc":"2.0","method":"subscription","params":{"channel":"trades.BTC-PERPETUAL.100ms","data":{"trade_id":"1"}}}""", "trades data is a JSON object, not an array")]
    [InlineData("""{"jsonrpc":"2.0","method":"subscription","params":{"channel":"ticker.BTC-PERPETUAL.100ms","data":{"timestamp":1,"mark_price":"abc"}}}""", "ticker: field 'mark_price' is not a decimal")]
    [InlineData("""{"jsonrpc":"2.0","method":"subscription","params":{"channel":"ticker.BTC-PERPETUAL.100ms","data":{"mark_price":1}}}""", "ticker: missing field 'timestamp'")]
    [InlineData("""{"jsonrpc":"2.0","method":"subscription","params":{"channel":"ticker.BTC-PERPETUAL.100ms"}}""", "notification of 'ticker.BTC-PERPETUAL.100ms' without 'params.data'")]
    [InlineData("""{"jsonrpc":"2.0","method":"heartbeat","params":{"type":"ping"}}""", "unknown heartbeat type 'ping'")]
    [InlineData("""{"jsonrpc":"2.0","method":"private/logout"}""", "unknown method 'private/logout'")]
    [InlineData("""{"jsonrpc":"2.0"}""", "unrecognized frame: no 'method', 'result' or 'error'")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":[]} x""", "invalid JSON: ")]
    public void Bad_frames_are_reported_with_the_reason_and_produce_nothing(string frame, string reason)
    {
        var result = Parse(frame);

        Assert.Equal(FrameKind.Malformed, result.Kind);
        Assert.StartsWith(reason, result.Error, StringComparison.Ordinal);
        Assert.Empty(_output);
    }

    [Fact]
    public void A_bad_trade_after_a_good_one_leaves_nothing_behind()
    {
        var frame = """{"jsonrpc":"2.0","method":"subscription","params":{"channel":"trades.BTC-PERPETUAL.100ms","data":[{"trade_seq":1,"trade_id":"7","timestamp":1,"price":1,"amount":10,"direction":"buy","liquidation":"T"},{"trade_id":"8","timestamp":1,"price":1,"amount":10,"direction":"sideways"}]}}""";

        Assert.Equal(FrameKind.Malformed, Parse(frame).Kind);
        Assert.Empty(_output);
    }

    private FrameParseResult Parse(DeribitFrame frame) => _parser.Parse(frame.Payload, frame.Received, _output);

    private FrameParseResult Parse(string frame) => _parser.Parse(Encoding.UTF8.GetBytes(frame), Local, _output);

    private static DateTime Ms(long milliseconds) => UtcTimestamp.FromUnixMilliseconds(milliseconds);

    private static void AssertInstrument(Instrument instrument, MarketType market, string symbol, string exchangeSymbol, ContractKind contract)
    {
        Assert.Equal("deribit", instrument.Exchange);
        Assert.Equal(market, instrument.MarketType);
        Assert.Equal(symbol, instrument.Symbol);
        Assert.Equal(exchangeSymbol, instrument.ExchangeSymbol);
        Assert.Equal(contract, instrument.Contract);
    }
}

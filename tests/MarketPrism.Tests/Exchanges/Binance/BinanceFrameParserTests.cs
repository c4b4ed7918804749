using System.Globalization;
using System.Text;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Binance;

namespace MarketPrism.Tests.Exchanges.Binance;

/// <summary>
/// Every Binance frame type found in the recordings, parsed and compared with the values written out here
/// (exact decimal text, times, ids, sides). Inputs are the recorded frames themselves.
/// </summary>
public sealed class BinanceFrameParserTests
{
    private static readonly DateTime Received = UtcTimestamp.FromUnixMilliseconds(1_700_000_000_123);

    private readonly BinanceFrameParser _spot = new(BinanceSymbols.CreateTable(MarketType.Spot, []));
    private readonly BinanceFrameParser _futures = new(BinanceSymbols.CreateTable(MarketType.Perpetual, []));

    // ---- spot (cryptofeed capture, 2021-10-12) -------------------------------------------------------------

    [Fact]
    public void Spot_depth_update_becomes_a_book_delta_with_the_exchange_digits_and_no_previous_id()
    {
        var frame = BinanceRecordings.First(BinanceRecordings.SpotCapture, "\"nknusdt@depth@100ms\"");

        var delta = ParseSingle<BookDeltaRecord>(_spot, frame);

        AssertInstrument(delta.Instrument, MarketType.Spot, "NKN-USDT", "NKNUSDT", ContractKind.None);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1633998512068), delta.Timestamp);
        Assert.Equal(frame.Received, delta.LocalTimestamp);
        Assert.Equal(499869750, delta.FirstUpdateId);
        Assert.Equal(499869752, delta.LastUpdateId);
        Assert.Null(delta.PreviousUpdateId);
        AssertLevels(delta.Bids, ("0.35130000", "6195.00000000"), ("0.34750000", "5548.00000000"), ("0.34640000", "6222.00000000"));
        Assert.Empty(delta.Asks);
    }

    [Fact]
    public void Spot_book_ticker_has_no_event_time_so_the_receive_time_is_its_timestamp()
    {
        var frame = BinanceRecordings.First(BinanceRecordings.SpotCapture, "\"nknusdt@bookTicker\"");

        var quote = ParseSingle<BestBidAskRecord>(_spot, frame);

        AssertInstrument(quote.Instrument, MarketType.Spot, "NKN-USDT", "NKNUSDT", ContractKind.None);
        Assert.Equal(frame.Received, quote.Timestamp);
        Assert.Equal(frame.Received, quote.LocalTimestamp);
        Assert.Equal(499869768, quote.UpdateId);
        AssertDecimal("0.35210000", quote.BidPrice);
        AssertDecimal("672.00000000", quote.BidSize);
        AssertDecimal("0.35260000", quote.AskPrice);
        AssertDecimal("3199.00000000", quote.AskSize);
    }

    [Fact]
    public void Spot_agg_trade_uses_the_aggregate_id_and_the_trade_time()
    {
        var frame = BinanceRecordings.First(BinanceRecordings.SpotCapture, "\"nknusdt@aggTrade\"");

        var trade = ParseSingle<TradeRecord>(_spot, frame);

        AssertInstrument(trade.Instrument, MarketType.Spot, "NKN-USDT", "NKNUSDT", ContractKind.None);
        Assert.Equal(new RecordId(15683430), trade.TradeId);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1633998523963), trade.Timestamp);
        AssertDecimal("0.35280000", trade.Price);
        AssertDecimal("58.00000000", trade.Quantity);
        Assert.Equal(Side.Buy, trade.Side);
    }

    [Fact]
    public void Kline_frames_are_ignored_without_output()
    {
        var frame = BinanceRecordings.First(BinanceRecordings.SpotCapture, "\"nknusdt@kline_1m\"");

        var output = new List<MarketRecord>();
        var result = _spot.Parse(frame.Payload, frame.Received, output);

        Assert.Equal(FrameKind.Ignored, result.Kind);
        Assert.Empty(output);
    }

    [Theory]
    [InlineData("\"blzeth@depth@100ms\"", "BLZ-ETH", "BLZETH")]
    [InlineData("\"lrcbtc@depth@100ms\"", "LRC-BTC", "LRCBTC")]
    [InlineData("\"runeeur@depth@100ms\"", "RUNE-EUR", "RUNEEUR")]
    public void Spot_symbols_of_every_quote_asset_in_the_capture_are_normalized(string stream, string symbol, string exchangeSymbol)
    {
        var frame = BinanceRecordings.First(BinanceRecordings.SpotCapture, stream);

        var delta = ParseSingle<BookDeltaRecord>(_spot, frame);

        AssertInstrument(delta.Instrument, MarketType.Spot, symbol, exchangeSymbol, ContractKind.None);
    }

    // ---- spot (tardis-node test messages) ----------------------------------------------------------------

    [Fact]
    public void Spot_trade_with_buyer_as_taker_is_a_buy()
    {
        var frame = BinanceRecordings.AtLine(BinanceRecordings.SpotTardis, 1);

        var trade = ParseSingle<TradeRecord>(_spot, frame);

        AssertInstrument(trade.Instrument, MarketType.Spot, "BNB-BTC", "BNBBTC", ContractKind.None);
        Assert.Equal(new RecordId(40756030), trade.TradeId);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1554076800940), trade.Timestamp);
        AssertDecimal("0.00426990", trade.Price);
        AssertDecimal("33.82000000", trade.Quantity);
        Assert.Equal(Side.Buy, trade.Side);
    }

    [Fact]
    public void Spot_trade_with_buyer_as_maker_is_a_sell()
    {
        var frame = BinanceRecordings.AtLine(BinanceRecordings.SpotTardis, 2);

        var trade = ParseSingle<TradeRecord>(_spot, frame);

        Assert.Equal(new RecordId(60276726), trade.TradeId);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1567296001034), trade.Timestamp);
        AssertDecimal("0.00219650", trade.Price);
        AssertDecimal("6.48000000", trade.Quantity);
        Assert.Equal(Side.Sell, trade.Side);
    }

    [Fact]
    public void Spot_book_ticker_from_tardis_is_parsed_with_its_update_id()
    {
        var frame = BinanceRecordings.AtLine(BinanceRecordings.SpotTardis, 3);

        var quote = ParseSingle<BestBidAskRecord>(_spot, frame);

        AssertInstrument(quote.Instrument, MarketType.Spot, "BTC-USDT", "BTCUSDT", ContractKind.None);
        Assert.Equal(1127645101, quote.UpdateId);
        AssertDecimal("8010.00000000", quote.BidPrice);
        AssertDecimal("0.14245900", quote.BidSize);
        AssertDecimal("8012.15000000", quote.AskPrice);
        AssertDecimal("0.03120100", quote.AskSize);
        Assert.Equal(frame.Received, quote.Timestamp);
    }

    [Fact]
    public void Twenty_four_hour_ticker_is_ignored()
    {
        var frame = BinanceRecordings.AtLine(BinanceRecordings.SpotTardis, 4);

        var output = new List<MarketRecord>();
        Assert.Equal(FrameKind.Ignored, _spot.Parse(frame.Payload, frame.Received, output).Kind);
        Assert.Empty(output);
    }

    [Fact]
    public void Generated_depth_snapshot_becomes_a_book_snapshot_named_by_its_stream()
    {
        var frame = BinanceRecordings.AtLine(BinanceRecordings.SpotTardis, 9);

        var snapshot = ParseSingle<BookSnapshotRecord>(_spot, frame);

        AssertInstrument(snapshot.Instrument, MarketType.Spot, "GNT-BTC", "GNTBTC", ContractKind.None);
        Assert.Equal(41603417, snapshot.FirstUpdateId);
        Assert.Equal(41603417, snapshot.LastUpdateId);
        Assert.Equal(5, snapshot.Depth);
        Assert.Equal(frame.Received, snapshot.Timestamp);
        AssertLevels(
            snapshot.Bids,
            ("0.00002248", "114.00000000"),
            ("0.00002246", "370.00000000"),
            ("0.00002245", "2673.00000000"),
            ("0.00002244", "390.00000000"),
            ("0.00002243", "3425.00000000"));
        AssertLevels(snapshot.Asks, ("0.00002253", "3945.00000000"), ("0.00002256", "50641.00000000"), ("0.00002258", "1777.00000000"));
    }

    [Fact]
    public void Depth_update_with_an_empty_side_keeps_both_sides_and_its_ids()
    {
        var frame = BinanceRecordings.AtLine(BinanceRecordings.SpotTardis, 10);

        var delta = ParseSingle<BookDeltaRecord>(_spot, frame);

        AssertInstrument(delta.Instrument, MarketType.Spot, "GNT-BTC", "GNTBTC", ContractKind.None);
        Assert.Equal(41603417, delta.FirstUpdateId);
        Assert.Equal(41603419, delta.LastUpdateId);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1554076809699), delta.Timestamp);
        Assert.Empty(delta.Bids);
        AssertLevels(delta.Asks, ("0.00002257", "0.00000000"), ("0.00002262", "6080.00000000"));
    }

    // ---- USD-M futures (cryptofeed capture, 2021-07-22) --------------------------------------------------

    [Fact]
    public void Futures_depth_update_carries_the_previous_update_id_and_uses_the_event_time()
    {
        var frame = BinanceRecordings.First(BinanceRecordings.FuturesCapture, "\"sushiusdt@depth@100ms\"");

        var delta = ParseSingle<BookDeltaRecord>(_futures, frame);

        AssertInstrument(delta.Instrument, MarketType.Perpetual, "SUSHI-USDT", "SUSHIUSDT", ContractKind.Linear);

        // E (1626992741037), not the transaction time T (1626992741024).
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1626992741037), delta.Timestamp);
        Assert.Equal(600859599090, delta.FirstUpdateId);
        Assert.Equal(600859600917, delta.LastUpdateId);
        Assert.Equal(600859598061, delta.PreviousUpdateId);
        // Binance sends these bids lowest first; the schema writes them best (highest) first.
        AssertLevels(delta.Bids, ("7.6110", "2"), ("7.6090", "0"), ("7.5040", "813"));
        AssertLevels(delta.Asks, ("7.6150", "1563"), ("7.6220", "3284"));
    }

    [Fact]
    public void Futures_book_ticker_uses_its_event_time()
    {
        var frame = BinanceRecordings.First(BinanceRecordings.FuturesCapture, "\"sushiusdt@bookTicker\"");

        var quote = ParseSingle<BestBidAskRecord>(_futures, frame);

        AssertInstrument(quote.Instrument, MarketType.Perpetual, "SUSHI-USDT", "SUSHIUSDT", ContractKind.Linear);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1626992741017), quote.Timestamp);
        Assert.Equal(600859600576, quote.UpdateId);
        AssertDecimal("7.6110", quote.BidPrice);
        AssertDecimal("2", quote.BidSize);
        AssertDecimal("7.6120", quote.AskPrice);
        AssertDecimal("297", quote.AskSize);
    }

    [Fact]
    public void Futures_agg_trade_without_the_ignore_flag_parses()
    {
        var frame = BinanceRecordings.First(BinanceRecordings.FuturesCapture, "\"ctkusdt@aggTrade\"");

        var trade = ParseSingle<TradeRecord>(_futures, frame);

        AssertInstrument(trade.Instrument, MarketType.Perpetual, "CTK-USDT", "CTKUSDT", ContractKind.Linear);
        Assert.Equal(new RecordId(16599292), trade.TradeId);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1626992741421), trade.Timestamp);
        AssertDecimal("1.01100", trade.Price);
        AssertDecimal("10", trade.Quantity);
        Assert.Equal(Side.Buy, trade.Side);
    }

    // ---- COIN-M futures (cryptofeed capture, 2021-07-22) -------------------------------------------------

    [Fact]
    public void Coin_margined_perpetual_frames_resolve_to_inverse_instruments()
    {
        var frame = BinanceRecordings.First(BinanceRecordings.DeliveryCapture, "\"bchusd_perp@bookTicker\"");

        var quote = ParseSingle<BestBidAskRecord>(_futures, frame);

        AssertInstrument(quote.Instrument, MarketType.Perpetual, "BCH-USD", "BCHUSD_PERP", ContractKind.Inverse);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1626916403871), quote.Timestamp);
        Assert.Equal(167006084895, quote.UpdateId);
        AssertDecimal("427.84", quote.BidPrice);
        AssertDecimal("24", quote.BidSize);
        AssertDecimal("427.90", quote.AskPrice);
        AssertDecimal("669", quote.AskSize);
    }

    [Fact]
    public void Coin_margined_dated_contract_depth_resolves_to_an_inverse_future()
    {
        var frame = BinanceRecordings.First(BinanceRecordings.DeliveryCapture, "\"bchusd_210924@depth@100ms\"");

        var delta = ParseSingle<BookDeltaRecord>(_futures, frame);

        AssertInstrument(delta.Instrument, MarketType.Futures, "BCH-USD", "BCHUSD_210924", ContractKind.Inverse);
        Assert.NotNull(delta.PreviousUpdateId);
    }

    // ---- USD-M futures (tardis-node test messages) -------------------------------------------------------

    [Fact]
    public void Old_mark_price_frame_without_index_gives_funding_and_mark_records()
    {
        var frame = BinanceRecordings.AtLine(BinanceRecordings.FuturesTardis, 3);

        var output = Parse(_futures, frame, FrameKind.Data);

        Assert.Equal(2, output.Count);
        var funding = Assert.IsType<FundingRateRecord>(output[0]);
        AssertInstrument(funding.Instrument, MarketType.Perpetual, "BTC-USDT", "BTCUSDT", ContractKind.Linear);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1569888003001), funding.Timestamp);
        AssertDecimal("0.00010000", funding.FundingRate);
        Assert.Null(funding.EstimatedRate);
        Assert.Equal(new DateTime(2019, 10, 1, 8, 0, 0, DateTimeKind.Utc), funding.NextFundingTime);
        AssertDecimal("8291.34697815", funding.MarkPrice!.Value);
        Assert.Null(funding.IndexPrice);
        Assert.Null(funding.PremiumIndex);

        var mark = Assert.IsType<MarkPriceRecord>(output[1]);
        Assert.Same(funding.Instrument, mark.Instrument);
        Assert.Equal(funding.Timestamp, mark.Timestamp);
        AssertDecimal("8291.34697815", mark.MarkPrice);
        Assert.Null(mark.IndexPrice);
    }

    [Fact]
    public void Mark_price_every_second_carries_the_index_price()
    {
        var frame = BinanceRecordings.AtLine(BinanceRecordings.FuturesTardis, 10);

        var output = Parse(_futures, frame, FrameKind.Data);

        var funding = Assert.IsType<FundingRateRecord>(output[0]);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1597536008000), funding.Timestamp);
        AssertDecimal("0.00015640", funding.FundingRate);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1597564800000), funding.NextFundingTime);
        AssertDecimal("11857.56000000", funding.MarkPrice!.Value);
        AssertDecimal("11851.86949091", funding.IndexPrice!.Value);
        Assert.Equal(5.69050909m, funding.PremiumIndex);

        var mark = Assert.IsType<MarkPriceRecord>(output[1]);
        AssertDecimal("11857.56000000", mark.MarkPrice);
        AssertDecimal("11851.86949091", mark.IndexPrice!.Value);
    }

    [Fact]
    public void Mark_price_of_a_dated_contract_gives_no_funding_record()
    {
        // BTCBUSD_210129 is a quarterly contract: r is "0.00000000" and T is 0 because it never funds.
        var frame = BinanceRecordings.AtLine(BinanceRecordings.FuturesTardis, 14);

        var mark = ParseSingle<MarkPriceRecord>(_futures, frame);

        AssertInstrument(mark.Instrument, MarketType.Futures, "BTC-BUSD", "BTCBUSD_210129", ContractKind.Linear);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1609830121004), mark.Timestamp);
        AssertDecimal("31799.27730000", mark.MarkPrice);
        AssertDecimal("31307.03400000", mark.IndexPrice!.Value);
    }

    [Fact]
    public void Futures_trade_without_execution_type_is_a_market_trade()
    {
        var frame = BinanceRecordings.AtLine(BinanceRecordings.FuturesTardis, 5);

        var trade = ParseSingle<TradeRecord>(_futures, frame);

        Assert.Equal(new RecordId(10934580), trade.TradeId);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1574381164086), trade.Timestamp);
        AssertDecimal("7627.60", trade.Price);
        AssertDecimal("0.044", trade.Quantity);
        Assert.Equal(Side.Buy, trade.Side);
    }

    [Fact]
    public void Futures_trade_with_execution_type_market_is_kept()
    {
        var frame = BinanceRecordings.AtLine(BinanceRecordings.FuturesTardis, 12);

        var trade = ParseSingle<TradeRecord>(_futures, frame);

        Assert.Equal(new RecordId(173525189), trade.TradeId);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1596240000519), trade.Timestamp);
        AssertDecimal("11343.67", trade.Price);
        AssertDecimal("0.467", trade.Quantity);
        Assert.Equal(Side.Sell, trade.Side);
    }

    [Fact]
    public void Futures_trade_from_the_insurance_fund_is_ignored_with_its_reason()
    {
        var frame = BinanceRecordings.AtLine(BinanceRecordings.FuturesTardis, 11);

        var output = new List<MarketRecord>();
        var result = _futures.Parse(frame.Payload, frame.Received, output);

        Assert.Equal(FrameKind.Ignored, result.Kind);
        Assert.Contains("INSURANCE_FUND", result.Error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Theory]
    [InlineData("ADL")]
    [InlineData("NA")]
    [InlineData("SOMETHING_NEW")]
    public void Futures_trade_with_any_other_execution_type_is_ignored_and_named(string execution)
    {
        var frame = Mutate(BinanceRecordings.AtLine(BinanceRecordings.FuturesTardis, 12), "\"X\":\"MARKET\"", $"\"X\":\"{execution}\"");

        var output = new List<MarketRecord>();
        var result = _futures.Parse(frame, Received, output);

        Assert.Equal(FrameKind.Ignored, result.Kind);
        Assert.Contains($"X={execution}", result.Error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public void Force_order_becomes_a_liquidation_at_the_average_fill_price_and_filled_quantity()
    {
        var frame = BinanceRecordings.AtLine(BinanceRecordings.FuturesTardis, 13);

        var liquidation = ParseSingle<LiquidationRecord>(_futures, frame);

        AssertInstrument(liquidation.Instrument, MarketType.Perpetual, "BTC-USDT", "BTCUSDT", ContractKind.Linear);
        Assert.Null(liquidation.LiquidationId);

        // S=BUY: a short position was liquidated. ap=4706.04 (not p=4793.91), z=0.014 (l=0.015 is the last fill).
        Assert.Equal(Side.Buy, liquidation.Side);
        AssertDecimal("4706.04", liquidation.Price);
        AssertDecimal("0.014", liquidation.Quantity);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1584059031421), liquidation.Timestamp);
        Assert.Equal(InstrumentType.Swap, liquidation.InstrumentType);
    }

    [Fact]
    public void Force_order_with_nothing_filled_is_ignored()
    {
        var frame = Mutate(BinanceRecordings.AtLine(BinanceRecordings.FuturesTardis, 13), "\"z\":\"0.014\"", "\"z\":\"0\"");

        var output = new List<MarketRecord>();
        var result = _futures.Parse(frame, Received, output);

        Assert.Equal(FrameKind.Ignored, result.Kind);
        Assert.Empty(output);
    }

    [Fact]
    public void Force_order_side_sell_means_a_long_was_liquidated()
    {
        var frame = Mutate(BinanceRecordings.AtLine(BinanceRecordings.FuturesTardis, 13), "\"S\":\"BUY\"", "\"S\":\"SELL\"");

        var liquidation = ParseSingle<LiquidationRecord>(_futures, new RecordedFrame(frame, Received, 0));

        Assert.Equal(Side.Sell, liquidation.Side);
    }

    [Fact]
    public void Generated_open_interest_becomes_a_record_without_value()
    {
        var frame = BinanceRecordings.AtLine(BinanceRecordings.FuturesTardis, 9);

        var openInterest = ParseSingle<OpenInterestRecord>(_futures, frame);

        AssertInstrument(openInterest.Instrument, MarketType.Perpetual, "BTC-USDT", "BTCUSDT", ContractKind.Linear);
        AssertDecimal("26286.181", openInterest.OpenInterest);
        Assert.Null(openInterest.OpenInterestValue);
        Assert.Equal(frame.Received, openInterest.Timestamp);
    }

    [Fact]
    public void Futures_depth_from_tardis_keeps_its_previous_update_id()
    {
        var frame = BinanceRecordings.AtLine(BinanceRecordings.FuturesTardis, 8);

        var delta = ParseSingle<BookDeltaRecord>(_futures, frame);

        Assert.Equal(687687944, delta.FirstUpdateId);
        Assert.Equal(687687946, delta.LastUpdateId);
        Assert.Equal(687690832, delta.PreviousUpdateId);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1573948821952), delta.Timestamp);
        AssertLevels(delta.Bids, ("8493.78", "0.162"));
        Assert.Empty(delta.Asks);
    }

    [Fact]
    public void Futures_book_ticker_from_tardis_uses_its_event_time()
    {
        var frame = BinanceRecordings.AtLine(BinanceRecordings.FuturesTardis, 15);

        var quote = ParseSingle<BestBidAskRecord>(_futures, frame);

        Assert.Equal(185130926750, quote.UpdateId);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1612137603571), quote.Timestamp);
        AssertDecimal("33134.42", quote.BidPrice);
        AssertDecimal("0.170", quote.BidSize);
        AssertDecimal("33139.39", quote.AskPrice);
        AssertDecimal("0.380", quote.AskSize);
    }

    // ---- frame shapes ------------------------------------------------------------------------------------

    [Fact]
    public void Data_before_stream_parses_to_the_same_record()
    {
        var frame = BinanceRecordings.AtLine(BinanceRecordings.SpotTardis, 1);
        var text = Encoding.UTF8.GetString(frame.Payload);
        var data = text[(text.IndexOf("\"data\":", StringComparison.Ordinal) + 7)..^1];
        var reordered = Encoding.UTF8.GetBytes($"{{\"data\":{data},\"stream\":\"bnbbtc@trade\"}}");

        var expected = ParseSingle<TradeRecord>(_spot, frame);
        var actual = ParseSingle<TradeRecord>(_spot, new RecordedFrame(reordered, frame.Received, frame.LineNumber));

        Assert.Equal(RecordJsonWriter.ToUtf8Bytes(expected), RecordJsonWriter.ToUtf8Bytes(actual));
    }

    [Theory]
    [InlineData(BinanceRecordings.SpotTardis, 1)]
    [InlineData(BinanceRecordings.SpotTardis, 3)]
    [InlineData(BinanceRecordings.SpotTardis, 6)]
    [InlineData(BinanceRecordings.FuturesTardis, 10)]
    [InlineData(BinanceRecordings.FuturesTardis, 13)]
    [InlineData(BinanceRecordings.FuturesTardis, 15)]
    public void Raw_frames_without_the_combined_wrapper_parse_like_wrapped_ones(string file, int line)
    {
        var frame = BinanceRecordings.AtLine(file, line);
        var parser = file == BinanceRecordings.SpotTardis ? _spot : _futures;
        var text = Encoding.UTF8.GetString(frame.Payload);
        var raw = Encoding.UTF8.GetBytes(text[(text.IndexOf("\"data\":", StringComparison.Ordinal) + 7)..^1]);

        var wrapped = Parse(parser, frame, FrameKind.Data);
        var unwrapped = Parse(parser, new RecordedFrame(raw, frame.Received, line), FrameKind.Data);

        Assert.Equal(wrapped.Select(record => RecordJsonWriter.ToUtf8Bytes(record)), unwrapped.Select(record => RecordJsonWriter.ToUtf8Bytes(record)));
    }

    [Fact]
    public void All_market_mark_price_array_gives_records_for_every_element()
    {
        var first = Data(BinanceRecordings.AtLine(BinanceRecordings.FuturesTardis, 10));
        var second = Data(BinanceRecordings.AtLine(BinanceRecordings.FuturesTardis, 3));
        var frame = Encoding.UTF8.GetBytes($"{{\"stream\":\"!markPrice@arr@1s\",\"data\":[{first},{second}]}}");

        var output = new List<MarketRecord>();
        var result = _futures.Parse(frame, Received, output);

        Assert.Equal(FrameKind.Data, result.Kind);
        Assert.Equal(
            [DataType.FundingRate, DataType.MarkPrice, DataType.FundingRate, DataType.MarkPrice],
            output.Select(r => r.DataType));
    }

    [Fact]
    public void All_market_force_order_stream_takes_the_symbol_from_the_event()
    {
        var data = Data(BinanceRecordings.AtLine(BinanceRecordings.FuturesTardis, 13));
        var frame = Encoding.UTF8.GetBytes($"{{\"stream\":\"!forceOrder@arr\",\"data\":{data}}}");

        var liquidation = ParseSingle<LiquidationRecord>(_futures, new RecordedFrame(frame, Received, 0));

        Assert.Equal("BTC-USDT", liquidation.SymbolName);
    }

    // ---- control frames (shapes from the Binance WebSocket docs; no reply was recorded) -----------------

    [Fact]
    public void Subscription_reply_is_an_ack_with_the_request_id()
    {
        var result = _spot.Parse("{\"result\":null,\"id\":7}"u8, Received, []);

        Assert.Equal(new FrameParseResult(FrameKind.SubscriptionAck, null, 7), result);
    }

    [Fact]
    public void List_subscriptions_reply_is_an_ack_too()
    {
        var result = _spot.Parse("{\"result\":[\"btcusdt@trade\"],\"id\":3}"u8, Received, []);

        Assert.Equal(FrameKind.SubscriptionAck, result.Kind);
        Assert.Equal(3, result.RequestId);
    }

    [Fact]
    public void Nested_error_reply_is_a_subscription_error_with_code_and_message()
    {
        var result = _spot.Parse("{\"error\":{\"code\":2,\"msg\":\"Invalid request: unknown variant `SUBSCRIB`\"},\"id\":5}"u8, Received, []);

        Assert.Equal(FrameKind.SubscriptionError, result.Kind);
        Assert.Equal("Binance error 2: Invalid request: unknown variant `SUBSCRIB`", result.Error);
        Assert.Equal(5, result.RequestId);
    }

    [Fact]
    public void Flat_error_reply_is_a_subscription_error_with_code_and_message()
    {
        var result = _futures.Parse("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}"u8, Received, []);

        Assert.Equal(FrameKind.SubscriptionError, result.Kind);
        Assert.Equal("Binance error -1121: Invalid symbol.", result.Error);
        Assert.Null(result.RequestId);
    }

    [Theory]
    [InlineData("{\"e\":\"serverShutdown\",\"E\":1770123456789}")]
    [InlineData("{\"event\":{\"e\":\"serverShutdown\",\"E\":1770123456789}}")]
    public void Server_shutdown_event_is_a_shutdown_notice(string frame)
    {
        var output = new List<MarketRecord>();
        var result = _spot.Parse(Encoding.UTF8.GetBytes(frame), Received, output);

        Assert.Equal(FrameKind.ServerShutdownNotice, result.Kind);
        Assert.Empty(output);
    }

    // ---- malformed input -------------------------------------------------------------------------------

    [Theory]
    [InlineData("", "empty frame")]
    [InlineData("   \r\n", "empty frame")]
    [InlineData("[1,2,3]", "frame is a JSON array, not an object")]
    [InlineData("\"hello\"", "frame is a JSON string, not an object")]
    [InlineData("{\"foo\":1}", "unrecognized frame: no 'stream'/'data', no event type 'e', no 'result' or 'error'")]
    [InlineData("{\"stream\":\"btcusdt@trade\"}", "stream 'btcusdt@trade' frame has no 'data'")]
    [InlineData("{\"stream\":\"btcusdt@trade\",\"data\":42}", "'data' is a JSON number, not an object")]
    [InlineData("{\"e\":\"somethingNew\",\"E\":1}", "unknown event type 'somethingNew'")]
    [InlineData("{\"stream\":\"btcusdt@weird\",\"data\":{\"E\":1}}", "event has no type 'e' and its stream name is not recognized")]
    public void Frames_that_are_not_binance_events_are_malformed_with_a_reason(string frame, string reason)
    {
        var output = new List<MarketRecord>();
        var result = _spot.Parse(Encoding.UTF8.GetBytes(frame), Received, output);

        Assert.Equal(FrameParseResult.Malformed(reason), result);
        Assert.Empty(output);
    }

    [Fact]
    public void Garbage_bytes_are_malformed_as_invalid_json()
    {
        byte[] garbage = [0x7B, 0xFF, 0xFE, 0x00, 0x13, 0x37, 0x22];

        var output = new List<MarketRecord>();
        var result = _spot.Parse(garbage, Received, output);

        Assert.Equal(FrameKind.Malformed, result.Kind);
        Assert.StartsWith("invalid JSON:", result.Error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(40)]
    [InlineData(100)]
    public void Truncated_frame_is_malformed_and_produces_nothing(int bytesCut)
    {
        var frame = BinanceRecordings.First(BinanceRecordings.FuturesCapture, "\"sushiusdt@depth@100ms\"").Payload;

        var output = new List<MarketRecord>();
        var result = _futures.Parse(frame.AsSpan(0, frame.Length - bytesCut), Received, output);

        Assert.Equal(FrameKind.Malformed, result.Kind);
        Assert.Empty(output);
    }

    [Fact]
    public void Frame_broken_after_its_data_leaves_no_partial_output()
    {
        // The data object is complete and parsed in the same pass; the frame breaks afterwards.
        var frame = BinanceRecordings.AtLine(BinanceRecordings.SpotTardis, 1).Payload;
        var broken = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(frame)[..^1] + ",\"generated\":tru}");
        var output = new List<MarketRecord> { Existing() };

        var result = _spot.Parse(broken, Received, output);

        Assert.Equal(FrameKind.Malformed, result.Kind);
        Assert.Single(output);
    }

    [Fact]
    public void Array_with_one_bad_element_leaves_no_partial_output()
    {
        var good = Data(BinanceRecordings.AtLine(BinanceRecordings.FuturesTardis, 10));
        var bad = good.Replace("\"p\":\"11857.56000000\"", "\"p\":\"eleven\"", StringComparison.Ordinal);
        var frame = Encoding.UTF8.GetBytes($"{{\"stream\":\"!markPrice@arr@1s\",\"data\":[{good},{bad}]}}");
        var output = new List<MarketRecord> { Existing() };

        var result = _futures.Parse(frame, Received, output);

        Assert.Equal(FrameParseResult.Malformed("markPriceUpdate: field 'p' is not a decimal"), result);
        Assert.Single(output);
    }

    [Fact]
    public void Trailing_bytes_after_the_object_are_malformed()
    {
        var frame = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(BinanceRecordings.AtLine(BinanceRecordings.SpotTardis, 1).Payload) + "{}");

        var output = new List<MarketRecord>();
        var result = _spot.Parse(frame, Received, output);

        Assert.Equal(FrameKind.Malformed, result.Kind);
        Assert.Empty(output);
    }

    [Theory]
    [InlineData("\"p\":\"0.00426990\",", "", "trade: missing field 'p'")]
    [InlineData("\"q\":\"33.82000000\",", "", "trade: missing field 'q'")]
    [InlineData("\"t\":40756030,", "", "trade: missing field 't'")]
    [InlineData("\"T\":1554076800940,", "", "trade: missing field 'T'")]
    [InlineData("\"m\":false,", "", "trade: missing field 'm'")]
    [InlineData("\"p\":\"0.00426990\"", "\"p\":true", "trade: field 'p' is not a decimal")]
    [InlineData("\"p\":\"0.00426990\"", "\"p\":\"0.0042x\"", "trade: field 'p' is not a decimal")]
    [InlineData("\"q\":\"33.82000000\"", "\"q\":\"\"", "trade: field 'q' is not a decimal")]
    [InlineData("\"t\":40756030", "\"t\":\"forty\"", "trade: field 't' is not an integer id")]
    [InlineData("\"t\":40756030", "\"t\":4.5", "trade: field 't' is not an integer id")]
    [InlineData("\"m\":false", "\"m\":\"false\"", "trade: field 'm' is not a boolean")]
    [InlineData("\"T\":1554076800940", "\"T\":-5", "trade: field 'T' is not a valid time")]
    [InlineData("\"s\":\"BNBBTC\"", "\"s\":\"ETHBTC\"", "trade: symbol 'ETHBTC' does not match stream symbol 'bnbbtc'")]
    [InlineData("\"e\":\"trade\"", "\"e\":\"aggTrade\"", "trade stream carries event type 'aggTrade'")]
    public void Spot_trade_with_a_missing_or_wrong_field_is_malformed_with_the_field_named(string find, string replace, string reason)
    {
        var frame = Mutate(BinanceRecordings.AtLine(BinanceRecordings.SpotTardis, 1), find, replace);

        var output = new List<MarketRecord>();
        var result = _spot.Parse(frame, Received, output);

        Assert.Equal(FrameParseResult.Malformed(reason), result);
        Assert.Empty(output);
    }

    [Theory]
    [InlineData("\"b\":[[\"0.35130000\",\"6195.00000000\"]", "\"b\":[[\"0.35130000\"]", "depthUpdate: field 'b' level 0 has no decimal size")]
    [InlineData("\"b\":[[\"0.35130000\",\"6195.00000000\"]", "\"b\":[\"0.35130000\"", "depthUpdate: field 'b' level 0 is not a [price, size] array")]
    [InlineData("\"b\":[[\"0.35130000\",\"6195.00000000\"]", "\"b\":[[\"0.35130000\",\"-1\"]", "impossible value in book_delta NKNUSDT: bid level at 0.35130000 has a negative size -1")]
    [InlineData("\"a\":[]", "\"a\":{}", "depthUpdate: field 'a' is not an array of [price, size] levels")]
    [InlineData(",\"a\":[]", "", "depthUpdate: missing field 'a'")]
    [InlineData("\"U\":499869750", "\"U\":499869753", "depthUpdate: first update id U=499869753 is after last update id u=499869752")]
    [InlineData("\"E\":1633998512068,", "", "depthUpdate: missing field 'E'")]
    public void Depth_update_with_bad_levels_or_ids_is_malformed_with_the_reason(string find, string replace, string reason)
    {
        var frame = Mutate(BinanceRecordings.First(BinanceRecordings.SpotCapture, "\"nknusdt@depth@100ms\""), find, replace);

        var output = new List<MarketRecord>();
        var result = _spot.Parse(frame, Received, output);

        Assert.Equal(FrameParseResult.Malformed(reason), result);
        Assert.Empty(output);
    }

    [Fact]
    public void Unknown_symbol_that_cannot_be_normalized_is_malformed()
    {
        var frame = Mutate(BinanceRecordings.AtLine(BinanceRecordings.SpotTardis, 1), "bnbbtc@trade", "zzzzqq@trade");
        frame = Mutate(new RecordedFrame(frame, Received, 0), "\"s\":\"BNBBTC\"", "\"s\":\"ZZZZQQ\"");

        var output = new List<MarketRecord>();
        var result = _spot.Parse(frame, Received, output);

        Assert.Equal(FrameParseResult.Malformed("trade: unknown symbol 'ZZZZQQ' cannot be normalized"), result);
        Assert.Empty(output);
    }

    [Fact]
    public void Force_order_with_an_unknown_side_is_malformed()
    {
        var frame = Mutate(BinanceRecordings.AtLine(BinanceRecordings.FuturesTardis, 13), "\"S\":\"BUY\"", "\"S\":\"HOLD\"");

        var result = _futures.Parse(frame, Received, []);

        Assert.Equal(FrameParseResult.Malformed("forceOrder: field 'o.S' is not BUY or SELL"), result);
    }

    [Fact]
    public void Escaped_but_valid_json_is_read_like_plain_text()
    {
        // JSON allows any character to be escaped; Binance never does it, but a valid frame must still parse.
        var frame = Mutate(BinanceRecordings.AtLine(BinanceRecordings.SpotTardis, 1), "\"s\":\"BNBBTC\",\"t\":40756030,\"p\":\"0.00426990\"", "\"s\":\"BNB\\u0042TC\",\"\\u0074\":40756030,\"p\":\"0.0042699\\u0030\"");

        var trade = ParseSingle<TradeRecord>(_spot, new RecordedFrame(frame, Received, 0));

        Assert.Equal("BNBBTC", trade.ExchangeSymbol);
        Assert.Equal(new RecordId(40756030), trade.TradeId);
        AssertDecimal("0.00426990", trade.Price);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static T ParseSingle<T>(BinanceFrameParser parser, RecordedFrame frame)
        where T : MarketRecord
    {
        var output = Parse(parser, frame, FrameKind.Data);
        return Assert.IsType<T>(Assert.Single(output));
    }

    private static List<MarketRecord> Parse(BinanceFrameParser parser, RecordedFrame frame, FrameKind expected)
    {
        var output = new List<MarketRecord>();
        var result = parser.Parse(frame.Payload, frame.Received, output);
        Assert.True(result.Kind == expected, $"{result} for {frame}");
        return output;
    }

    private static byte[] Mutate(RecordedFrame frame, string find, string replace)
    {
        var text = Encoding.UTF8.GetString(frame.Payload);
        Assert.Contains(find, text, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text.Replace(find, replace, StringComparison.Ordinal));
    }

    /// <summary>The <c>data</c> object of a wrapped frame, as text.</summary>
    private static string Data(RecordedFrame frame)
    {
        var text = Encoding.UTF8.GetString(frame.Payload);
        return text[(text.IndexOf("\"data\":", StringComparison.Ordinal) + 7)..^1];
    }

    private static TradeRecord Existing() => new TradeRecord
    {
        Instrument = new Instrument("binance", MarketType.Spot, "BTC", "USDT", "BTCUSDT"),
        Timestamp = Received,
        LocalTimestamp = Received,
        TradeId = new RecordId(1),
        Price = 1m,
        Quantity = 1m,
        Side = Side.Buy,
    };

    private static void AssertInstrument(Instrument instrument, MarketType market, string symbol, string exchangeSymbol, ContractKind contract)
    {
        Assert.Equal("binance", instrument.Exchange);
        Assert.Equal(market, instrument.MarketType);
        Assert.Equal(symbol, instrument.Symbol);
        Assert.Equal(exchangeSymbol, instrument.ExchangeSymbol);
        Assert.Equal(contract, instrument.Contract);
    }

    /// <summary>Value and scale: "0.35130000" must come back with its eight decimals.</summary>
    private static void AssertDecimal(string expected, decimal actual) =>
        Assert.Equal(expected, actual.ToString(CultureInfo.InvariantCulture));

    private static void AssertLevels(BookLevel[] actual, params (string Price, string Size)[] expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            AssertDecimal(expected[i].Price, actual[i].Price);
            AssertDecimal(expected[i].Size, actual[i].Size);
        }
    }
}

using System.Text;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Okx;
using MarketPrism.Tests.Exchanges.Binance;

namespace MarketPrism.Tests.Exchanges.Okx;

/// <summary>
/// Every frame type recorded from OKX (the cryptofeed capture and the three tardis-node files), with the exact
/// normalized values expected, plus the control frames and the ways a frame can be wrong.
/// </summary>
public sealed class OkxFrameParserTests
{
    private static readonly DateTime Local = OkxRecordings.UnrecordedReceiveTime;

    private static DateTime Ms(long milliseconds) => UtcTimestamp.FromUnixMilliseconds(milliseconds);

    private static (FrameParseResult Result, List<MarketRecord> Records) Parse(MarketType market, string json, OkxFrameParser? parser = null)
    {
        var records = new List<MarketRecord>();
        var result = (parser ?? OkxRecordings.Parser(market)).Parse(Encoding.UTF8.GetBytes(json), Local, records);
        return (result, records);
    }

    private static T Single<T>(MarketType market, RecordedFrame frame)
        where T : MarketRecord
    {
        var (result, records) = OkxRecordings.Parse(market, frame);
        Assert.Equal(FrameKind.Data, result.Kind);
        return Assert.IsType<T>(Assert.Single(records));
    }

    [Fact]
    public void A_recorded_spot_trade_keeps_id_price_size_taker_side_and_exchange_time()
    {
        var frame = OkxRecordings.AtLine(OkxRecordings.Capture, 28);

        var trade = Single<TradeRecord>(MarketType.Spot, frame);

        Assert.Equal("okx", trade.ExchangeName);
        Assert.Equal(MarketType.Spot, trade.MarketType);
        Assert.Equal("BTC-USDT", trade.SymbolName);
        Assert.Equal("BTC-USDT", trade.ExchangeSymbol);
        Assert.Equal(new RecordId(338476307), trade.TradeId);
        Assert.Equal(30236m, trade.Price);
        Assert.Equal("0.0002", trade.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Side.Buy, trade.Side);
        Assert.Equal(Ms(1652459224818), trade.Timestamp);
        Assert.Equal(frame.Received, trade.LocalTimestamp);
    }

    [Fact]
    public void Recorded_swap_and_futures_trades_normalize_to_their_markets_with_the_contract_kind()
    {
        var inverseSwap = Single<TradeRecord>(MarketType.Perpetual, OkxRecordings.AtLine(OkxRecordings.Capture, 27));
        var linearSwap = Single<TradeRecord>(MarketType.Perpetual, OkxRecordings.AtLine(OkxRecordings.SwapTardis, 3));
        var future = Single<TradeRecord>(MarketType.Futures, OkxRecordings.AtLine(OkxRecordings.Capture, 26));

        Assert.Equal(("UNI-USD", "UNI-USD-SWAP", ContractKind.Inverse, Side.Sell, 5.123m, 100m), (inverseSwap.SymbolName, inverseSwap.ExchangeSymbol, inverseSwap.Instrument.Contract, inverseSwap.Side, inverseSwap.Price, inverseSwap.Quantity));
        Assert.Equal(("BTC-USDT", "BTC-USDT-SWAP", ContractKind.Linear, new RecordId(148266905), 48938.5m, 5m, Ms(1640131236050)), (linearSwap.SymbolName, linearSwap.ExchangeSymbol, linearSwap.Instrument.Contract, linearSwap.TradeId, linearSwap.Price, linearSwap.Quantity, linearSwap.Timestamp));
        Assert.Equal(("BTC-USD", MarketType.Futures, ContractKind.Inverse, new RecordId(7849), 30218.8m, Ms(1652459199958)), (future.SymbolName, future.MarketType, future.Instrument.Contract, future.TradeId, future.Price, future.Timestamp));
    }

    [Fact]
    public void Tardis_trades_of_every_market_and_trades_all_normalize()
    {
        var futures = Single<TradeRecord>(MarketType.Futures, OkxRecordings.AtLine(OkxRecordings.FuturesTardis, 3));
        var spot = Single<TradeRecord>(MarketType.Spot, OkxRecordings.AtLine(OkxRecordings.SpotTardis, 2));
        var tradesAll = Single<TradeRecord>(MarketType.Spot, OkxRecordings.AtLine(OkxRecordings.SpotTardis, 6));

        Assert.Equal(("FIL-USD", "FIL-USD-220325", new RecordId(1271987), 36.239m, 11m, Side.Buy, Ms(1640131185600)), (futures.SymbolName, futures.ExchangeSymbol, futures.TradeId, futures.Price, futures.Quantity, futures.Side, futures.Timestamp));
        Assert.Equal(("CRV-USDT", new RecordId(21300150), 3.973m, 13.491146m, Side.Buy, Ms(1639999319938)), (spot.SymbolName, spot.TradeId, spot.Price, spot.Quantity, spot.Side, spot.Timestamp));
        Assert.Equal(("BSV-USDT", new RecordId(84834539), 42.52m, 3.75m, Ms(1697760012017)), (tradesAll.SymbolName, tradesAll.TradeId, tradesAll.Price, tradesAll.Quantity, tradesAll.Timestamp));
    }

    [Fact]
    public void A_recorded_book_snapshot_is_an_in_band_snapshot_with_the_exchange_strings_and_checksum()
    {
        var frame = OkxRecordings.AtLine(OkxRecordings.SpotTardis, 3);

        var snapshot = Single<BookDeltaRecord>(MarketType.Spot, frame);

        Assert.True(snapshot.IsSnapshot);
        Assert.Equal("BTC-DAI", snapshot.SymbolName);
        Assert.Equal([new BookLevel(46043.4m, 0.00375882m), new BookLevel(46043.3m, 0.00238905m), new BookLevel(45906.8m, 0.0435796m)], snapshot.Bids);
        Assert.Equal([new BookLevel(46167.8m, 0.02250534m), new BookLevel(46167.9m, 0.00455491m)], snapshot.Asks);
        Assert.Equal(-1971869027, snapshot.Checksum);
        Assert.Equal(Ms(1639999305247), snapshot.Timestamp);

        // A 2021 frame: no seqId, so ts stands in as the update id and there is no previous id to chain to.
        Assert.Equal(1639999305247, snapshot.FirstUpdateId);
        Assert.Equal(1639999305247, snapshot.LastUpdateId);
        Assert.Null(snapshot.PreviousUpdateId);
    }

    [Fact]
    public void Recorded_book_updates_of_the_tick_by_tick_channels_keep_removals_as_size_zero()
    {
        var swap = Single<BookDeltaRecord>(MarketType.Perpetual, OkxRecordings.AtLine(OkxRecordings.SwapTardis, 1));
        var futures = Single<BookDeltaRecord>(MarketType.Futures, OkxRecordings.AtLine(OkxRecordings.FuturesTardis, 8));
        var futuresSnapshot = Single<BookDeltaRecord>(MarketType.Futures, OkxRecordings.AtLine(OkxRecordings.FuturesTardis, 2));

        Assert.False(swap.IsSnapshot);
        Assert.Equal("REN-USDT", swap.SymbolName);
        Assert.Equal([new BookLevel(0.65441m, 1m), new BookLevel(0.65418m, 0m)], swap.Bids);
        Assert.Equal([new BookLevel(0.65442m, 14m)], swap.Asks);
        Assert.Equal(2017579879, swap.Checksum);
        Assert.Equal([new BookLevel(161.26m, 6m), new BookLevel(161.24m, 0m)], futures.Bids);
        Assert.Empty(futures.Asks);
        Assert.Equal(-465502296, futures.Checksum);
        Assert.True(futuresSnapshot.IsSnapshot);
        Assert.Equal(-44519492, futuresSnapshot.Checksum);
    }

    [Fact]
    public void A_recorded_books_update_of_the_capture_parses_every_level()
    {
        var update = Single<BookDeltaRecord>(MarketType.Spot, OkxRecordings.AtLine(OkxRecordings.Capture, 33));

        Assert.False(update.IsSnapshot);
        Assert.Equal(26, update.Asks.Length);
        Assert.Equal(17, update.Bids.Length);
        Assert.Equal(new BookLevel(30243.5m, 1.2112m), update.Asks[0]);
        Assert.Equal(new BookLevel(30237.2m, 0m), update.Bids[0]);
        Assert.Equal(-652563973, update.Checksum);
        Assert.Equal(Ms(1652459225453), update.Timestamp);
    }

    [Fact]
    public void A_current_books_frame_carries_seq_id_as_the_update_id_and_prev_seq_id_as_the_previous_one()
    {
        var (_, updates) = Parse(MarketType.Perpetual, """{"arg":{"channel":"books","instId":"BTC-USDT-SWAP"},"action":"update","data":[{"asks":[["8476.98","415","0","13"]],"bids":[],"ts":"1597026383085","checksum":-855196043,"prevSeqId":123456,"seqId":123457}]}""");
        var (_, snapshots) = Parse(MarketType.Perpetual, """{"arg":{"channel":"books","instId":"BTC-USDT-SWAP"},"action":"snapshot","data":[{"asks":[["8476.98","415","0","13"]],"bids":[["8476.97","256","0","12"]],"ts":"1597026383085","checksum":0,"prevSeqId":-1,"seqId":123456}]}""");

        var update = Assert.IsType<BookDeltaRecord>(Assert.Single(updates));
        var snapshot = Assert.IsType<BookDeltaRecord>(Assert.Single(snapshots));
        Assert.Equal((123457L, 123457L, (long?)123456), (update.FirstUpdateId, update.LastUpdateId, update.PreviousUpdateId));
        Assert.Equal((123456L, (long?)null, true, (long?)0), (snapshot.LastUpdateId, snapshot.PreviousUpdateId, snapshot.IsSnapshot, snapshot.Checksum));
    }

    [Fact]
    public void Recorded_tickers_of_every_market_become_best_bid_ask()
    {
        var futures = Single<BestBidAskRecord>(MarketType.Futures, OkxRecordings.AtLine(OkxRecordings.Capture, 23));
        var swap = Single<BestBidAskRecord>(MarketType.Perpetual, OkxRecordings.AtLine(OkxRecordings.SwapTardis, 4));
        var spot = Single<BestBidAskRecord>(MarketType.Spot, OkxRecordings.AtLine(OkxRecordings.SpotTardis, 5));
        var futuresTardis = Single<BestBidAskRecord>(MarketType.Futures, OkxRecordings.AtLine(OkxRecordings.FuturesTardis, 7));

        Assert.Equal(("BTC-USD", 30210.4m, 4m, 30220.1m, 3m, Ms(1652459223003), (long?)null), (futures.SymbolName, futures.BidPrice, futures.BidSize, futures.AskPrice, futures.AskSize, futures.Timestamp, futures.UpdateId));
        Assert.Equal(("WNCG-USDT", 2.1737m, 2m, 2.1738m, 168m, Ms(1640131263109)), (swap.SymbolName, swap.BidPrice, swap.BidSize, swap.AskPrice, swap.AskSize, swap.Timestamp));
        Assert.Equal(("ACT-USDT", 0.00713m, 4092.326m, 0.0072m, 54969.407534m), (spot.SymbolName, spot.BidPrice, spot.BidSize, spot.AskPrice, spot.AskSize));
        Assert.Equal(("FIL-USDT", 36.214m, 240m, 36.251m, 900m), (futuresTardis.SymbolName, futuresTardis.BidPrice, futuresTardis.BidSize, futuresTardis.AskPrice, futuresTardis.AskSize));
    }

    [Fact]
    public void A_recorded_bbo_tbt_frame_becomes_best_bid_ask()
    {
        var quote = Single<BestBidAskRecord>(MarketType.Perpetual, OkxRecordings.AtLine(OkxRecordings.SwapTardis, 9));

        Assert.Equal(("BTC-USDT", 38632.3m, 990m, 38632.4m, 727m, Ms(1651761120004)), (quote.SymbolName, quote.BidPrice, quote.BidSize, quote.AskPrice, quote.AskSize, quote.Timestamp));
        Assert.Null(quote.UpdateId);
    }

    [Fact]
    public void A_ticker_without_a_bid_is_ignored_with_the_reason_not_recorded_as_zero()
    {
        var (result, records) = Parse(MarketType.Spot, """{"arg":{"channel":"tickers","instId":"BTC-USDT"},"data":[{"instType":"SPOT","instId":"BTC-USDT","last":"1","askPx":"2","askSz":"1","bidPx":"","bidSz":"","ts":"1652459223003"}]}""");

        Assert.Equal(FrameKind.Ignored, result.Kind);
        Assert.Contains("no bid or no ask", result.Error, StringComparison.Ordinal);
        Assert.Empty(records);
    }

    [Fact]
    public void The_2021_funding_rate_push_gives_the_rate_its_settlement_time_and_the_forecast_stamped_with_the_receive_time()
    {
        var frame = OkxRecordings.AtLine(OkxRecordings.SwapTardis, 2);

        var funding = Single<FundingRateRecord>(MarketType.Perpetual, frame);

        Assert.Equal("WNCG-USDT", funding.SymbolName);
        Assert.Equal(0.00048105m, funding.FundingRate);
        Assert.Equal(0.00114m, funding.EstimatedRate);
        Assert.Equal(Ms(1640131200000), funding.NextFundingTime);
        Assert.Equal(frame.Received, funding.Timestamp);
        Assert.Null(funding.MarkPrice);
        Assert.Null(funding.IndexPrice);
    }

    [Fact]
    public void A_funding_rate_push_without_a_current_rate_is_ignored_with_the_reason()
    {
        var (result, records) = OkxRecordings.Parse(MarketType.Perpetual, OkxRecordings.AtLine(OkxRecordings.SwapTardis, 8));

        Assert.Equal(FrameKind.Ignored, result.Kind);
        Assert.Equal("funding-rate: SOS-USDT-SWAP states no current fundingRate", result.Error);
        Assert.Empty(records);
    }

    [Fact]
    public void The_current_funding_rate_push_uses_ts_and_an_empty_forecast_is_null()
    {
        // The shape of OKX's current docs example (/api/v5/public/funding-rate and the funding-rate channel).
        var (result, records) = Parse(MarketType.Perpetual, """{"arg":{"channel":"funding-rate","instId":"BTC-USD-SWAP"},"data":[{"formulaType":"noRate","fundingRate":"0.0000792386885340","fundingTime":"1703088000000","impactValue":"","instId":"BTC-USD-SWAP","instType":"SWAP","interestRate":"","maxFundingRate":"0.00375","method":"current_period","minFundingRate":"-0.00375","nextFundingRate":"","nextFundingTime":"1703116800000","premium":"0.0001233824646391","settFundingRate":"0.0000733271930000","settState":"settled","ts":"1703070685309"}]}""");

        Assert.Equal(FrameKind.Data, result.Kind);
        var funding = Assert.IsType<FundingRateRecord>(Assert.Single(records));
        Assert.Equal(("BTC-USD", ContractKind.Inverse, 0.0000792386885340m, (decimal?)null, Ms(1703088000000), Ms(1703070685309)), (funding.SymbolName, funding.Instrument.Contract, funding.FundingRate, funding.EstimatedRate, funding.NextFundingTime, funding.Timestamp));
    }

    [Fact]
    public void Recorded_open_interest_counts_coins_and_has_no_value_without_oi_usd()
    {
        var swap = Single<OpenInterestRecord>(MarketType.Perpetual, OkxRecordings.AtLine(OkxRecordings.SwapTardis, 7));
        var futures = Single<OpenInterestRecord>(MarketType.Futures, OkxRecordings.AtLine(OkxRecordings.FuturesTardis, 5));

        Assert.Equal(("WNCG-USDT", 644195m, (decimal?)null, Ms(1640131258756)), (swap.SymbolName, swap.OpenInterest, swap.OpenInterestValue, swap.Timestamp));
        Assert.Equal(("FIL-USDT", MarketType.Futures, 23687m, (decimal?)null, Ms(1640131202886)), (futures.SymbolName, futures.MarketType, futures.OpenInterest, futures.OpenInterestValue, futures.Timestamp));
    }

    [Fact]
    public void Open_interest_with_oi_usd_takes_it_as_the_value()
    {
        var (_, records) = Parse(MarketType.Perpetual, """{"arg":{"channel":"open-interest","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","instType":"SWAP","oi":"2216113.01","oiCcy":"22161.1301","oiUsd":"1425572450.6","ts":"1717032513283"}]}""");

        var openInterest = Assert.IsType<OpenInterestRecord>(Assert.Single(records));
        Assert.Equal((22161.1301m, (decimal?)1425572450.6m), (openInterest.OpenInterest, openInterest.OpenInterestValue));
    }

    [Fact]
    public void Recorded_mark_prices_have_no_index_price()
    {
        var swap = Single<MarkPriceRecord>(MarketType.Perpetual, OkxRecordings.AtLine(OkxRecordings.SwapTardis, 6));
        var futures = Single<MarkPriceRecord>(MarketType.Futures, OkxRecordings.AtLine(OkxRecordings.FuturesTardis, 12));

        Assert.Equal(("WNCG-USDT", 2.1729m, (decimal?)null, Ms(1640131259180)), (swap.SymbolName, swap.MarkPrice, swap.IndexPrice, swap.Timestamp));
        Assert.Equal(("FIL-USDT", 36.662m, Ms(1640140257676)), (futures.SymbolName, futures.MarkPrice, futures.Timestamp));
    }

    [Fact]
    public void A_recorded_liquidation_order_keeps_the_order_side_buy_for_a_liquidated_short()
    {
        var liquidation = Single<LiquidationRecord>(MarketType.Futures, OkxRecordings.AtLine(OkxRecordings.FuturesTardis, 13));

        // side=buy, posSide=short: a short position was closed by a buy order; the schema records the order's side.
        Assert.Equal(Side.Buy, liquidation.Side);
        Assert.Equal(("XRP-USD", "XRP-USD-230929", ContractKind.Inverse, InstrumentType.Futures), (liquidation.SymbolName, liquidation.ExchangeSymbol, liquidation.Instrument.Contract, liquidation.InstrumentType));
        Assert.Equal((0.55205m, 39m, Ms(1680173247614)), (liquidation.Price, liquidation.Quantity, liquidation.Timestamp));
        Assert.Null(liquidation.LiquidationId);
        Assert.Null(liquidation.Leverage);
    }

    [Fact]
    public void A_long_liquidation_is_a_sell_order_and_every_detail_is_a_record()
    {
        var (result, records) = Parse(MarketType.Perpetual, """{"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"details":[{"bkLoss":"0","bkPx":"67000.5","ccy":"","posSide":"long","side":"sell","sz":"3","ts":"1717032513283"},{"bkLoss":"1.5","bkPx":"66990","ccy":"","posSide":"short","side":"buy","sz":"1","ts":"1717032513290"}],"instFamily":"BTC-USDT","instId":"BTC-USDT-SWAP","instType":"SWAP","uly":"BTC-USDT"}]}""");

        Assert.Equal(FrameKind.Data, result.Kind);
        var liquidations = records.Cast<LiquidationRecord>().ToList();
        Assert.Equal([(Side.Sell, 67000.5m, 3m), (Side.Buy, 66990m, 1m)], liquidations.Select(l => (l.Side, l.Price, l.Quantity)));
        Assert.All(liquidations, l => Assert.Equal(InstrumentType.Swap, l.InstrumentType));
    }

    [Fact]
    public void Liquidations_of_instruments_not_collected_are_ignored_with_the_reason()
    {
        var collected = OkxSymbols.Resolve("BTC-USDT-SWAP", MarketType.Perpetual)!;
        var parser = new OkxFrameParser(OkxSymbols.CreateTable(MarketType.Perpetual, [collected]), [collected]);

        var (other, none) = Parse(MarketType.Perpetual, """{"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"details":[{"bkPx":"1","posSide":"long","side":"sell","sz":"3","ts":"1717032513283"}],"instId":"ETH-USDT-SWAP","instType":"SWAP"}]}""", parser);
        var (own, records) = Parse(MarketType.Perpetual, """{"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"details":[{"bkPx":"1","posSide":"long","side":"sell","sz":"3","ts":"1717032513283"}],"instId":"BTC-USDT-SWAP","instType":"SWAP"}]}""", parser);

        Assert.Equal(FrameKind.Ignored, other.Kind);
        Assert.Equal("liquidation-orders: liquidation of ETH-USDT-SWAP, which is not collected", other.Error);
        Assert.Empty(none);
        Assert.Equal(FrameKind.Data, own.Kind);
        Assert.Same(collected, Assert.Single(records).Instrument);
    }

    [Fact]
    public void Tardis_generated_liquidations_keep_the_order_side()
    {
        var inverse = Single<LiquidationRecord>(MarketType.Futures, OkxRecordings.AtLine(OkxRecordings.FuturesTardis, 9));
        var linear = Single<LiquidationRecord>(MarketType.Futures, OkxRecordings.AtLine(OkxRecordings.FuturesTardis, 10));

        Assert.Equal(("BTC-USD", Side.Buy, 51886.2m, 12m, Ms(1640140210617), InstrumentType.Futures), (inverse.SymbolName, inverse.Side, inverse.Price, inverse.Quantity, inverse.Timestamp, inverse.InstrumentType));
        Assert.Equal(("BTC-USDT", Side.Buy, 49674.2m, 40m), (linear.SymbolName, linear.Side, linear.Price, linear.Quantity));
    }

    [Fact]
    public void Index_tickers_and_price_limits_are_ignored_with_the_reason()
    {
        var (index, _) = OkxRecordings.Parse(MarketType.Perpetual, OkxRecordings.AtLine(OkxRecordings.SwapTardis, 5));
        var (limit, _) = OkxRecordings.Parse(MarketType.Futures, OkxRecordings.AtLine(OkxRecordings.FuturesTardis, 6));

        Assert.Equal(FrameKind.Ignored, index.Kind);
        Assert.StartsWith("index-tickers: an index price on its own has no record type", index.Error, StringComparison.Ordinal);
        Assert.Equal(new FrameParseResult(FrameKind.Ignored, "channel 'price-limit' is not normalized"), limit);
    }

    [Fact]
    public void Recorded_subscription_acknowledgements_name_the_stream_they_confirm()
    {
        var (books, _) = OkxRecordings.Parse(MarketType.Spot, OkxRecordings.AtLine(OkxRecordings.Capture, 22));
        var (trades, _) = OkxRecordings.Parse(MarketType.Futures, OkxRecordings.AtLine(OkxRecordings.FuturesTardis, 1));
        var (liquidations, _) = Parse(MarketType.Perpetual, """{"event":"subscribe","arg":{"channel":"liquidation-orders","instType":"SWAP"},"connId":"a4d3ae55"}""");
        var (unsubscribe, _) = Parse(MarketType.Perpetual, """{"event":"unsubscribe","arg":{"channel":"books","instId":"BTC-USDT-SWAP"},"connId":"a4d3ae55"}""");

        Assert.Equal(new FrameParseResult(FrameKind.SubscriptionAck, Stream: "books:BTC-USDT"), books);
        Assert.Equal(new FrameParseResult(FrameKind.SubscriptionAck, Stream: "trades:ETH-USD-211224"), trades);
        Assert.Equal(new FrameParseResult(FrameKind.SubscriptionAck, Stream: "liquidation-orders:SWAP"), liquidations);
        Assert.Equal(new FrameParseResult(FrameKind.SubscriptionAck, Stream: "books:BTC-USDT-SWAP"), unsubscribe);
    }

    [Fact]
    public void An_error_event_is_a_subscription_error_with_okx_code_and_message()
    {
        var (result, _) = Parse(MarketType.Spot, """{"event":"error","code":"60018","msg":"Wrong URL or channel:books,instId:BTC-XYZ doesn't exist. Please use the correct URL, channel and parameters referring to API document.","connId":"a4d3ae55"}""");

        Assert.Equal(FrameKind.SubscriptionError, result.Kind);
        Assert.Equal("OKX error 60018: Wrong URL or channel:books,instId:BTC-XYZ doesn't exist. Please use the correct URL, channel and parameters referring to API document.", result.Error);
        Assert.Null(result.Stream);
    }

    [Fact]
    public void The_service_upgrade_notice_announces_the_close_of_the_connection()
    {
        var (result, _) = Parse(MarketType.Spot, """{"event":"notice","code":"64008","msg":"The connection will soon be closed for a service upgrade. Please reconnect.","connId":"a4d3ae55"}""");

        Assert.Equal(FrameKind.ServerShutdownNotice, result.Kind);
    }

    [Fact]
    public void The_text_pong_is_a_heartbeat()
    {
        var (result, records) = Parse(MarketType.Spot, "pong");

        Assert.Equal(FrameKind.Heartbeat, result.Kind);
        Assert.Empty(records);
    }

    [Fact]
    public void A_frame_of_another_market_is_ignored_and_a_foreign_symbol_is_malformed()
    {
        var spotFrame = OkxRecordings.AtLine(OkxRecordings.Capture, 28);

        var (otherMarket, _) = OkxRecordings.Parse(MarketType.Perpetual, spotFrame);
        var (foreign, _) = Parse(MarketType.Spot, """{"arg":{"channel":"trades","instId":"btcusdt"},"data":[{"instId":"btcusdt","tradeId":"1","px":"1","sz":"1","side":"buy","ts":"1652459224818"}]}""");

        Assert.Equal(new FrameParseResult(FrameKind.Ignored, "trades: BTC-USDT is an OKX spot instrument; this parser reads perpetual"), otherMarket);
        Assert.Equal(FrameKind.Malformed, foreign.Kind);
        Assert.Equal("trades: 'btcusdt' is not an OKX instrument id", foreign.Error);
    }

    [Fact]
    public void Data_before_arg_and_action_after_data_parse_the_same()
    {
        var (result, records) = Parse(MarketType.Spot, """{"data":[{"asks":[["2","1","0","1"]],"bids":[["1","1","0","1"]],"ts":"1652459224818","checksum":0}],"action":"snapshot","arg":{"channel":"books","instId":"BTC-USDT"}}""");

        Assert.Equal(FrameKind.Data, result.Kind);
        Assert.True(Assert.IsType<BookDeltaRecord>(Assert.Single(records)).IsSnapshot);
    }

    public static TheoryData<string, string> BrokenFrames => new()
    {
        { "", "empty frame" },
        { "ping", "frame is neither a JSON object nor OKX's text 'pong'" },
        { """{"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","tradeId":"1","px":"abc","sz":"1","side":"buy","ts":"1"}]}""", "trades: field 'px' is not a decimal" },
        { """{"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","tradeId":"1","px":"1","sz":"1","side":"up","ts":"1652459224818"}]}""", "trades: field 'side' is not buy or sell" },
        { """{"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","tradeId":"1","px":"1","side":"buy","ts":"1652459224818"}]}""", "trades: required field 'sz' is missing" },
        { """{"arg":{"channel":"books","instId":"BTC-USDT"},"data":[{"asks":[],"bids":[],"ts":"1652459224818"}]}""", "'books' frame has no 'action'" },
        { """{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"update","data":[{"asks":[["1","-2","0","1"]],"bids":[],"ts":"1652459224818"}]}""", "impossible value in book_delta BTC-USDT: ask level at 1 has a negative size -2" },
        { """{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"update","data":[{"asks":[],"bids":[],"ts":"1652459224818","checksum":4294967295}]}""", "books: field 'checksum' is not a 32-bit integer" },
        { """{"arg":{"channel":"trades","instId":"BTC-USDT"}}""", "'trades' frame has no 'data'" },
        { """{"data":[]}""", "frame has 'data' but no 'arg' naming its channel" },
        { """{"arg":{"channel":"trades","instId":"BTC-USDT"},"data":{}}""", "'data' is a JSON object, not an array" },
        { """{"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","tradeId":"1","px":"1","sz":"1","side":"buy","ts":"1652459224818"}]} x""", "" },
    };

    [Theory]
    [MemberData(nameof(BrokenFrames))]
    public void A_broken_frame_is_malformed_with_the_reason_and_produces_nothing(string json, string reason)
    {
        var (result, records) = Parse(MarketType.Spot, json);

        Assert.Equal(FrameKind.Malformed, result.Kind);
        if (reason.Length > 0)
        {
            Assert.Equal(reason, result.Error);
        }

        Assert.Empty(records);
    }

    [Fact]
    public void A_frame_that_fails_half_way_leaves_no_records_behind()
    {
        var output = new List<MarketRecord>();
        var parser = OkxRecordings.Parser(MarketType.Spot);

        var result = parser.Parse("""{"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","tradeId":"1","px":"1","sz":"1","side":"buy","ts":"1652459224818"},{"instId":"BTC-USDT","tradeId":"2","px":"1","side":"buy","ts":"1652459224818"}]}"""u8, Local, output);

        Assert.Equal(FrameKind.Malformed, result.Kind);
        Assert.Empty(output);
    }
}

using System.Text;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Exchanges;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Tests.Exchanges.Wire;

/// <summary>
/// The inputs quoted in issue 15 (an outside audit's mutated frames that became records), each through the venue's
/// real parser as the collector runs it: recorded frames with one value made impossible are rejected as malformed
/// with the reason, never written; book levels come out best first; a liquidation push keeps the instruments it can
/// read.
/// </summary>
public sealed class ImpossibleValueRegressionTests
{
    private static readonly DateTime Received = UtcTimestamp.FromUnixMilliseconds(1_700_000_000_000);

    public static TheoryData<string, string, string, string> ImpossibleFrames => new()
    {
        // Negative trade prices and sizes on every venue.
        { "binance", "spot", """{"stream":"bnbbtc@trade","data":{"e":"trade","E":1554076800945,"s":"BNBBTC","t":40756030,"p":"-0.00426990","q":"33.82000000","b":133829535,"a":133829504,"T":1554076800940,"m":false,"M":true}}""", "price -0.00426990 is not above zero" },
        { "binance", "spot", """{"stream":"bnbbtc@trade","data":{"e":"trade","E":1554076800945,"s":"BNBBTC","t":40756030,"p":"0.00426990","q":"-33.82000000","b":133829535,"a":133829504,"T":1554076800940,"m":false,"M":true}}""", "quantity -33.82000000 is not above zero" },
        { "okx", "perpetual", """{"arg":{"channel":"trades","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","tradeId":"148266905","px":"-48938.5","sz":"5","side":"buy","ts":"1640131236050"}]}""", "price -48938.5 is not above zero" },
        { "bybit", "perpetual", """{"topic":"publicTrade.BTCUSD","type":"snapshot","ts":1680673823566,"data":[{"T":1680673823564,"s":"BTCUSD","S":"Buy","v":"5823","p":"28560.50","L":"PlusTick","i":"0cbf2330-952d-5d03-a462-4bf826c867af","BT":false},{"T":1680673823564,"s":"BTCUSD","S":"Buy","v":"-3","p":"28560.50","L":"ZeroPlusTick","i":"912e56de-9ed6-5f4f-9421-f0ff5a42d84a","BT":false}]}""", "quantity -3 is not above zero" },
        { "deribit", "perpetual", """{"jsonrpc":"2.0","method":"subscription","params":{"channel":"trades.BTC-PERPETUAL.raw","data":[{"trade_seq":20944815,"trade_id":"39355898","timestamp":1567296022565,"tick_direction":2,"price":-9598.5,"instrument_name":"BTC-PERPETUAL","index_price":9600.8,"direction":"sell","amount":2000}]}}""", "price -9598.5 is not above zero" },

        // Negative ticker, mark, index and open interest values.
        { "deribit", "perpetual", """{"jsonrpc":"2.0","method":"subscription","params":{"channel":"ticker.BTC-PERPETUAL.raw","data":{"timestamp":1564617604229,"state":"open","open_interest":-66128281,"mark_price":10094.1,"last_price":10095.5,"instrument_name":"BTC-PERPETUAL","index_price":10091.15,"funding_8h":0.00016281,"current_funding":0,"best_bid_price":10095,"best_bid_amount":7000,"best_ask_price":10095.5,"best_ask_amount":250}}}""", "open interest -66128281 is negative" },
        { "deribit", "perpetual", """{"jsonrpc":"2.0","method":"subscription","params":{"channel":"ticker.BTC-PERPETUAL.raw","data":{"timestamp":1564617604229,"state":"open","open_interest":66128281,"mark_price":-10094.1,"last_price":10095.5,"instrument_name":"BTC-PERPETUAL","index_price":10091.15,"funding_8h":0.00016281,"current_funding":0,"best_bid_price":10095,"best_bid_amount":7000,"best_ask_price":10095.5,"best_ask_amount":250}}}""", "mark price -10094.1 is not above zero" },
        { "bybit", "perpetual", """{"topic":"tickers.BTCUSD","type":"snapshot","data":{"symbol":"BTCUSD","lastPrice":"28560.00","markPrice":"28560.00","indexPrice":"-28566.94","openInterest":"449736676","openInterestValue":"15747.08","nextFundingTime":"1680681600000","fundingRate":"0.0001","bid1Price":"28560.00","bid1Size":"340549","ask1Price":"28560.50","ask1Size":"70817"},"cs":20856433578,"ts":1680673822577}""", "index price -28566.94 is not above zero" },
        { "okx", "perpetual", """{"arg":{"channel":"mark-price","instId":"WNCG-USDT-SWAP"},"data":[{"instId":"WNCG-USDT-SWAP","instType":"SWAP","markPx":"-2.1729","ts":"1640131259180"}]}""", "mark price -2.1729 is not above zero" },
        { "okx", "perpetual", """{"arg":{"channel":"open-interest","instId":"WNCG-USDT-SWAP"},"data":[{"instId":"WNCG-USDT-SWAP","instType":"SWAP","oi":"644195","oiCcy":"-644195","ts":"1640131258756"}]}""", "open interest -644195 is negative" },
        { "binance", "perpetual", """{"stream":"btcusdt@markPrice","data":{"e":"markPriceUpdate","E":1569888003001,"s":"BTCUSDT","p":"-8291.34697815","r":"0.00010000","T":1569916800000}}""", "mark price -8291.34697815 is not above zero" },
        { "binance", "perpetual", """{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1573948821952,"T":1573948821948,"s":"BTCUSDT","U":687687944,"u":687687946,"pu":687687946,"b":[["8493.78","-0.162"]],"a":[["4096.00000000","2.42541900"]]}}""", "bid level at 8493.78 has a negative size -0.162" },

        // Best bid above best ask.
        { "binance", "perpetual", """{"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":185130926750,"s":"BTCUSDT","b":"33139.40","B":"0.170","a":"33139.39","A":"0.380","T":1612137603568,"E":1612137603571}}""", "crossed quote: bid 33139.40 is above ask 33139.39" },

        // Exchange times in 1970 and 2286.
        { "binance", "perpetual", """{"stream":"btcusdt@markPrice","data":{"e":"markPriceUpdate","E":"00012","s":"BTCUSDT","p":"8291.34697815","r":"0.00010000","T":1569916800000}}""", "timestamp 1970-01-01T00:00:00.0120000Z is before 2009-01-01" },
        { "okx", "perpetual", """{"arg":{"channel":"trades","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","tradeId":"148266905","px":"48938.5","sz":"5","side":"buy","ts":"9999999999999"}]}""", "timestamp 2286-11-20T17:46:39.9990000Z is more than 24 hours after the receive time" },
    };

    [Theory]
    [MemberData(nameof(ImpossibleFrames))]
    public void A_frame_with_an_impossible_value_is_rejected_with_the_reason_and_gives_no_record(string exchange, string market, string json, string reason)
    {
        var (result, records) = Parse(exchange, market, json);

        Assert.Equal(FrameKind.Malformed, result.Kind);
        Assert.Contains("impossible value", result.Error, StringComparison.Ordinal);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Empty(records);
    }

    [Fact]
    public void The_same_frames_with_possible_values_still_become_records()
    {
        // The control for the theory above: the frames it corrupts are valid as recorded.
        var (result, records) = Parse("binance", "perpetual", """{"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":185130926750,"s":"BTCUSDT","b":"33139.39","B":"0.170","a":"33139.39","A":"0.380","T":1612137603568,"E":1612137603571}}""");

        // A locked quote (bid == ask) is allowed: only a bid above the ask is impossible.
        Assert.Equal(FrameKind.Data, result.Kind);
        var quote = Assert.IsType<BestBidAskRecord>(Assert.Single(records));
        Assert.Equal(quote.BidPrice, quote.AskPrice);
    }

    [Fact]
    public void A_deribit_book_change_with_asks_219_2_then_219_1_is_written_best_first()
    {
        // tardis-node's Deribit messages, line 4.
        var (result, records) = Parse("deribit", "perpetual", """{"jsonrpc":"2.0","method":"subscription","params":{"channel":"book.ETH-PERPETUAL.raw","data":{"timestamp":1564617654272,"prev_change_id":1776294621,"instrument_name":"ETH-PERPETUAL","change_id":1776294623,"bids":[["delete",217.8,0]],"asks":[["change",219.2,64903],["change",219.1,19343]]}}}""");

        Assert.Equal(FrameKind.Data, result.Kind);
        var delta = Assert.IsType<BookDeltaRecord>(Assert.Single(records));
        Assert.Equal([new BookLevel(219.1m, 19343m), new BookLevel(219.2m, 64903m)], delta.Asks);
        Assert.Equal([new BookLevel(217.8m, 0m)], delta.Bids);
    }

    [Fact]
    public void Binance_futures_bids_sent_lowest_first_are_written_highest_first_keeping_equal_prices_in_order()
    {
        var (result, records) = Parse("binance", "perpetual", """{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1573948821952,"T":1573948821948,"s":"BTCUSDT","U":687687944,"u":687687946,"pu":687687946,"b":[["8493.70","1"],["8493.78","0.162"],["8493.70","0"]],"a":[["8494.00","3"],["8493.90","2"]]}}""");

        Assert.Equal(FrameKind.Data, result.Kind);
        var delta = Assert.IsType<BookDeltaRecord>(Assert.Single(records));
        Assert.Equal([new BookLevel(8493.78m, 0.162m), new BookLevel(8493.70m, 1m), new BookLevel(8493.70m, 0m)], delta.Bids);
        Assert.Equal([new BookLevel(8493.90m, 2m), new BookLevel(8494.00m, 3m)], delta.Asks);
    }

    [Fact]
    public void An_okx_liquidation_push_naming_an_x_perp_keeps_the_other_instruments_liquidations_and_counts_the_skipped_one()
    {
        // The X-Perp BTC-USD_UM_XPERP-310404 (FUTURES with funding) beside a dated future the parser knows.
        var (result, records) = Parse("okx", "futures", """
            {"arg":{"channel":"liquidation-orders","instType":"FUTURES"},"data":[
            {"details":[{"bkLoss":"0","bkPx":"97000.1","ccy":"","posSide":"long","side":"sell","sz":"2","ts":"1680173247000"}],"instFamily":"BTC-USD_UM","instId":"BTC-USD_UM_XPERP-310404","instType":"FUTURES","uly":"BTC-USD"},
            {"details":[{"bkLoss":"0","bkPx":"0.55205","ccy":"","posSide":"short","side":"buy","sz":"39","ts":"1680173247614"}],"instFamily":"XRP-USD","instId":"XRP-USD-230929","instType":"FUTURES","uly":"XRP-USD"}]}
            """);

        Assert.Equal(FrameKind.Data, result.Kind);
        Assert.Equal(1, result.SkippedElements);
        Assert.Contains("BTC-USD_UM_XPERP-310404", result.Error, StringComparison.Ordinal);
        var liquidation = Assert.IsType<LiquidationRecord>(Assert.Single(records));
        Assert.Equal("XRP-USD-230929", liquidation.ExchangeSymbol);
        Assert.Equal(0.55205m, liquidation.Price);
    }

    [Fact]
    public void An_okx_liquidation_push_of_only_an_x_perp_is_ignored_with_the_reason_not_malformed()
    {
        var (result, records) = Parse("okx", "futures", """{"arg":{"channel":"liquidation-orders","instType":"FUTURES"},"data":[{"details":[{"bkLoss":"0","bkPx":"97000.1","ccy":"","posSide":"long","side":"sell","sz":"2","ts":"1680173247000"}],"instFamily":"BTC-USD_UM","instId":"BTC-USD_UM_XPERP-310404","instType":"FUTURES","uly":"BTC-USD"}]}""");

        Assert.Equal(FrameKind.Ignored, result.Kind);
        Assert.Contains("BTC-USD_UM_XPERP-310404", result.Error, StringComparison.Ordinal);
        Assert.Empty(records);
    }

    [Fact]
    public void A_polled_negative_open_interest_is_rejected_with_the_reason_and_gives_no_record()
    {
        var venue = VenueCatalog.Get("binance", MarketType.Perpetual);
        var poll = venue.GetPolls(venue.CreateInstrument("BTC-USDT"), new HashSet<DataType> { DataType.OpenInterest }).Single(poll => poll.Job == "open_interest");
        var output = new List<MarketRecord>();

        var ex = Assert.Throws<FormatException>(() =>
            poll.ParseValidated("""{"openInterest":"-1","symbol":"BTCUSDT","time":1699999999000}"""u8, Received, new NoMarkPrice(), output));

        Assert.Equal("impossible value in open_interest BTCUSDT: open interest -1 is negative", ex.Message);
        Assert.Empty(output);
    }

    [Fact]
    public void A_rest_depth_snapshot_is_put_best_first_and_a_crossed_one_is_rejected()
    {
        var venue = VenueCatalog.Get("binance", MarketType.Perpetual);

        var snapshot = venue.ParseValidatedDepthSnapshot("""{"lastUpdateId":7,"E":1699999999000,"T":1699999998000,"bids":[["1.0","1"],["2.0","1"]],"asks":[["4.0","1"],["3.0","1"]]}"""u8, Received);
        var ex = Assert.Throws<FormatException>(() => venue.ParseValidatedDepthSnapshot("""{"lastUpdateId":8,"E":1699999999000,"T":1699999998000,"bids":[["5.0","1"]],"asks":[["4.0","1"]]}"""u8, Received));

        Assert.Equal([new BookLevel(2.0m, 1m), new BookLevel(1.0m, 1m)], snapshot.Bids);
        Assert.Equal([new BookLevel(3.0m, 1m), new BookLevel(4.0m, 1m)], snapshot.Asks);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1699999999000), snapshot.Timestamp);
        Assert.Equal("impossible value in depth snapshot 8: crossed book: best bid 5.0 is not below best ask 4.0", ex.Message);
    }

    private static (FrameParseResult Result, List<MarketRecord> Records) Parse(string exchange, string market, string json)
    {
        Assert.True(WireNames.TryParseMarketType(market, out var marketType));
        var venue = VenueCatalog.Get(exchange, marketType);
        var records = new List<MarketRecord>();
        var result = venue.CreateParser(venue.CreateInstrumentTable([])).Parse(Encoding.UTF8.GetBytes(json), Received, records);
        return (result, records);
    }

    private sealed class NoMarkPrice : IPollContext
    {
        public decimal? GetMarkPrice(MarketPrism.Core.Instruments.Instrument instrument) => null;
    }
}

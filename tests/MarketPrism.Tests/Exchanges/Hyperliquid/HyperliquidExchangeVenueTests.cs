using System.Text;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Exchanges;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Hyperliquid;

namespace MarketPrism.Tests.Exchanges.Hyperliquid;

/// <summary>
/// Hyperliquid's REST side (everything is <c>POST /info</c> with a JSON body, weighed against 1200 per minute per IP),
/// its streams, limits and keep-alive, and the <c>info</c> answers read from the official SDK's recorded responses.
/// </summary>
public sealed class HyperliquidExchangeVenueTests
{
    private static readonly DateTime Local = HyperliquidRecordings.ReceiveTime;

    private readonly IExchangeVenue _venue = VenueCatalog.Get("hyperliquid", MarketType.Perpetual);

    [Fact]
    public void Funding_and_open_interest_are_polled_with_one_post_of_meta_and_asset_contexts_per_dex_weighing_20()
    {
        var btc = _venue.GetPolls(_venue.CreateInstrument("BTC-USD"), _venue.SupportedDataTypes);
        var eth = _venue.GetPolls(_venue.CreateInstrument("ETH-USD"), _venue.SupportedDataTypes);
        var crcl = _venue.GetPolls(_venue.CreateInstrument("flx:CRCL-USD"), _venue.SupportedDataTypes);

        Assert.Equal(["funding_rate", "open_interest"], btc.Select(poll => poll.Job));
        Assert.All(btc.Concat(eth), poll =>
        {
            Assert.Equal(("/info", """{"type":"metaAndAssetCtxs"}""", 20, true), (poll.Request.PathAndQuery, poll.Request.JsonBody, poll.Request.Weight, poll.Request.IsPost));
        });
        Assert.Equal(btc[0].Request, eth[0].Request);
        Assert.All(crcl, poll => Assert.Equal("""{"type":"metaAndAssetCtxs","dex":"flx"}""", poll.Request.JsonBody));
        Assert.Equal(1200, _venue.RestWeightPerMinute);
    }

    [Fact]
    public void The_book_snapshot_request_is_a_post_of_l2book_weighing_2_and_reads_the_sdk_recorded_answer()
    {
        var request = _venue.GetDepthSnapshotRequest(_venue.CreateInstrument("1000PEPE-USD"), 100);
        Assert.Equal(("/info", """{"type":"l2Book","coin":"kPEPE"}""", 2), (request.PathAndQuery, request.JsonBody, request.Weight));

        var snapshot = _venue.ParseValidatedDepthSnapshot(HyperliquidRecordings.Bytes("rest_info_l2Book_DYDX_2023-07-17.json"), Local);
        Assert.Equal(new BookLevel(2.111m, 134.4m), snapshot.Bids[0]);
        Assert.True(snapshot.Bids.Length > 1 && snapshot.Asks.Length > 1);
        Assert.True(snapshot.Bids[0].Price < snapshot.Asks[0].Price);
        Assert.Equal(snapshot.LastUpdateId, new DateTimeOffset(snapshot.Timestamp).ToUnixTimeMilliseconds());
    }

    [Fact]
    public void A_meta_and_asset_contexts_answer_gives_each_polled_coin_its_own_positional_context()
    {
        var body = HyperliquidRecordings.Bytes("docs-example_rest_info_metaAndAssetCtxs_sdk-openapi.json");
        var btc = _venue.CreateInstrument("BTC-USD");
        var polls = _venue.GetPolls(btc, _venue.SupportedDataTypes);
        var output = new List<MarketRecord>();

        polls[0].ParseValidated(body, Local, NoMarks.Instance, output);
        polls[1].ParseValidated(body, Local, NoMarks.Instance, output);

        var funding = Assert.IsType<FundingRateRecord>(output[0]);
        Assert.Equal((-0.0000886m, 28429.3m, 28445.0m, Local), (funding.FundingRate, funding.MarkPrice, funding.IndexPrice, funding.Timestamp));
        var interest = Assert.IsType<OpenInterestRecord>(output[1]);
        Assert.Equal((0.22168m, 0.22168m * 28429.3m), (interest.OpenInterest, interest.OpenInterestValue));
        Assert.Equal(2, output.Count);

        var eth = _venue.GetPolls(_venue.CreateInstrument("ETH-USD"), _venue.SupportedDataTypes)[0];
        var missing = Assert.Throws<FormatException>(() => eth.ParseValidated(body, Local, NoMarks.Instance, output));
        Assert.Contains("'ETH' is not in the universe", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_meta_universe_keeps_every_asset_in_index_order()
    {
        var universe = HyperliquidRestParser.ParseMeta(HyperliquidRecordings.Bytes("rest_info_meta_2023-07-17.json"));

        Assert.Equal(28, universe.Count);
        Assert.Equal(new HyperliquidAsset("BTC", 5, 50, false), universe[0]);
        Assert.Equal("ETH", universe[1].Name);

        var delisted = HyperliquidRestParser.ParseMeta("""{"universe":[{"name":"BTC","szDecimals":5,"maxLeverage":40},{"name":"MATIC","szDecimals":1,"maxLeverage":20,"isDelisted":true}]}"""u8);
        Assert.True(delisted[1].IsDelisted);
    }

    [Fact]
    public void Spot_meta_lists_each_pair_with_its_tokens_and_index()
    {
        // The shape of the docs' "Retrieve spot metadata" example (no real answer was found): PURR/USDC keeps its name,
        // later pairs are named by index.
        var pairs = HyperliquidRestParser.ParseSpotMeta("""
            {"tokens":[{"name":"USDC","szDecimals":8,"weiDecimals":8,"index":0,"tokenId":"0x6d1e7cde53ba9467b783cb7c530ce054","isCanonical":true},
                       {"name":"PURR","szDecimals":0,"weiDecimals":5,"index":1,"tokenId":"0xc1fb593aeffbeb02f85e0308e9956a90","isCanonical":true}],
             "universe":[{"name":"PURR/USDC","tokens":[1,0],"index":0,"isCanonical":true},{"name":"@1","tokens":[2,0],"index":1,"isCanonical":false}]}
            """u8);

        Assert.Equal([new HyperliquidSpotPair("PURR/USDC", 1, 0, 0), new HyperliquidSpotPair("@1", 2, 0, 1)], pairs);
    }

    [Fact]
    public void Funding_history_keeps_each_payments_own_time_which_was_eight_hourly_in_2023()
    {
        var output = new List<MarketRecord>();
        HyperliquidRestParser.ParseFundingHistory(HyperliquidRecordings.Bytes("rest_info_fundingHistory_BTC_2023-05.json"), _venue.CreateInstrumentTable([]), Local, output);

        var funding = output.Cast<FundingRateRecord>().ToList();
        Assert.Equal(34, funding.Count);
        Assert.Equal((-0.00061334m, UtcTimestamp.FromUnixMilliseconds(1683849600048)), (funding[0].FundingRate, funding[0].Timestamp));
        Assert.All(funding.Zip(funding.Skip(1)), pair => Assert.InRange((pair.Second.Timestamp - pair.First.Timestamp).TotalHours, 7.99, 8.01));
        Assert.All(funding, record => Assert.Equal("BTC-USD", record.SymbolName));
        Assert.Equal("""{"type":"fundingHistory","coin":"BTC","startTime":1683849600000}""", HyperliquidRequests.FundingHistoryBody("BTC", 1683849600000, null));
    }

    [Fact]
    public void A_candle_snapshot_reads_every_candle_of_the_sdk_recorded_kpepe_answer()
    {
        var candles = HyperliquidRestParser.ParseCandleSnapshot(HyperliquidRecordings.Bytes("rest_info_candleSnapshot_kPEPE_1h_2023-05.json"));

        Assert.NotEmpty(candles);
        Assert.All(candles, candle =>
        {
            Assert.Equal(("kPEPE", "1h"), (candle.Coin, candle.Interval));
            Assert.True(candle.Low <= candle.Open && candle.Open <= candle.High && candle.Low <= candle.Close && candle.Close <= candle.High);
            Assert.True(candle.CloseTime > candle.OpenTime);
        });
        Assert.Equal(
            """{"type":"candleSnapshot","req":{"coin":"kPEPE","interval":"1h","startTime":1683849600000,"endTime":1684454400000}}""",
            HyperliquidRequests.CandleSnapshotBody("kPEPE", "1h", 1683849600000, 1684454400000));
    }

    [Fact]
    public void Bad_info_answers_are_format_errors_with_the_reason_and_text_answers_are_described_as_errors()
    {
        Assert.Contains("not JSON", Assert.Throws<FormatException>(() => HyperliquidRestParser.ParseMeta("{"u8)).Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => _venue.ParseDepthSnapshot("""{"coin":"BTC","time":1,"levels":[[]]}"""u8, Local));
        Assert.Equal("Failed to deserialize the JSON body into the target type", _venue.DescribeError("Failed to deserialize the JSON body into the target type"u8));
        Assert.Null(_venue.DescribeError("""{"universe":[]}"""u8));
    }

    [Fact]
    public void Each_stream_is_one_subscription_of_one_coin_and_active_asset_ctx_carries_funding_open_interest_and_mark()
    {
        var streams = _venue.GetStreams(_venue.CreateInstrument("BTC-USD"), _venue.SupportedDataTypes);

        Assert.Equal(["activeAssetCtx:BTC", "bbo:BTC", "l2Book:BTC", "trades:BTC"], streams.Select(stream => stream.Name).Order(StringComparer.Ordinal));
        Assert.Equal(
            [DataType.FundingRate, DataType.OpenInterest, DataType.MarkPrice],
            streams.Single(stream => stream.Name == "activeAssetCtx:BTC").DataTypes.Order());
        Assert.Equal(new Uri("wss://api.hyperliquid.xyz/ws"), _venue.GetConnectionUri(_venue.DefaultWsUrl, streams[0].ConnectionGroup));
        Assert.Equal(new Uri("ws://127.0.0.1:9000/ws"), _venue.GetConnectionUri(new Uri("ws://127.0.0.1:9000/ws/"), streams[0].ConnectionGroup));
        Assert.Throws<ArgumentException>(() => _venue.BuildSubscribeRequest(streams, 1));
    }

    [Fact]
    public void The_limits_keep_a_full_plan_of_1000_subscriptions_under_2000_messages_a_minute_on_at_most_4_connections()
    {
        var limits = _venue.Limits;
        var connections = (int)Math.Ceiling(HyperliquidLimits.MaxSubscriptionsPerIp / (double)limits.MaxStreamsPerConnection);

        Assert.Equal(1, limits.MaxStreamsPerRequest);
        Assert.Equal(4, connections);
        Assert.True(connections <= HyperliquidLimits.MaxConnectionsPerIp);
        var pings = connections * 60 / HyperliquidLimits.PingInterval.TotalSeconds;
        Assert.True((connections * limits.MaxClientMessagesPerSecond * 60) + pings <= HyperliquidLimits.MaxMessagesPerMinutePerIp);
        Assert.Equal(("""{"method":"ping"}""", KeepAliveTrigger.Periodic), (Encoding.UTF8.GetString(_venue.KeepAlive!.Message.Span), _venue.KeepAlive.Trigger));
        Assert.True(_venue.KeepAlive.Interval < TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void A_captured_info_answer_is_recognized_by_its_shape()
    {
        var plugin = ExchangeCatalog.Get("hyperliquid");
        var instruments = _venue.CreateInstrumentTable([]);
        var captured = plugin.RecognizeRestResponse(_venue, new Uri("https://api.hyperliquid.xyz/info"), instruments);
        Assert.NotNull(captured);
        Assert.Null(plugin.RecognizeRestResponse(_venue, new Uri("https://api.hyperliquid.xyz/exchange"), instruments));

        var output = new List<MarketRecord>();
        captured.ParseValidated(HyperliquidRecordings.Bytes("docs-example_rest_info_metaAndAssetCtxs_sdk-openapi.json"), Local, NoMarks.Instance, output);
        Assert.Equal([DataType.FundingRate, DataType.OpenInterest], output.Select(record => record.DataType));

        output.Clear();
        captured.ParseValidated(HyperliquidRecordings.Bytes("rest_info_l2Book_DYDX_2023-07-17.json"), Local, NoMarks.Instance, output);
        Assert.Equal("DYDX-USD", Assert.IsType<BookSnapshotRecord>(Assert.Single(output)).SymbolName);

        output.Clear();
        captured.ParseValidated(HyperliquidRecordings.Bytes("rest_info_meta_2023-07-17.json"), Local, NoMarks.Instance, output);
        Assert.Empty(output);
    }

    private sealed class NoMarks : IPollContext
    {
        public static readonly NoMarks Instance = new();

        public decimal? GetMarkPrice(MarketPrism.Core.Instruments.Instrument instrument) => null;
    }
}

using System.Text;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Bybit;

namespace MarketPrism.Tests.Exchanges.Bybit;

public sealed class BybitExchangeVenueTests
{
    private static readonly IExchangeVenue Spot = VenueCatalog.Get("bybit", MarketType.Spot);
    private static readonly IExchangeVenue Perpetual = VenueCatalog.Get("bybit", MarketType.Perpetual);
    private static readonly IReadOnlySet<DataType> Everything = WireNames.AllDataTypes.ToHashSet();

    [Fact]
    public void A_linear_perpetual_streams_every_type_on_five_topics_of_the_linear_endpoint()
    {
        var streams = Perpetual.GetStreams(Perpetual.CreateInstrument("BTC-USDT"), Everything);

        Assert.Equal(
            [
                ("publicTrade.BTCUSDT", "Trade"),
                ("orderbook.200.BTCUSDT", "BookDelta,BookSnapshot"),
                ("orderbook.1.BTCUSDT", "BestBidAsk"),
                ("tickers.BTCUSDT", "FundingRate,OpenInterest,MarkPrice"),
                ("allLiquidation.BTCUSDT", "Liquidation"),
            ],
            streams.Select(stream => (stream.Name, string.Join(',', stream.DataTypes))));
        Assert.All(streams, stream => Assert.Equal("linear", stream.ConnectionGroup));
    }

    [Fact]
    public void Inverse_perpetuals_go_on_their_own_connection_group_and_spot_has_no_derivative_topics()
    {
        var fifty = Perpetual.Configure(new BybitOptions { BookDepth = 50 });
        var inverse = fifty.GetStreams(fifty.CreateInstrument("BTC-USD"), Everything);
        var spot = Spot.GetStreams(Spot.CreateInstrument("XRP-USDT"), Everything);

        Assert.All(inverse, stream => Assert.Equal("inverse", stream.ConnectionGroup));
        Assert.Contains(inverse, stream => stream.Name == "orderbook.50.BTCUSD");
        Assert.Equal(["publicTrade.XRPUSDT", "orderbook.200.XRPUSDT", "orderbook.1.XRPUSDT"], spot.Select(stream => stream.Name));
        Assert.All(spot, stream => Assert.Equal("spot", stream.ConnectionGroup));
    }

    [Fact]
    public void A_book_depth_bybit_does_not_publish_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Perpetual.Configure(new BybitOptions { BookDepth = 500 }));

        Assert.StartsWith("Bybit has no 500-level book topic; use one of 50, 200, 1000.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wss://stream.bybit.com", "linear", "wss://stream.bybit.com/v5/public/linear")]
    [InlineData("wss://stream.bybit.com/v5/public/linear", "inverse", "wss://stream.bybit.com/v5/public/inverse")]
    [InlineData("ws://127.0.0.1:8765/bybit/spot/", "spot", "ws://127.0.0.1:8765/bybit/spot/v5/public/spot")]
    public void Each_category_connects_to_its_public_path_under_the_configured_base(string baseUrl, string group, string expected)
    {
        var venue = group == "spot" ? Spot : Perpetual;

        Assert.Equal(new Uri(expected), venue.GetConnectionUri(new Uri(baseUrl), group));
    }

    [Fact]
    public void Subscribe_and_unsubscribe_requests_carry_the_request_id_as_text()
    {
        var spot = Spot.Configure(new BybitOptions { BookDepth = 1000 });
        var instrument = spot.CreateInstrument("XRP-USDT");
        var streams = spot.GetStreams(instrument, new HashSet<DataType> { DataType.Trade, DataType.BookDelta });

        Assert.Equal("""{"req_id":"17","op":"subscribe","args":["publicTrade.XRPUSDT","orderbook.1000.XRPUSDT"]}""", Encoding.UTF8.GetString(spot.BuildSubscribeRequest(streams, 17).Span));
        Assert.Equal("""{"req_id":"18","op":"unsubscribe","args":["orderbook.1000.XRPUSDT"]}""", Encoding.UTF8.GetString(spot.BuildUnsubscribeRequest([streams[1]], 18).Span));
    }

    [Fact]
    public void The_venue_pings_every_20_seconds_and_stays_within_bybit_s_request_limits()
    {
        var keepAlive = Perpetual.KeepAlive!;

        Assert.Equal((TimeSpan.FromSeconds(20), KeepAliveTrigger.Periodic), (keepAlive.Interval, keepAlive.Trigger));
        Assert.Equal("""{"req_id":"keepalive","op":"ping"}""", Encoding.UTF8.GetString(keepAlive.Message.Span));
        Assert.Equal(10, Spot.Limits.MaxStreamsPerRequest);
        Assert.Equal(100, Perpetual.Limits.MaxStreamsPerRequest);
        Assert.Null(Spot.Limits.ConnectionLifetime);
        Assert.False(Perpetual.HasContiguousTradeIds);
        Assert.Empty(Perpetual.GetPolls(Perpetual.CreateInstrument("BTC-USDT"), Everything));
    }

    [Fact]
    public void The_rest_order_book_is_requested_per_category_and_parsed_with_u_as_its_id()
    {
        var request = Perpetual.GetDepthSnapshotRequest(Perpetual.CreateInstrument("BTC-USD"), 1000);
        var body = """{"retCode":0,"retMsg":"OK","result":{"s":"BTCUSD","a":[["65557.7","16606"]],"b":[["65485.5","47081"],["65485.0","10"]],"ts":1716863719031,"u":230704,"seq":1432604333,"cts":1716863718905},"retExtInfo":{},"time":1716863719382}"""u8;

        var snapshot = Perpetual.ParseDepthSnapshot(body, BybitRecordings.ReceiveTime);

        Assert.Equal("/v5/market/orderbook?category=inverse&symbol=BTCUSD&limit=500", request.PathAndQuery);
        Assert.Equal(230704, snapshot.LastUpdateId);
        Assert.Equal([new BookLevel(65485.5m, 47081m), new BookLevel(65485.0m, 10m)], snapshot.Bids);
        Assert.Equal(MarketPrism.Core.Serialization.UtcTimestamp.FromUnixMilliseconds(1716863719031), snapshot.Timestamp);
    }

    [Fact]
    public void A_rest_error_is_described_with_bybit_s_code_and_message()
    {
        var body = """{"retCode":10001,"retMsg":"params error: symbol invalid","result":{},"retExtInfo":{},"time":1716863719382}"""u8.ToArray();

        Assert.Equal("10001: params error: symbol invalid", Perpetual.DescribeError(body));
        var error = Assert.Throws<FormatException>(() => Perpetual.ParseDepthSnapshot(body, default));
        Assert.Equal("orderbook: Bybit error 10001: params error: symbol invalid", error.Message);
        Assert.Null(Perpetual.DescribeError("""{"retCode":0,"retMsg":"OK"}"""u8));
    }
}

using System.Text;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Coinbase;

namespace MarketPrism.Tests.Exchanges.Coinbase;

/// <summary>
/// The two APIs of one market: their addresses, limits, channels and requests (the Advanced Trade golden files the
/// conformance suite, which reads the catalog's default spot market, does not reach).
/// </summary>
public sealed class CoinbaseExchangeVenueTests
{
    private static readonly string ProtocolFolder = Path.Combine(AppContext.BaseDirectory, "recordings", "protocol", "coinbase");

    [Fact]
    public void Spot_defaults_to_the_exchange_feed_and_futures_are_on_advanced_trade()
    {
        var spot = Assert.IsType<CoinbaseExchangeVenue>(VenueCatalog.Get("coinbase", MarketType.Spot));
        var futures = Assert.IsType<CoinbaseExchangeVenue>(VenueCatalog.Get("coinbase", MarketType.Futures));
        Assert.Equal((CoinbaseApi.Exchange, "wss://ws-feed.exchange.coinbase.com/"), (spot.Api, spot.DefaultWsUrl.ToString()));
        Assert.Equal((CoinbaseApi.AdvancedTrade, "wss://advanced-trade-ws.coinbase.com/"), (futures.Api, futures.DefaultWsUrl.ToString()));
        Assert.Throws<ArgumentException>(() => new CoinbaseExchangeVenue(MarketType.Futures, CoinbaseApi.Exchange));
        Assert.Same(spot, spot.WithApi(CoinbaseApi.Exchange));
        Assert.Equal(CoinbaseApi.AdvancedTrade, spot.WithApi(CoinbaseApi.AdvancedTrade).Api);
    }

    [Fact]
    public void Each_api_keeps_its_documented_limits_and_a_one_second_heartbeat()
    {
        var exchange = new CoinbaseExchangeVenue(MarketType.Spot, CoinbaseApi.Exchange);
        var advancedTrade = new CoinbaseExchangeVenue(MarketType.Spot, CoinbaseApi.AdvancedTrade);

        // Exchange: 100 client messages per second, 8 connections per second per IP. Advanced Trade: 8 unauthenticated
        // messages per second per IP, one channel per subscribe message.
        Assert.Equal((100d, 8, 50), (exchange.Limits.MaxClientMessagesPerSecond, exchange.Limits.MaxConnectionsPerWindow!.Value, exchange.Limits.MaxStreamsPerRequest));
        Assert.Equal((8d, 8, 1), (advancedTrade.Limits.MaxClientMessagesPerSecond, advancedTrade.Limits.MaxConnectionsPerWindow!.Value, advancedTrade.Limits.MaxStreamsPerRequest));
        Assert.Equal(TimeSpan.FromSeconds(1), ((IExchangeVenue)exchange).HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), ((IExchangeVenue)advancedTrade).HeartbeatInterval);
        Assert.Null(((IExchangeVenue)exchange).KeepAlive);
        Assert.True(exchange.HasContiguousTradeIds);
    }

    [Fact]
    public void Each_api_names_its_own_channels_for_the_same_data_types()
    {
        var types = new HashSet<DataType> { DataType.Trade, DataType.BookDelta, DataType.BookSnapshot, DataType.BestBidAsk };
        var exchange = new CoinbaseExchangeVenue(MarketType.Spot, CoinbaseApi.Exchange);
        var advancedTrade = new CoinbaseExchangeVenue(MarketType.Spot, CoinbaseApi.AdvancedTrade);

        Assert.Equal(
            ["matches:BTC-USD", "level2_batch:BTC-USD", "ticker:BTC-USD"],
            exchange.GetStreams(exchange.CreateInstrument("BTC-USD"), types, new VenueStreamOptions()).Select(stream => stream.Name));
        Assert.Equal(
            ["market_trades:BTC-USD", "level2:BTC-USD", "ticker:BTC-USD"],
            advancedTrade.GetStreams(advancedTrade.CreateInstrument("BTC-USD"), types, new VenueStreamOptions()).Select(stream => stream.Name));
    }

    [Fact]
    public void Advanced_trade_opens_with_heartbeats_and_sends_one_channel_per_request_as_the_golden_files_say()
    {
        var venue = new CoinbaseExchangeVenue(MarketType.Spot, CoinbaseApi.AdvancedTrade);
        var book = venue.GetStreams(venue.CreateInstrument("BTC-USD"), new HashSet<DataType> { DataType.BookDelta }, new VenueStreamOptions());

        Assert.Equal(Golden("subscribe-request-heartbeats.json"), Text(Assert.Single(((IExchangeVenue)venue).GetOpeningRequests(() => 1))));
        Assert.Equal(Golden("subscribe-request-advanced-trade.json"), Text(venue.BuildSubscribeRequest(book, 7)));
        Assert.Equal(Golden("unsubscribe-request-advanced-trade.json"), Text(venue.BuildUnsubscribeRequest(book, 8)));
        Assert.Empty(((IExchangeVenue)new CoinbaseExchangeVenue(MarketType.Spot, CoinbaseApi.Exchange)).GetOpeningRequests(() => 1));

        var two = venue.GetStreams(venue.CreateInstrument("BTC-USD"), new HashSet<DataType> { DataType.BookDelta, DataType.Trade }, new VenueStreamOptions());
        Assert.Throws<ArgumentException>(() => venue.BuildSubscribeRequest(two, 9));
    }

    [Fact]
    public void An_exchange_request_subscribes_each_channel_to_its_own_products_only()
    {
        var venue = new CoinbaseExchangeVenue(MarketType.Spot, CoinbaseApi.Exchange);
        var streams = venue.GetStreams(venue.CreateInstrument("BTC-USD"), new HashSet<DataType> { DataType.Trade }, new VenueStreamOptions())
            .Concat(venue.GetStreams(venue.CreateInstrument("ETH-USD"), new HashSet<DataType> { DataType.BookDelta }, new VenueStreamOptions()))
            .ToList();

        Assert.Equal(
            """{"type":"subscribe","channels":[{"name":"matches","product_ids":["BTC-USD"]},{"name":"level2_batch","product_ids":["ETH-USD"]},{"name":"heartbeat","product_ids":["BTC-USD","ETH-USD"]}]}""",
            Text(venue.BuildSubscribeRequest(streams, 1)));
    }

    [Fact]
    public void The_product_book_is_asked_for_by_product_id_and_read_as_a_depth_snapshot()
    {
        var venue = VenueCatalog.Get("coinbase", MarketType.Spot);
        var request = venue.GetDepthSnapshotRequest(venue.CreateInstrument("BTC-USD"), 5000);
        Assert.Equal("/api/v3/brokerage/market/product_book?product_id=BTC-USD&limit=1000", request.PathAndQuery);

        var captured = ExchangeCatalog.Get("coinbase").RecognizeRestResponse(
            venue, new Uri("https://api.coinbase.com/api/v3/brokerage/market/product_book?product_id=BTC-USD&limit=5"), venue.CreateInstrumentTable([]));
        Assert.NotNull(captured);
        var output = new List<MarketRecord>();
        captured.ParseValidated(CoinbaseRecordings.Bytes("coinbase/rest_brokerage-product_book_BTC-USD_2026-04-07.json"), new DateTime(2026, 4, 7, 0, 29, 0, DateTimeKind.Utc), null!, output);
        var snapshot = Assert.IsType<BookSnapshotRecord>(Assert.Single(output));
        Assert.Equal((5, 68923.66m, 68923.67m), (snapshot.Depth, snapshot.Bids[0].Price, snapshot.Asks[0].Price));
        Assert.Null(ExchangeCatalog.Get("coinbase").RecognizeRestResponse(venue, new Uri("https://api.coinbase.com/api/v3/brokerage/market/products"), venue.CreateInstrumentTable([])));
    }

    private static string Golden(string file) => File.ReadAllText(Path.Combine(ProtocolFolder, file)).TrimEnd('\r', '\n');

    private static string Text(ReadOnlyMemory<byte> request) => Encoding.UTF8.GetString(request.Span);
}

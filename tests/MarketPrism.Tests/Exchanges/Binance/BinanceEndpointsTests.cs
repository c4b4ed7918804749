using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Binance;

namespace MarketPrism.Tests.Exchanges.Binance;

public sealed class BinanceEndpointsTests
{
    [Theory]
    [InlineData("btcusdt@depth@100ms", BinanceStreamRoute.Public)]
    [InlineData("btcusdt@depth", BinanceStreamRoute.Public)]
    [InlineData("btcusdt@depth20@100ms", BinanceStreamRoute.Public)]
    [InlineData("btcusdt@bookTicker", BinanceStreamRoute.Public)]
    [InlineData("!bookTicker", BinanceStreamRoute.Public)]
    [InlineData("btcusdt@trade", BinanceStreamRoute.Public)]
    [InlineData("btcusdt@aggTrade", BinanceStreamRoute.Market)]
    [InlineData("btcusdt@markPrice@1s", BinanceStreamRoute.Market)]
    [InlineData("!markPrice@arr@1s", BinanceStreamRoute.Market)]
    [InlineData("btcusdt@forceOrder", BinanceStreamRoute.Market)]
    [InlineData("!forceOrder@arr", BinanceStreamRoute.Market)]
    [InlineData("btcusdt@kline_1m", BinanceStreamRoute.Market)]
    [InlineData("btcusdt@ticker", BinanceStreamRoute.Market)]
    public void Usd_margined_streams_are_routed_to_public_or_market(string stream, BinanceStreamRoute route)
    {
        Assert.Equal(route, BinanceEndpoints.RouteOf(BinanceVenue.UsdMargined, stream));
    }

    [Theory]
    [InlineData(BinanceVenue.Spot, "btcusdt@depth@100ms")]
    [InlineData(BinanceVenue.Spot, "btcusdt@aggTrade")]
    [InlineData(BinanceVenue.CoinMargined, "btcusd_perp@markPrice@1s")]
    [InlineData(BinanceVenue.CoinMargined, "btcusd_perp@bookTicker")]
    public void Spot_and_coin_margined_streams_use_the_root_path(BinanceVenue venue, string stream)
    {
        Assert.Equal(BinanceStreamRoute.Root, BinanceEndpoints.RouteOf(venue, stream));
    }

    [Theory]
    [InlineData(BinanceVenue.Spot, BinanceStreamRoute.Root, null, "wss://stream.binance.com:9443/stream")]
    [InlineData(BinanceVenue.UsdMargined, BinanceStreamRoute.Public, null, "wss://fstream.binance.com/public/stream")]
    [InlineData(BinanceVenue.UsdMargined, BinanceStreamRoute.Market, null, "wss://fstream.binance.com/market/stream")]
    [InlineData(BinanceVenue.CoinMargined, BinanceStreamRoute.Root, null, "wss://dstream.binance.com/stream")]
    [InlineData(BinanceVenue.UsdMargined, BinanceStreamRoute.Public, "wss://fstream.binance.com/stream/", "wss://fstream.binance.com/public/stream")]
    [InlineData(BinanceVenue.UsdMargined, BinanceStreamRoute.Public, "wss://fstream.binance.com/market/stream", "wss://fstream.binance.com/public/stream")]
    [InlineData(BinanceVenue.UsdMargined, BinanceStreamRoute.Market, "ws://127.0.0.1:9001", "ws://127.0.0.1:9001/market/stream")]
    [InlineData(BinanceVenue.Spot, BinanceStreamRoute.Root, "wss://data-stream.binance.vision/ws", "wss://data-stream.binance.vision/stream")]
    public void Combined_stream_address_adds_the_route_path_once(BinanceVenue venue, BinanceStreamRoute route, string? baseUrl, string expected)
    {
        Assert.Equal(new Uri(expected), BinanceEndpoints.CombinedStreamUri(venue, route, baseUrl));
    }

    [Fact]
    public void Only_usd_margined_has_routed_paths()
    {
        Assert.Throws<ArgumentException>(() => BinanceEndpoints.CombinedStreamUri(BinanceVenue.Spot, BinanceStreamRoute.Public));
    }

    [Fact]
    public void Every_usd_margined_stream_we_subscribe_has_a_routed_path()
    {
        var instrument = BinanceSymbols.Resolve("BTCUSDT", MarketType.Perpetual)!;

        foreach (var stream in BinanceStreams.StreamNames(instrument, WireNames.AllDataTypes))
        {
            Assert.NotEqual(BinanceStreamRoute.Root, BinanceEndpoints.RouteOf(BinanceVenue.UsdMargined, stream));
        }
    }

    [Theory]
    [InlineData(BinanceVenue.Spot, "https://api.binance.com", "wss://stream.binance.com:9443")]
    [InlineData(BinanceVenue.UsdMargined, "https://fapi.binance.com", "wss://fstream.binance.com")]
    [InlineData(BinanceVenue.CoinMargined, "https://dapi.binance.com", "wss://dstream.binance.com")]
    public void Public_base_addresses_match_the_recorded_sessions(BinanceVenue venue, string rest, string webSocket)
    {
        Assert.Equal(rest, BinanceEndpoints.RestBase(venue));
        Assert.Equal(webSocket, BinanceEndpoints.WebSocketBase(venue));
    }
}

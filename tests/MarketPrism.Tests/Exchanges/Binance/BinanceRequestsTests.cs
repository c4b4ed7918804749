using System.Text;
using MarketPrism.Exchanges.Binance;

namespace MarketPrism.Tests.Exchanges.Binance;

/// <summary>Binance request builders. (That subscribe and unsubscribe requests equal the documented shapes is a rule for every venue: <see cref="BinanceConformanceTests"/>.)</summary>
public sealed class BinanceRequestsTests
{
    [Fact]
    public void List_subscriptions_request_has_only_the_method_and_id()
    {
        Assert.Equal("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":3}", Encoding.UTF8.GetString(BinanceRequests.ListSubscriptions(3)));
    }

    [Fact]
    public void Subscribe_request_needs_between_one_and_1024_streams()
    {
        var tooMany = Enumerable.Range(0, BinanceLimits.MaxStreamsPerConnection + 1).Select(i => $"s{i}usdt@trade").ToArray();

        Assert.Throws<ArgumentException>(() => BinanceRequests.Subscribe([], 1));
        Assert.Throws<ArgumentException>(() => BinanceRequests.Subscribe(tooMany, 1));
        Assert.Throws<ArgumentException>(() => BinanceRequests.Subscribe(["btcusdt@trade", " "], 1));
    }

    [Fact]
    public void Subscribe_reply_for_the_request_is_recognized_as_its_ack()
    {
        var parser = new BinanceFrameParser(BinanceSymbols.CreateTable(MarketPrism.Core.Model.MarketType.Spot, []));

        var result = parser.Parse("{\"result\":null,\"id\":9}"u8, DateTime.UnixEpoch, []);

        Assert.Equal(9, result.RequestId);
        Assert.Contains("\"id\":9", Encoding.UTF8.GetString(BinanceRequests.Subscribe(["btcusdt@trade"], 9)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BinanceRecordings.SpotRest, BinanceVenue.Spot)]
    [InlineData(BinanceRecordings.FuturesRest, BinanceVenue.UsdMargined)]
    [InlineData(BinanceRecordings.DeliveryRest, BinanceVenue.CoinMargined)]
    public void Depth_snapshot_request_is_the_one_the_recorded_sessions_made(string file, BinanceVenue venue)
    {
        foreach (var (url, _, _) in BinanceRecordings.Responses(file))
        {
            var query = url[(url.IndexOf("symbol=", StringComparison.Ordinal) + 7)..];
            var symbol = query[..query.IndexOf('&', StringComparison.Ordinal)];

            Assert.Equal(url, BinanceEndpoints.RestBase(venue) + BinanceRequests.DepthSnapshotPath(venue, symbol, 1000));
        }
    }

    [Theory]
    [InlineData(BinanceVenue.Spot, 100, "/api/v3/depth?symbol=BTCUSDT&limit=100")]
    [InlineData(BinanceVenue.Spot, 6000, "/api/v3/depth?symbol=BTCUSDT&limit=5000")]
    [InlineData(BinanceVenue.UsdMargined, 30, "/fapi/v1/depth?symbol=BTCUSDT&limit=50")]
    [InlineData(BinanceVenue.UsdMargined, 5000, "/fapi/v1/depth?symbol=BTCUSDT&limit=1000")]
    [InlineData(BinanceVenue.CoinMargined, 500, "/dapi/v1/depth?symbol=BTCUSDT&limit=500")]
    public void Depth_snapshot_limit_is_adjusted_to_one_the_venue_accepts(BinanceVenue venue, int levels, string path)
    {
        Assert.Equal(path, BinanceRequests.DepthSnapshotPath(venue, "btcusdt", levels));
    }

    [Fact]
    public void Futures_rest_paths_carry_the_symbol_in_the_query()
    {
        Assert.Equal("/fapi/v1/premiumIndex?symbol=BTCUSDT", BinanceRequests.PremiumIndexPath(BinanceVenue.UsdMargined, "BTCUSDT"));
        Assert.Equal("/fapi/v1/premiumIndex", BinanceRequests.PremiumIndexPath(BinanceVenue.UsdMargined));
        Assert.Equal("/dapi/v1/premiumIndex?symbol=BTCUSD_PERP", BinanceRequests.PremiumIndexPath(BinanceVenue.CoinMargined, "BTCUSD_PERP"));
        Assert.Equal("/fapi/v1/openInterest?symbol=BTCUSDT", BinanceRequests.OpenInterestPath(BinanceVenue.UsdMargined, "BTCUSDT"));
        Assert.Equal("/dapi/v1/openInterest?symbol=BTCUSD_PERP", BinanceRequests.OpenInterestPath(BinanceVenue.CoinMargined, "BTCUSD_PERP"));
    }

    [Fact]
    public void Spot_has_no_funding_or_open_interest_requests()
    {
        Assert.Throws<ArgumentException>(() => BinanceRequests.PremiumIndexPath(BinanceVenue.Spot, "BTCUSDT"));
        Assert.Throws<ArgumentException>(() => BinanceRequests.OpenInterestPath(BinanceVenue.Spot, "BTCUSDT"));
    }
}

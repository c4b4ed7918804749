using MarketPrism.Exchanges.Binance;

namespace MarketPrism.Tests.Exchanges.Binance;

public sealed class BinanceLimitsTests
{
    [Theory]
    [InlineData(BinanceVenue.Spot, 5, 20, 60)]
    [InlineData(BinanceVenue.UsdMargined, 10, 180, 600)]
    [InlineData(BinanceVenue.CoinMargined, 10, 180, 600)]
    public void Message_rate_and_heartbeat_follow_the_venue(BinanceVenue venue, int messagesPerSecond, int pingSeconds, int pongTimeoutSeconds)
    {
        Assert.Equal(messagesPerSecond, BinanceLimits.MaxIncomingMessagesPerSecond(venue));
        Assert.Equal(TimeSpan.FromSeconds(pingSeconds), BinanceLimits.PingInterval(venue));
        Assert.Equal(TimeSpan.FromSeconds(pongTimeoutSeconds), BinanceLimits.PongTimeout(venue));
    }

    [Theory]
    [InlineData(BinanceVenue.Spot, 1, 1)]
    [InlineData(BinanceVenue.Spot, 1000, 1000)]
    [InlineData(BinanceVenue.Spot, 5001, 5000)]
    [InlineData(BinanceVenue.UsdMargined, 1, 5)]
    [InlineData(BinanceVenue.UsdMargined, 20, 20)]
    [InlineData(BinanceVenue.UsdMargined, 21, 50)]
    [InlineData(BinanceVenue.CoinMargined, 501, 1000)]
    [InlineData(BinanceVenue.CoinMargined, 100_000, 1000)]
    public void Depth_limit_is_the_smallest_accepted_value_covering_the_request(BinanceVenue venue, int requested, int limit)
    {
        Assert.Equal(limit, BinanceLimits.DepthLimit(venue, requested));
    }

    [Fact]
    public void Depth_limit_needs_at_least_one_level()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BinanceLimits.DepthLimit(BinanceVenue.Spot, 0));
    }
}

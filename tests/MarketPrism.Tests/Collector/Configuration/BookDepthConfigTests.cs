using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Feeds;
using MarketPrism.Exchanges;

namespace MarketPrism.Tests.Collector.Configuration;

/// <summary><c>exchanges[].book_depth</c>: Bybit's book topic depth, checked against the depths Bybit publishes.</summary>
public sealed class BookDepthConfigTests
{
    private static ConfigLoadResult Load(string yaml) =>
        new ConfigLoader(VenueCatalog.Exchanges, MarketPrism.Collector.Cli.ConfigSupport.KnownJobs).LoadText(yaml, "config/collector.yaml", new Dictionary<string, string?>());

    [Theory]
    [InlineData(0, "orderbook.200.XRPUSDT")]
    [InlineData(50, "orderbook.50.XRPUSDT")]
    [InlineData(1000, "orderbook.1000.XRPUSDT")]
    public void A_bybit_entry_subscribes_the_book_topic_of_its_depth(int depth, string topic)
    {
        var result = Load($"""
            exchanges:
              - exchange: bybit
                market_type: perpetual
                symbols: [XRP-USDT]
                book_depth: {depth}
            """);

        Assert.True(result.Succeeded, result.FormatErrors());
        var feed = Assert.Single(FeedPlanner.Plan(result.Config));
        Assert.Equal(depth, feed.StreamOptions.BookDepth);
        var streams = feed.Venue.GetStreams(feed.Instruments[0], feed.DataTypes, feed.StreamOptions);
        Assert.Contains(streams, stream => stream.Name == topic);
    }

    [Theory]
    [InlineData("bybit", 500, "config/collector.yaml:5:17: exchanges[0].book_depth: must be 0 (Bybit's default, 200) or one of 50, 200, 1000, the depths of Bybit's orderbook topic; got 500")]
    [InlineData("bybit", 1, "config/collector.yaml:5:17: exchanges[0].book_depth: must be 0 (Bybit's default, 200) or one of 50, 200, 1000, the depths of Bybit's orderbook topic; got 1")]
    [InlineData("binance", 200, "config/collector.yaml:5:17: exchanges[0].book_depth: must be 0 for binance: its books are synchronized from REST snapshots sized by `books.rest_snapshot_limit`; got 200")]
    public void A_depth_the_venue_does_not_have_is_rejected_with_the_choices(string exchange, int depth, string expected)
    {
        var result = Load($"""
            exchanges:
              - exchange: {exchange}
                market_type: spot
                symbols: [XRP-USDT]
                book_depth: {depth}
            """);

        Assert.False(result.Succeeded);
        Assert.Equal(expected, Assert.Single(result.Errors).ToString());
    }
}

/// <summary>The shipped Bybit simulator example loads, spells out every key, and plans both Bybit markets.</summary>
public sealed class BybitSimulatorConfigTests
{
    private static readonly string ExamplePath = Path.Combine(AppContext.BaseDirectory, "config", "examples", "simulator-bybit.yaml");

    [Fact]
    public void The_bybit_simulator_example_collects_xrp_usdt_spot_and_linear_from_the_local_simulator()
    {
        var result = new ConfigLoader(VenueCatalog.Exchanges, MarketPrism.Collector.Cli.ConfigSupport.KnownJobs).Load(ExamplePath, new Dictionary<string, string?>());

        Assert.True(result.Succeeded, result.FormatErrors());
        var feeds = FeedPlanner.Plan(result.Config);
        Assert.Equal(["bybit-spot", "bybit-perpetual"], feeds.Select(feed => feed.Name));
        Assert.Equal(new Uri("ws://127.0.0.1:8765/bybit/spot/v5/public/spot"), feeds[0].Venue.GetConnectionUri(feeds[0].WsUrl, "spot"));
        Assert.Equal(new Uri("ws://127.0.0.1:8765/bybit/linear/v5/public/linear"), feeds[1].Venue.GetConnectionUri(feeds[1].WsUrl, "linear"));
        Assert.All(feeds, feed => Assert.Equal("XRP-USDT", Assert.Single(feed.Instruments).Symbol));
        Assert.Equal(8, feeds[1].DataTypes.Count);
    }
}

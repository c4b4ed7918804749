using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Feeds;
using MarketPrism.Exchanges;
using MarketPrism.Exchanges.Bybit;

namespace MarketPrism.Tests.Collector.Configuration;

/// <summary>
/// A Bybit entry's <c>options:</c> (<see cref="BybitOptions"/>): the book topic's depth, checked against the depths
/// Bybit publishes, and the policy for a skipped book update id.
/// </summary>
public sealed class BybitOptionsConfigTests
{
    private static ConfigLoadResult Load(string yaml) =>
        new ConfigLoader(VenueCatalog.Exchanges, MarketPrism.Collector.Cli.ConfigSupport.KnownJobs).LoadText(yaml, "config/collector.yaml", new Dictionary<string, string?>());

    [Theory]
    [InlineData("", "orderbook.200.XRPUSDT")]
    [InlineData("options: { book_depth: 50 }", "orderbook.50.XRPUSDT")]
    [InlineData("options: { book_depth: 1000 }", "orderbook.1000.XRPUSDT")]
    public void A_bybit_entry_subscribes_the_book_topic_of_its_depth(string options, string topic)
    {
        var result = Load($"""
            exchanges:
              - exchange: bybit
                market_type: perpetual
                symbols: [XRP-USDT]
                {options}
            """);

        Assert.True(result.Succeeded, result.FormatErrors());
        Assert.Empty(result.Warnings);
        var feed = Assert.Single(FeedPlanner.Plan(result.Config));
        var streams = feed.Venue.GetStreams(feed.Instruments[0], feed.DataTypes);
        Assert.Contains(streams, stream => stream.Name == topic);
    }

    [Theory]
    [InlineData("{ book_depth: 500 }", "config/collector.yaml:5:28: exchanges[0].options.book_depth: must be one of 50, 200, 1000, the depths of Bybit's orderbook topic; got 500")]
    [InlineData("{ book_depth: 0 }", "config/collector.yaml:5:28: exchanges[0].options.book_depth: must be one of 50, 200, 1000, the depths of Bybit's orderbook topic; got 0")]
    [InlineData("{ book_depth: deep }", "config/collector.yaml:5:28: exchanges[0].options.book_depth: expected an integer, got `deep`")]
    [InlineData("{ book_continuity: strcit }", "config/collector.yaml:5:33: exchanges[0].options.book_continuity: must be strict or lenient, got `strcit`; did you mean `strict`?")]
    [InlineData("{ book_contiunity: strict }", "config/collector.yaml:5:33: exchanges[0].options.book_contiunity: bybit has no option `book_contiunity`; its options are book_depth, book_continuity; did you mean `book_continuity`?")]
    [InlineData("{ book_continuity: ~ }", "config/collector.yaml:5:33: exchanges[0].options.book_continuity: has no value; expected a string (remove the key to use the default)")]
    public void A_value_bybit_does_not_have_is_rejected_at_its_position_with_the_choices(string options, string expected)
    {
        var result = Load($"""
            exchanges:
              - exchange: bybit
                market_type: spot
                symbols: [XRP-USDT]
                options: {options}
            """);

        Assert.False(result.Succeeded);
        Assert.Equal(expected, Assert.Single(result.Errors).ToString());
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("options: { book_continuity: lenient }", false)]
    [InlineData("options: { book_continuity: strict }", true)]
    public void A_bybit_entry_keeps_its_books_of_both_markets_under_the_policy_it_names(string line, bool strict)
    {
        var result = Load($"""
            exchanges:
              - exchange: bybit
                market_type: spot
                symbols: [XRP-USDT]
                futures_symbols: [XRP-USDT]
                {line}
            """);

        Assert.True(result.Succeeded, result.FormatErrors());
        var feeds = FeedPlanner.Plan(result.Config);
        Assert.Equal(2, feeds.Count);
        Assert.All(feeds, feed =>
        {
            Assert.Same(strict ? BybitBookRules.Strict : BybitBookRules.Lenient, feed.Venue.BookRules);
        });
    }

    [Fact]
    public void A_book_bound_below_the_depth_of_the_bybit_topic_is_rejected_naming_the_entry()
    {
        var result = Load("""
            exchanges:
              - exchange: bybit
                market_type: perpetual
                symbols: [XRP-USDT]
                options: { book_depth: 1000 }
            books:
              max_levels: 500
            """);

        Assert.False(result.Succeeded);
        Assert.Equal("config/collector.yaml:7:15: books.max_levels: must be 0 (every level) or at least 1000 (exchanges[0].options.book_depth), got 500", Assert.Single(result.Errors).ToString());
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
        Assert.Empty(result.Warnings);
        var feeds = FeedPlanner.Plan(result.Config);
        Assert.Equal(["bybit-spot", "bybit-perpetual"], feeds.Select(feed => feed.Name));
        Assert.Equal(new Uri("ws://127.0.0.1:8765/bybit/spot/v5/public/spot"), feeds[0].Venue.GetConnectionUri(feeds[0].WsUrl, "spot"));
        Assert.Equal(new Uri("ws://127.0.0.1:8765/bybit/linear/v5/public/linear"), feeds[1].Venue.GetConnectionUri(feeds[1].WsUrl, "linear"));
        Assert.All(feeds, feed => Assert.Equal("XRP-USDT", Assert.Single(feed.Instruments).Symbol));
        Assert.Equal(8, feeds[1].DataTypes.Count);
    }
}

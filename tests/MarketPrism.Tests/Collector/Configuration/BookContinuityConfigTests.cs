using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Feeds;
using MarketPrism.Exchanges;
using MarketPrism.Exchanges.Bybit;

namespace MarketPrism.Tests.Collector.Configuration;

/// <summary><c>exchanges[].book_continuity</c>: Bybit's policy for a skipped book update id, valid on Bybit entries only.</summary>
public sealed class BookContinuityConfigTests
{
    private static ConfigLoadResult Load(string yaml) =>
        new ConfigLoader(VenueCatalog.Exchanges, MarketPrism.Collector.Cli.ConfigSupport.KnownJobs).LoadText(yaml, "config/collector.yaml", new Dictionary<string, string?>());

    [Theory]
    [InlineData("", false)]
    [InlineData("book_continuity: lenient", false)]
    [InlineData("book_continuity: strict", true)]
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
            Assert.Equal(strict, feed.StreamOptions.StrictBookContinuity);
            Assert.Same(strict ? BybitBookRules.Strict : BybitBookRules.Lenient, feed.Venue.GetBookRules(feed.StreamOptions));
        });
    }

    [Theory]
    [InlineData("bybit", "strcit", "config/collector.yaml:5:22: exchanges[0].book_continuity: must be strict or lenient, got `strcit`; did you mean `strict`?")]
    [InlineData("binance", "strict", "config/collector.yaml:5:22: exchanges[0].book_continuity: applies to bybit only (the continuity of its orderbook.{depth} update ids); binance's books always resynchronize on a gap: remove the key")]
    [InlineData("okx", "lenient", "config/collector.yaml:5:22: exchanges[0].book_continuity: applies to bybit only (the continuity of its orderbook.{depth} update ids); okx's books always resynchronize on a gap: remove the key")]
    public void A_value_bybit_does_not_have_or_a_policy_on_another_venue_is_rejected(string exchange, string value, string expected)
    {
        var result = Load($"""
            exchanges:
              - exchange: {exchange}
                market_type: spot
                symbols: [XRP-USDT]
                book_continuity: {value}
            """);

        Assert.False(result.Succeeded);
        Assert.Equal(expected, Assert.Single(result.Errors).ToString());
    }
}

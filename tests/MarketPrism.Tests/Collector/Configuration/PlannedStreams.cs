using MarketPrism.Collector.Feeds;
using MarketPrism.Exchanges;

namespace MarketPrism.Tests.Collector.Configuration;

/// <summary>
/// What a planned feed subscribes, read through the market its entry's options configured: the tests of venue options
/// assert on the streams and book rules a user gets, not on how the options are held.
/// </summary>
internal static class PlannedStreams
{
    /// <summary>The name of every stream the feed subscribes, in plan order.</summary>
    public static IReadOnlyList<string> Of(MarketFeedSettings feed) =>
        feed.Instruments.SelectMany(instrument => feed.Venue.GetStreams(instrument, feed.DataTypes)).Select(stream => stream.Name).ToList();

    /// <summary>The streams the same feed would subscribe on the exchange's market left at its defaults.</summary>
    public static IReadOnlyList<string> OfDefaultMarket(MarketFeedSettings feed)
    {
        var market = VenueCatalog.Get(feed.Venue.Exchange, feed.Venue.MarketType);
        return feed.Instruments.SelectMany(instrument => market.GetStreams(instrument, feed.DataTypes)).Select(stream => stream.Name).ToList();
    }

    /// <summary>Every trade of the feed comes from Binance's <c>aggTrade</c> stream and none from <c>trade</c>.</summary>
    public static bool ReadsAggregatedTrades(MarketFeedSettings feed)
    {
        var names = Of(feed);
        return names.Any(name => name.EndsWith("@aggTrade", StringComparison.Ordinal))
            && !names.Any(name => name.EndsWith("@trade", StringComparison.Ordinal));
    }
}

using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Feeds;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Tests.Collector.Configuration;

/// <summary>
/// What every exchange's <c>options:</c> map shares: keys of another exchange are errors naming the valid ones,
/// exchanges without options say so, environment variables reach the map, and the plug-in's book needs apply only
/// when the exchange is configured.
/// </summary>
public sealed class VenueOptionsConfigTests
{
    private static ConfigLoadResult Load(string yaml, params (string Name, string? Value)[] environment) =>
        new ConfigLoader(VenueCatalog.Exchanges, MarketPrism.Collector.Cli.ConfigSupport.KnownJobs)
            .LoadText(yaml, "config/collector.yaml", environment.ToDictionary(variable => variable.Name, variable => variable.Value));

    [Theory]
    [InlineData("okx", "BTC-USDT")]
    [InlineData("deribit", "BTC-USD")]
    public void An_exchange_without_options_rejects_any_key_and_says_it_has_none(string exchange, string symbol)
    {
        var result = Load($"""
            exchanges:
              - exchange: {exchange}
                market_type: perpetual
                symbols: [{symbol}]
                options: {"{"} trade_stream: agg_trade {"}"}
            """);

        Assert.False(result.Succeeded);
        Assert.Equal(
            $"config/collector.yaml:5:30: exchanges[0].options.trade_stream: {exchange} has no option `trade_stream` (it has no options at all); remove it",
            Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Every_exchange_loads_with_an_empty_options_map_and_takes_its_defaults()
    {
        foreach (var plugin in ExchangeCatalog.All)
        {
            // The exchange's first market (Coinbase has no perpetuals: its spot). BTC-USD is Deribit's and Hyperliquid's
            // BTC perpetual and Coinbase's spot pair; every other exchange quotes it in USDT.
            var market = plugin.Markets[0].MarketType;
            var symbol = plugin.Exchange is "deribit" or "hyperliquid" or "coinbase" ? "BTC-USD" : "BTC-USDT";
            var result = Load($"""
                exchanges:
                  - exchange: {plugin.Exchange}
                    market_type: {market.ToWireName()}
                    symbols: [{symbol}]
                    options: {"{}"}
                """);

            Assert.True(result.Succeeded, result.FormatErrors());
            var feed = Assert.Single(FeedPlanner.Plan(result.Config));
            Assert.Equal(PlannedStreams.OfDefaultMarket(feed), PlannedStreams.Of(feed));
            Assert.Same(VenueCatalog.Get(plugin.Exchange, feed.Venue.MarketType).BookRules, feed.Venue.BookRules);
        }
    }

    [Fact]
    public void An_environment_variable_sets_an_option_and_its_errors_name_the_variable()
    {
        const string yaml = """
            exchanges:
              - exchange: bybit
                market_type: perpetual
                symbols: [XRP-USDT]
            """;

        var good = Load(yaml, ("MARKETPRISM_EXCHANGES__0__OPTIONS__BOOK_DEPTH", "1000"));
        var bad = Load(yaml, ("MARKETPRISM_EXCHANGES__0__OPTIONS__BOOK_DEPTH", "7"));

        Assert.True(good.Succeeded, good.FormatErrors());
        Assert.Contains("orderbook.1000.XRPUSDT", PlannedStreams.Of(Assert.Single(FeedPlanner.Plan(good.Config))));
        Assert.Equal(
            "MARKETPRISM_EXCHANGES__0__OPTIONS__BOOK_DEPTH: exchanges[0].options.book_depth: must be one of 50, 200, 1000, the depths of Bybit's orderbook topic; got 7",
            Assert.Single(bad.Errors).ToString());
    }

    [Fact]
    public void The_okx_checksum_depth_bounds_books_only_when_okx_is_collected_and_its_checksum_checked()
    {
        const string binance = """
            exchanges:
              - exchange: binance
                symbols: [BTC-USDT]
            """;
        const string okx = """
            exchanges:
              - exchange: okx
                symbols: [BTC-USDT]
            """;

        var withoutOkx = Load(binance + "\nbooks:\n  max_levels: 20\n");
        var withOkx = Load(okx + "\nbooks:\n  max_levels: 20\n");
        var withoutChecksum = Load(okx + "\nbooks:\n  max_levels: 20\n  verify_checksum: false\n");

        Assert.True(withoutOkx.Succeeded, withoutOkx.FormatErrors());
        Assert.Equal(
            "config/collector.yaml:5:15: books.max_levels: must be 0 (every level) or at least 25 (OKX's checksum covers the top 25 levels), got 20",
            Assert.Single(withOkx.Errors).ToString());
        Assert.True(withoutChecksum.Succeeded, withoutChecksum.FormatErrors());
    }

    [Fact]
    public void Each_plugin_creates_fresh_options_so_entries_do_not_share_them()
    {
        foreach (var plugin in ExchangeCatalog.All)
        {
            IVenueOptions first = plugin.CreateOptions();
            Assert.NotSame(first, plugin.CreateOptions());
        }
    }
}

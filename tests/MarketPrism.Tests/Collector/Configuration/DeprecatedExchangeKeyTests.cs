using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Feeds;
using MarketPrism.Exchanges;

namespace MarketPrism.Tests.Collector.Configuration;

/// <summary>
/// The old top-level spellings of exchange-only options (<c>trade_stream</c>, <c>book_depth</c>,
/// <c>book_continuity</c> on an entry) still load, as if written under <c>options:</c>, with a warning at their
/// position naming the new spelling; both spellings at once are an error.
/// </summary>
public sealed class DeprecatedExchangeKeyTests
{
    private static ConfigLoadResult Load(string yaml, params (string Name, string? Value)[] environment) =>
        new ConfigLoader(VenueCatalog.Exchanges, MarketPrism.Collector.Cli.ConfigSupport.KnownJobs)
            .LoadText(yaml, "config/collector.yaml", environment.ToDictionary(variable => variable.Name, variable => variable.Value));

    [Fact]
    public void Trade_stream_on_the_entry_still_selects_the_binance_stream_with_a_warning()
    {
        var result = Load("""
            exchanges:
              - exchange: binance
                symbols: [BTC-USDT]
                trade_stream: agg_trade
            """);

        Assert.True(result.Succeeded, result.FormatErrors());
        Assert.True(PlannedStreams.ReadsAggregatedTrades(Assert.Single(FeedPlanner.Plan(result.Config))));
        Assert.Equal(
            "config/collector.yaml:4:19: exchanges[0].trade_stream: is deprecated: write it under the entry's options as `options: { trade_stream: agg_trade }`",
            Assert.Single(result.Warnings).ToString());
    }

    [Fact]
    public void Book_depth_and_book_continuity_on_the_entry_still_apply_to_bybit_with_a_warning_each()
    {
        var result = Load("""
            exchanges:
              - exchange: bybit
                market_type: perpetual
                symbols: [XRP-USDT]
                book_depth: 1000
                book_continuity: strict
            """);

        Assert.True(result.Succeeded, result.FormatErrors());
        var feed = Assert.Single(FeedPlanner.Plan(result.Config));
        Assert.Contains("orderbook.1000.XRPUSDT", PlannedStreams.Of(feed));
        Assert.Same(MarketPrism.Exchanges.Bybit.BybitBookRules.Strict, feed.Venue.BookRules);
        Assert.Equal(
            [
                "config/collector.yaml:5:17: exchanges[0].book_depth: is deprecated: write it under the entry's options as `options: { book_depth: 1000 }`",
                "config/collector.yaml:6:22: exchanges[0].book_continuity: is deprecated: write it under the entry's options as `options: { book_continuity: strict }`",
            ],
            result.Warnings.Select(warning => warning.ToString()));
    }

    [Fact]
    public void The_old_defaults_on_any_exchange_load_unchanged_with_a_warning_to_remove_them()
    {
        // What every entry of the shipped configs used to spell out, whatever its exchange.
        var result = Load("""
            exchanges:
              - exchange: okx
                symbols: [BTC-USDT]
                trade_stream: trade
                book_depth: 0
                book_continuity: ~
            """);

        Assert.True(result.Succeeded, result.FormatErrors());
        var feed = Assert.Single(FeedPlanner.Plan(result.Config));
        Assert.Equal(PlannedStreams.OfDefaultMarket(feed), PlannedStreams.Of(feed));
        Assert.Equal(
            [
                "config/collector.yaml:4:19: exchanges[0].trade_stream: is deprecated, and `trade` is the default it always had: remove the key (exchange-only options now sit under the entry's `options:` map)",
                "config/collector.yaml:5:17: exchanges[0].book_depth: is deprecated, and `0` is the default it always had: remove the key (exchange-only options now sit under the entry's `options:` map)",
                "config/collector.yaml:6:22: exchanges[0].book_continuity: is deprecated, and `~` is the default it always had: remove the key (exchange-only options now sit under the entry's `options:` map)",
            ],
            result.Warnings.Select(warning => warning.ToString()));
    }

    [Theory]
    [InlineData("binance", "trade_stream: aggTrade", "config/collector.yaml:5:19: exchanges[0].trade_stream: must be trade or agg_trade, got `aggTrade`; did you mean `agg_trade`?")]
    [InlineData("bybit", "book_depth: 500", "config/collector.yaml:5:17: exchanges[0].book_depth: must be one of 50, 200, 1000, the depths of Bybit's orderbook topic; got 500")]
    [InlineData("bybit", "book_continuity: strcit", "config/collector.yaml:5:22: exchanges[0].book_continuity: must be strict or lenient, got `strcit`; did you mean `strict`?")]
    [InlineData("binance", "book_depth: 200", "config/collector.yaml:5:17: exchanges[0].book_depth: binance has no option `book_depth`; its options are trade_stream")]
    [InlineData("okx", "book_continuity: strict", "config/collector.yaml:5:22: exchanges[0].book_continuity: okx has no option `book_continuity` (it has no options at all); remove it")]
    public void A_bad_old_spelling_is_rejected_by_the_exchange_at_the_position_written(string exchange, string line, string expected)
    {
        var result = Load($"""
            exchanges:
              - exchange: {exchange}
                market_type: perpetual
                symbols: [XRP-USDT]
                {line}
            """);

        Assert.False(result.Succeeded);
        Assert.Equal(expected, Assert.Single(result.Errors).ToString());
        Assert.Single(result.Warnings);
    }

    [Fact]
    public void Both_spellings_of_one_option_are_an_error_at_the_old_one()
    {
        var result = Load("""
            exchanges:
              - exchange: binance
                symbols: [BTC-USDT]
                trade_stream: agg_trade
                options: { trade_stream: trade }
            """);

        Assert.False(result.Succeeded);
        Assert.Equal(
            "config/collector.yaml:4:19: exchanges[0].trade_stream: is the deprecated spelling of `options.trade_stream`, which this entry also sets; keep only `options: { trade_stream: ... }`",
            Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void An_old_spelling_set_by_environment_variable_is_warned_about_naming_the_variable()
    {
        var result = Load(
            """
            exchanges:
              - exchange: binance
                symbols: [BTC-USDT]
            """,
            ("MARKETPRISM_EXCHANGES__0__TRADE_STREAM", "agg_trade"));

        Assert.True(result.Succeeded, result.FormatErrors());
        Assert.True(PlannedStreams.ReadsAggregatedTrades(Assert.Single(FeedPlanner.Plan(result.Config))));
        Assert.Equal(
            "MARKETPRISM_EXCHANGES__0__TRADE_STREAM: exchanges[0].trade_stream: is deprecated: write it under the entry's options as `options: { trade_stream: agg_trade }`",
            Assert.Single(result.Warnings).ToString());
    }
}

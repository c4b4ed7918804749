using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Feeds;
using MarketPrism.Exchanges;

namespace MarketPrism.Tests.Collector.Configuration;

/// <summary>
/// A Binance entry's <c>options:</c> (<see cref="MarketPrism.Exchanges.Binance.BinanceOptions"/>) and the Binance rule on
/// <c>books.rest_snapshot_limit</c>.
/// </summary>
public sealed class BinanceOptionsConfigTests
{
    private static ConfigLoadResult Load(string yaml) =>
        new ConfigLoader(VenueCatalog.Exchanges, MarketPrism.Collector.Cli.ConfigSupport.KnownJobs).LoadText(yaml, "config/collector.yaml", new Dictionary<string, string?>());

    [Theory]
    [InlineData("", "btcusdt@trade")]
    [InlineData("options: { trade_stream: trade }", "btcusdt@trade")]
    [InlineData("options: { trade_stream: agg_trade }", "btcusdt@aggTrade")]
    public void A_binance_entry_subscribes_the_trade_stream_it_names(string options, string stream)
    {
        var result = Load($"""
            exchanges:
              - exchange: binance
                symbols: [BTC-USDT]
                data_types: [trade]
                {options}
            """);

        Assert.True(result.Succeeded, result.FormatErrors());
        Assert.Empty(result.Warnings);
        var feed = Assert.Single(FeedPlanner.Plan(result.Config));
        var streams = feed.Venue.GetStreams(feed.Instruments[0], feed.DataTypes);
        Assert.Equal(stream, Assert.Single(streams).Name);
    }

    [Theory]
    [InlineData("{ trade_stream: aggTrade }", "config/collector.yaml:4:30: exchanges[0].options.trade_stream: must be trade or agg_trade, got `aggTrade`; did you mean `agg_trade`?")]
    [InlineData("{ trade_streams: agg_trade }", "config/collector.yaml:4:31: exchanges[0].options.trade_streams: binance has no option `trade_streams`; its options are trade_stream; did you mean `trade_stream`?")]
    [InlineData("{ book_depth: 200 }", "config/collector.yaml:4:28: exchanges[0].options.book_depth: binance has no option `book_depth`; its options are trade_stream")]
    [InlineData("[trade_stream]", "config/collector.yaml:4:14: exchanges[0].options: expected a mapping of names to entries, got a list")]
    public void A_value_or_key_binance_does_not_have_is_rejected_at_its_position(string options, string expected)
    {
        var result = Load($"""
            exchanges:
              - exchange: binance
                symbols: [BTC-USDT]
                options: {options}
            """);

        Assert.False(result.Succeeded);
        Assert.Equal(expected, Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Rest_snapshot_limit_outside_the_futures_set_is_rejected_when_a_perpetual_entry_is_collected()
    {
        var result = Load("""
            exchanges:
              - exchange: binance
                symbols: [BTC-USDT]
              - exchange: binance
                market_type: perpetual
                symbols: [ETH-USDT]
            books:
              rest_snapshot_limit: 2000
            """);

        Assert.False(result.Succeeded);
        Assert.Equal("config/collector.yaml:8:24: books.rest_snapshot_limit: must be one of 5, 10, 20, 50, 100, 500, 1000 because exchanges[1] collects Binance futures, whose /depth accepts only those; got 2000", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Rest_snapshot_limit_outside_the_futures_set_is_valid_when_the_perpetual_entry_is_disabled()
    {
        var result = Load("""
            exchanges:
              - exchange: binance
                symbols: [BTC-USDT]
              - exchange: binance
                market_type: perpetual
                enabled: false
                symbols: [ETH-USDT]
            books:
              rest_snapshot_limit: 2000
            """);

        Assert.True(result.Succeeded, result.FormatErrors());
    }
}

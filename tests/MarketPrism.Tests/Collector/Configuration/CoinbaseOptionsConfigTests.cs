using MarketPrism.Collector.Configuration;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges;
using MarketPrism.Exchanges.Coinbase;

namespace MarketPrism.Tests.Collector.Configuration;

/// <summary>
/// A Coinbase entry's <c>options:</c> (<see cref="CoinbaseOptions"/>): which public API it collects from, bound and
/// checked like every key, with the error at the value's position.
/// </summary>
public sealed class CoinbaseOptionsConfigTests
{
    private static ConfigLoadResult Load(string yaml) =>
        new ConfigLoader(VenueCatalog.Exchanges, MarketPrism.Collector.Cli.ConfigSupport.KnownJobs).LoadText(yaml, "config/collector.yaml", new Dictionary<string, string?>());

    [Theory]
    [InlineData("spot", "BTC-USD", "", CoinbaseApi.Exchange)]
    [InlineData("spot", "BTC-USD", "options: { api: exchange }", CoinbaseApi.Exchange)]
    [InlineData("spot", "BTC-USD", "options: { api: advanced_trade }", CoinbaseApi.AdvancedTrade)]
    [InlineData("futures", "BIT-24APR26-CDE", "", CoinbaseApi.AdvancedTrade)]
    [InlineData("futures", "BIT-24APR26-CDE", "options: { api: advanced_trade }", CoinbaseApi.AdvancedTrade)]
    public void A_coinbase_entry_uses_the_api_it_names_or_its_markets_default(string market, string symbol, string options, CoinbaseApi api)
    {
        var result = Load($"""
            exchanges:
              - exchange: coinbase
                market_type: {market}
                symbols: [{symbol}]
                {options}
            """);

        Assert.True(result.Succeeded, result.FormatErrors());
        Assert.Empty(result.Warnings);
        var entry = Assert.Single(result.Config.Exchanges);
        var bound = Assert.IsType<CoinbaseOptions>(entry.VenueOptions ?? new CoinbaseOptions());
        Assert.True(WireNames.TryParseMarketType(market, out var marketType));
        Assert.Equal(api, bound.ApiFor(marketType));
    }

    [Theory]
    [InlineData("spot", "BTC-USD", "{ api: exchnage }", "config/collector.yaml:5:21: exchanges[0].options.api: must be exchange or advanced_trade, got `exchnage`; did you mean `exchange`?")]
    [InlineData("spot", "BTC-USD", "{ aip: exchange }", "config/collector.yaml:5:21: exchanges[0].options.aip: coinbase has no option `aip`; its options are api; did you mean `api`?")]
    [InlineData("futures", "BIT-24APR26-CDE", "{ api: exchange }", "config/collector.yaml:5:21: exchanges[0].options.api: Coinbase futures are listed on Advanced Trade only; use advanced_trade (or leave api unset) for a futures entry")]
    public void A_value_coinbase_does_not_have_is_rejected_at_its_position_with_the_choices(string market, string symbol, string options, string expected)
    {
        var result = Load($"""
            exchanges:
              - exchange: coinbase
                market_type: {market}
                symbols: [{symbol}]
                options: {options}
            """);

        Assert.False(result.Succeeded);
        Assert.Equal(expected, Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void A_coinbase_futures_entry_refuses_a_spot_symbol_naming_the_product_id_to_write()
    {
        var result = Load("""
            exchanges:
              - exchange: coinbase
                market_type: futures
                symbols: [BTC-USD]
            """);

        Assert.False(result.Succeeded);
        Assert.Contains("a Coinbase future must be given as its product id, e.g. BIT-24APR26-CDE", result.FormatErrors(), StringComparison.Ordinal);
    }
}

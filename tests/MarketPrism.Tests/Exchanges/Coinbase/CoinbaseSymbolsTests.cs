using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Coinbase;

namespace MarketPrism.Tests.Exchanges.Coinbase;

/// <summary>Coinbase product ids: spot <c>BASE-QUOTE</c>, CDE futures with their expiry, and the <c>-USDC</c> mirror of Advanced Trade.</summary>
public sealed class CoinbaseSymbolsTests
{
    [Theory]
    [InlineData("BIT-24APR26-CDE", "BIT-USD", 2026, 4, 24)]
    [InlineData("BIP-20DEC30-CDE", "BIP-USD", 2030, 12, 20)]
    [InlineData("bit-29feb28-cde", "BIT-USD", 2028, 2, 29)]
    public void A_cde_future_is_a_futures_instrument_quoted_in_usd_with_the_expiry_date_of_its_product_id(string symbol, string normalized, int year, int month, int day)
    {
        Assert.True(CoinbaseSymbols.TryCreateInstrument(symbol, MarketType.Futures, out var instrument, out var error), error);
        Assert.Equal(normalized, instrument.Symbol);
        Assert.Equal(symbol.ToUpperInvariant(), instrument.ExchangeSymbol);
        Assert.Equal(MarketType.Futures, instrument.MarketType);
        Assert.Equal(ContractKind.Linear, instrument.Contract);
        Assert.True(CoinbaseSymbols.TryGetExpiryDate(instrument.ExchangeSymbol, out var expiry));
        Assert.Equal(new DateOnly(year, month, day), expiry);
    }

    [Theory]
    [InlineData("BTC-USD", MarketType.Futures, "'BTC-USD': a Coinbase future must be given as its product id, e.g. BIT-24APR26-CDE.")]
    [InlineData("BIT-24APR26-CDE", MarketType.Spot, "'BIT-24APR26-CDE' is a Coinbase futures product, not spot.")]
    [InlineData("BIT-30FEB26-CDE", MarketType.Futures, "'BIT-30FEB26-CDE' is not a Coinbase product id (expected BASE-QUOTE such as BTC-USD, or a futures product id such as BIT-24APR26-CDE).")]
    [InlineData("BTCUSD", MarketType.Spot, "'BTCUSD' is not a Coinbase product id (expected BASE-QUOTE such as BTC-USD, or a futures product id such as BIT-24APR26-CDE).")]
    [InlineData("BTC-USD", MarketType.Perpetual, "'BTC-USD': Coinbase has no perpetual market in MarketPrism (spot and futures only).")]
    public void A_symbol_of_the_wrong_market_or_shape_is_refused_with_what_to_write(string symbol, MarketType market, string expected)
    {
        Assert.False(CoinbaseSymbols.TryCreateInstrument(symbol, market, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Spot_product_ids_are_the_normalized_symbols_and_round_trip()
    {
        Assert.True(CoinbaseSymbols.TryCreateInstrument(" eth-eur ", MarketType.Spot, out var instrument, out _));
        Assert.Equal(("ETH-EUR", "ETH-EUR", "ETH", "EUR"), (instrument.Symbol, instrument.ExchangeSymbol, instrument.BaseAsset, instrument.QuoteAsset));
        Assert.Equal(instrument, CoinbaseSymbols.Resolve("ETH-EUR", MarketType.Spot));
        Assert.Null(CoinbaseSymbols.Resolve("ETH-EUR", MarketType.Futures));
        Assert.False(CoinbaseSymbols.TryGetExpiryDate("ETH-EUR", out _));
    }

    [Theory]
    [InlineData("BTC-USDC", true)]
    [InlineData("ETH-USDC", true)]
    [InlineData("USDT-USDC", false)]
    [InlineData("EURC-USDC", false)]
    [InlineData("BTC-USD", false)]
    [InlineData("BTC-USDT", false)]
    public void A_usdc_product_is_an_alias_of_its_usd_twin_but_usdt_usdc_and_eurc_usdc(string symbol, bool alias)
    {
        var instrument = CoinbaseSymbols.Resolve(symbol, MarketType.Spot);
        Assert.NotNull(instrument);
        Assert.Equal(alias, CoinbaseSymbols.IsMirroredUsdc(instrument));
        Assert.Equal(!alias, CoinbaseSymbols.TryCreateInstrument(symbol, MarketType.Spot, out _, out _));
    }

    [Fact]
    public void A_usdc_alias_is_refused_on_both_apis_naming_the_usd_product_and_the_products_list_agrees()
    {
        foreach (var api in new[] { CoinbaseApi.Exchange, CoinbaseApi.AdvancedTrade })
        {
            var error = Assert.Throws<ArgumentException>(() => new CoinbaseExchangeVenue(MarketType.Spot, api).CreateInstrument("BTC-USDC"));
            Assert.StartsWith("'BTC-USDC' is an alias of BTC-USD on Coinbase (one book and one tape: the products list gives it \"alias\":\"BTC-USD\"", error.Message, StringComparison.Ordinal);
            Assert.Contains("configure BTC-USD.", error.Message, StringComparison.Ordinal);
        }

        // The real products list: BTC-USDC is listed with "alias":"BTC-USD", BTC-USD with "alias_to":["BTC-USDC"].
        var products = System.Text.Json.JsonDocument.Parse(CoinbaseRecordings.Bytes("coinbase/rest_brokerage-products_SPOT_2026-04-07.json"));
        var usdc = products.RootElement.GetProperty("products").EnumerateArray().Single(product => product.GetProperty("product_id").GetString() == "BTC-USDC");
        Assert.Equal("BTC-USD", usdc.GetProperty("alias").GetString());

        // Frames naming one (older captures: tardis-node's BAT-USDC snapshot of 2019) still resolve.
        Assert.Equal("BAT-USDC", CoinbaseSymbols.Resolve("BAT-USDC", MarketType.Spot)!.Symbol);
    }
}

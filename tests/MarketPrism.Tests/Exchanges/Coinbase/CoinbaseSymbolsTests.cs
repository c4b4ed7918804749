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
    public void Advanced_trade_sends_usd_data_for_usdc_products_but_usdt_usdc_and_eurc_usdc(string symbol, bool mirrored)
    {
        Assert.True(CoinbaseSymbols.TryCreateInstrument(symbol, MarketType.Spot, out var instrument, out _));
        Assert.Equal(mirrored, CoinbaseSymbols.IsMirroredUsdc(instrument));
    }

    [Fact]
    public void An_advanced_trade_entry_refuses_a_mirrored_usdc_product_naming_the_usd_one_and_the_exchange_feed_takes_it()
    {
        var advancedTrade = new CoinbaseExchangeVenue(MarketType.Spot, CoinbaseApi.AdvancedTrade);
        var error = Assert.Throws<ArgumentException>(() => advancedTrade.CreateInstrument("BTC-USDC"));
        Assert.StartsWith("'BTC-USDC': Coinbase Advanced Trade's public channels send the data of BTC-USD for BTC-USDC (only USDT-USDC and EURC-USDC have their own); configure BTC-USD.", error.Message, StringComparison.Ordinal);
        Assert.Equal("USDT-USDC", advancedTrade.CreateInstrument("USDT-USDC").Symbol);

        var exchange = new CoinbaseExchangeVenue(MarketType.Spot, CoinbaseApi.Exchange);
        Assert.Equal("BTC-USDC", exchange.CreateInstrument("BTC-USDC").Symbol);
    }
}

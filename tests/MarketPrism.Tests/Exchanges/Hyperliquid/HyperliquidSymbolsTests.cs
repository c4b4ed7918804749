using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Hyperliquid;

namespace MarketPrism.Tests.Exchanges.Hyperliquid;

/// <summary>Hyperliquid's coins as normalized symbols: main-dex perpetuals, the 1000-unit <c>k</c> coins and HIP-3 <c>dex:COIN</c>.</summary>
public sealed class HyperliquidSymbolsTests
{
    [Theory]
    [InlineData("BTC-USD", "BTC", "BTC", "BTC-USD")]
    [InlineData("BTC", "BTC", "BTC", "BTC-USD")]
    [InlineData("btc-usd", "BTC", "BTC", "BTC-USD")]
    [InlineData("1000PEPE-USD", "kPEPE", "1000PEPE", "1000PEPE-USD")]
    [InlineData("kPEPE", "kPEPE", "1000PEPE", "1000PEPE-USD")]
    [InlineData("flx:CRCL-USD", "flx:CRCL", "flx:CRCL", "flx:CRCL-USD")]
    [InlineData("FLX:crcl-usd", "flx:CRCL", "flx:CRCL", "flx:CRCL-USD")]
    [InlineData("xyz:XYZ100", "xyz:XYZ100", "xyz:XYZ100", "xyz:XYZ100-USD")]
    public void A_configured_symbol_names_its_coin_and_normalizes_with_the_unit_and_dex_kept(string configured, string coin, string baseAsset, string normalized)
    {
        Assert.True(HyperliquidSymbols.TryCreateInstrument(configured, MarketType.Perpetual, out var instrument, out var error), error);
        Assert.Equal((coin, baseAsset, "USD", normalized, ContractKind.Linear), (instrument.ExchangeSymbol, instrument.BaseAsset, instrument.QuoteAsset, instrument.Symbol, instrument.Contract));
    }

    [Theory]
    [InlineData("@107")]
    [InlineData("PURR/USDC")]
    [InlineData("BTC-USDT")]
    [InlineData("XYZ:ABC")]
    [InlineData(":BTC")]
    [InlineData("")]
    public void A_spot_pair_another_quote_or_a_malformed_coin_is_refused_with_the_reason(string configured)
    {
        Assert.False(HyperliquidSymbols.TryCreateInstrument(configured, MarketType.Perpetual, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Spot_is_not_a_hyperliquid_market_yet()
    {
        Assert.False(HyperliquidSymbols.TryCreateInstrument("PURR-USDC", MarketType.Spot, out _, out var error));
        Assert.Contains("spotMeta", error, StringComparison.Ordinal);
        Assert.Null(HyperliquidSymbols.Resolve("PURR/USDC", MarketType.Perpetual));
        Assert.Null(HyperliquidSymbols.Resolve("@107", MarketType.Perpetual));
    }

    [Fact]
    public void Coins_that_differ_only_by_case_stay_two_instruments_in_the_table()
    {
        var table = HyperliquidSymbols.CreateTable(MarketType.Perpetual, [HyperliquidSymbols.Resolve("kPEPE", MarketType.Perpetual)!]);

        Assert.True(table.TryGet("kPEPE"u8, out var thousand));
        Assert.True(table.TryGet("KPEPE"u8, out var other));
        Assert.Equal("1000PEPE-USD", thousand.Symbol);
        Assert.Equal("KPEPE-USD", other.Symbol);
        Assert.NotSame(thousand, other);
        Assert.True(table.TryGet("flx:CRCL"u8, out var hip3));
        Assert.Equal("flx:CRCL-USD", hip3.Symbol);
    }
}

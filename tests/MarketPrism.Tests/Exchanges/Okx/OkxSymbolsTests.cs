using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Okx;

namespace MarketPrism.Tests.Exchanges.Okx;

public sealed class OkxSymbolsTests
{
    public static TheoryData<string, MarketType, string, string, ContractKind> ConfiguredSymbols => new()
    {
        { "BTC-USDT", MarketType.Spot, "BTC-USDT", "BTC-USDT", ContractKind.None },
        { "btc-usdt", MarketType.Spot, "BTC-USDT", "BTC-USDT", ContractKind.None },
        { "BTC-USDT", MarketType.Perpetual, "BTC-USDT-SWAP", "BTC-USDT", ContractKind.Linear },
        { "BTC-USD", MarketType.Perpetual, "BTC-USD-SWAP", "BTC-USD", ContractKind.Inverse },
        { "ETH-USDC", MarketType.Perpetual, "ETH-USDC-SWAP", "ETH-USDC", ContractKind.Linear },
        { "UNI-USD-SWAP", MarketType.Perpetual, "UNI-USD-SWAP", "UNI-USD", ContractKind.Inverse },
        { "BTC-USD-220527", MarketType.Futures, "BTC-USD-220527", "BTC-USD", ContractKind.Inverse },
        { "FIL-USDT-220325", MarketType.Futures, "FIL-USDT-220325", "FIL-USDT", ContractKind.Linear },
    };

    [Theory]
    [MemberData(nameof(ConfiguredSymbols))]
    public void Configured_symbols_map_to_okx_instrument_ids(string symbol, MarketType market, string instId, string normalized, ContractKind contract)
    {
        Assert.True(OkxSymbols.TryCreateInstrument(symbol, market, out var instrument, out var error), error);

        Assert.Equal(("okx", market, instId, normalized, contract), (instrument.Exchange, instrument.MarketType, instrument.ExchangeSymbol, instrument.Symbol, instrument.Contract));
    }

    public static TheoryData<string, MarketType, string> RejectedSymbols => new()
    {
        { "BTC-USD", MarketType.Futures, "'BTC-USD': an OKX dated future must be given as its instrument id, e.g. BTC-USD-250926." },
        { "BTC-USDT-SWAP", MarketType.Spot, "'BTC-USDT-SWAP' is an OKX perpetual instrument, not spot." },
        { "BTC-USD-220527", MarketType.Perpetual, "'BTC-USD-220527' is an OKX futures instrument, not perpetual." },
        { "BTCUSDT", MarketType.Spot, "'BTCUSDT' is not an OKX symbol (expected BASE-QUOTE such as BTC-USDT, or an OKX instrument id such as BTC-USDT-SWAP)." },
        { "BTC-USD-221340", MarketType.Futures, "'BTC-USD-221340' is not an OKX symbol (expected BASE-QUOTE such as BTC-USDT, or an OKX instrument id such as BTC-USDT-SWAP)." },
        { "BTC-USD", MarketType.Option, "'BTC-USD': OKX options are not supported." },
    };

    [Theory]
    [MemberData(nameof(RejectedSymbols))]
    public void Symbols_that_do_not_name_an_instrument_of_the_market_are_rejected_with_the_reason(string symbol, MarketType market, string reason)
    {
        Assert.False(OkxSymbols.TryCreateInstrument(symbol, market, out _, out var error));
        Assert.Equal(reason, error);
    }

    [Fact]
    public void Instrument_ids_name_their_own_market()
    {
        Assert.Equal(MarketType.Spot, OkxSymbols.MarketOf("BTC-USDT"));
        Assert.Equal(MarketType.Perpetual, OkxSymbols.MarketOf("BTC-USDT-SWAP"));
        Assert.Equal(MarketType.Futures, OkxSymbols.MarketOf("BTC-USD-220527"));
        Assert.Equal(MarketType.Option, OkxSymbols.MarketOf("BTC-USD-220527-30000-C"));
        Assert.Null(OkxSymbols.MarketOf("BTC-USDT-XYZ"));
        Assert.Null(OkxSymbols.MarketOf("btc-usdt"));
        Assert.Null(OkxSymbols.MarketOf("BTC--USDT"));
    }

    [Fact]
    public void Resolving_an_id_of_another_market_gives_nothing()
    {
        Assert.Null(OkxSymbols.Resolve("BTC-USDT", MarketType.Perpetual));
        Assert.Null(OkxSymbols.Resolve("BTC-USDT-SWAP", MarketType.Spot));
        Assert.Null(OkxSymbols.Resolve("BTC-USD-220527-30000-C", MarketType.Option));
        Assert.NotNull(OkxSymbols.Resolve("BTC-USDT-SWAP", MarketType.Perpetual));
    }
}

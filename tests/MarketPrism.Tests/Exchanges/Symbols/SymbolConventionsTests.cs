using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Symbols;

namespace MarketPrism.Tests.Exchanges.Symbols;

/// <summary>The same market gets the same normalized symbol on every venue; each row is one venue's spelling.</summary>
public sealed class SymbolConventionsTests
{
    public static TheoryData<string, string, MarketType, string, ContractKind> SameMarketEverywhere => new()
    {
        { "binance", "BTCUSDT", MarketType.Spot, "BTC-USDT", ContractKind.None },
        { "binance", "BTCUSDT", MarketType.Perpetual, "BTC-USDT", ContractKind.Linear },
        { "binance", "BTCUSD_PERP", MarketType.Perpetual, "BTC-USD", ContractKind.Inverse },
        { "binance", "ETHUSDT_250926", MarketType.Futures, "ETH-USDT", ContractKind.Linear },
        { "bybit", "BTCUSDT", MarketType.Spot, "BTC-USDT", ContractKind.None },
        { "bybit", "BTCUSDT", MarketType.Perpetual, "BTC-USDT", ContractKind.Linear },
        { "bybit", "BTCPERP", MarketType.Perpetual, "BTC-USDC", ContractKind.Linear },
        { "bybit", "BTCUSD", MarketType.Perpetual, "BTC-USD", ContractKind.Inverse },
        { "bybit", "ETHUSDT-27DEC24", MarketType.Futures, "ETH-USDT", ContractKind.Linear },
        { "bybit", "BTC-27DEC24", MarketType.Futures, "BTC-USDC", ContractKind.Linear },
        { "bybit", "BTCUSDH25", MarketType.Futures, "BTC-USD", ContractKind.Inverse },
        { "okx", "BTC-USDT", MarketType.Spot, "BTC-USDT", ContractKind.None },
        { "okx", "BTC-USDT-SWAP", MarketType.Perpetual, "BTC-USDT", ContractKind.Linear },
        { "okx", "BTC-USD-SWAP", MarketType.Perpetual, "BTC-USD", ContractKind.Inverse },
        { "okx", "BTC-USD-220527", MarketType.Futures, "BTC-USD", ContractKind.Inverse },
        { "okx", "ETH-USDT-250926", MarketType.Futures, "ETH-USDT", ContractKind.Linear },
        { "deribit", "BTC-PERPETUAL", MarketType.Perpetual, "BTC-USD", ContractKind.Inverse },
        { "deribit", "BTC_USDC-PERPETUAL", MarketType.Perpetual, "BTC-USDC", ContractKind.Linear },
        { "deribit", "BTC-24DEC21", MarketType.Futures, "BTC-USD", ContractKind.Inverse },
        { "deribit", "BTC-30JUL21-40000-C", MarketType.Option, "BTC-USD", ContractKind.Inverse },
        { "deribit", "SOL_USDC-27DEC24-250-P", MarketType.Option, "SOL-USDC", ContractKind.Linear },
    };

    [Theory]
    [MemberData(nameof(SameMarketEverywhere))]
    public void Exchange_symbols_normalize_to_base_quote_with_the_kind_on_the_instrument(
        string exchange, string exchangeSymbol, MarketType market, string symbol, ContractKind contract)
    {
        var instrument = SymbolConventions.Resolve(exchange, exchangeSymbol, market);

        Assert.NotNull(instrument);
        Assert.Equal(symbol, instrument.Symbol);
        Assert.Equal(exchangeSymbol, instrument.ExchangeSymbol);
        Assert.Equal(market, instrument.MarketType);
        Assert.Equal(contract, instrument.Contract);
    }

    [Fact]
    public void Every_venue_in_the_catalog_has_a_symbol_convention()
    {
        foreach (var exchange in MarketPrism.Exchanges.VenueCatalog.Exchanges)
        {
            Assert.True(SymbolConventions.TryGet(exchange, out _), exchange);
        }
    }
}

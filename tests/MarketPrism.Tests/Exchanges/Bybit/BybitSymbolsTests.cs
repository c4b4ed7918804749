using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Bybit;

namespace MarketPrism.Tests.Exchanges.Bybit;

public sealed class BybitSymbolsTests
{
    [Theory]
    [InlineData("BTCUSDT", MarketType.Spot, MarketType.Spot, "BTC", "USDT", ContractKind.None)]
    [InlineData("ETHBTC", MarketType.Spot, MarketType.Spot, "ETH", "BTC", ContractKind.None)]
    [InlineData("USDCUSDT", MarketType.Spot, MarketType.Spot, "USDC", "USDT", ContractKind.None)]
    [InlineData("BTCEUR", MarketType.Spot, MarketType.Spot, "BTC", "EUR", ContractKind.None)]
    [InlineData("BTCUSDT", MarketType.Perpetual, MarketType.Perpetual, "BTC", "USDT", ContractKind.Linear)]
    [InlineData("1000PEPEUSDT", MarketType.Perpetual, MarketType.Perpetual, "1000PEPE", "USDT", ContractKind.Linear)]
    [InlineData("BTCPERP", MarketType.Perpetual, MarketType.Perpetual, "BTC", "USDC", ContractKind.Linear)]
    [InlineData("ETHUSDC", MarketType.Perpetual, MarketType.Perpetual, "ETH", "USDC", ContractKind.Linear)]
    [InlineData("BTCUSD", MarketType.Perpetual, MarketType.Perpetual, "BTC", "USD", ContractKind.Inverse)]
    [InlineData("BTCUSDT-27DEC24", MarketType.Perpetual, MarketType.Futures, "BTC", "USDT", ContractKind.Linear)]
    [InlineData("BTC-27DEC24", MarketType.Perpetual, MarketType.Futures, "BTC", "USDC", ContractKind.Linear)]
    [InlineData("ETH-3JAN25", MarketType.Futures, MarketType.Futures, "ETH", "USDC", ContractKind.Linear)]
    [InlineData("BTCUSDH25", MarketType.Perpetual, MarketType.Futures, "BTC", "USD", ContractKind.Inverse)]
    [InlineData("BTCUSDU23", MarketType.Perpetual, MarketType.Futures, "BTC", "USD", ContractKind.Inverse)]
    public void Exchange_symbols_resolve_by_their_shape(string symbol, MarketType market, MarketType resolved, string baseAsset, string quoteAsset, ContractKind contract)
    {
        var instrument = BybitSymbols.Resolve(symbol, market);

        Assert.NotNull(instrument);
        Assert.Equal(("bybit", resolved, baseAsset, quoteAsset, contract, symbol), (instrument.Exchange, instrument.MarketType, instrument.BaseAsset, instrument.QuoteAsset, instrument.Contract, instrument.ExchangeSymbol));
    }

    [Theory]
    [InlineData("BTC-27DEC24-60000-C", MarketType.Perpetual)]
    [InlineData("BTC-32DEC24", MarketType.Perpetual)]
    [InlineData("BTC-27DUC24", MarketType.Perpetual)]
    [InlineData("BTCXYZ", MarketType.Perpetual)]
    [InlineData("btcusdt", MarketType.Spot)]
    [InlineData("BTC-USDT", MarketType.Spot)]
    [InlineData("SOLUSDT_SOL/USDT", MarketType.Spot)]
    [InlineData("", MarketType.Spot)]
    [InlineData("BTCUSDT", MarketType.Option)]
    public void Symbols_that_are_no_spot_pair_or_contract_do_not_resolve(string symbol, MarketType market)
    {
        Assert.Null(BybitSymbols.Resolve(symbol, market));
    }

    [Theory]
    [InlineData("BTC-USDT", MarketType.Spot, "BTCUSDT", ContractKind.None)]
    [InlineData("eth-btc", MarketType.Spot, "ETHBTC", ContractKind.None)]
    [InlineData("BTC-USDT", MarketType.Perpetual, "BTCUSDT", ContractKind.Linear)]
    [InlineData("BTC-USDC", MarketType.Perpetual, "BTCPERP", ContractKind.Linear)]
    [InlineData("BTC-USD", MarketType.Perpetual, "BTCUSD", ContractKind.Inverse)]
    [InlineData("XRPUSDT", MarketType.Perpetual, "XRPUSDT", ContractKind.Linear)]
    [InlineData("BTCUSDT-27DEC24", MarketType.Futures, "BTCUSDT-27DEC24", ContractKind.Linear)]
    [InlineData("BTC-27DEC24", MarketType.Futures, "BTC-27DEC24", ContractKind.Linear)]
    public void Configured_symbols_map_to_the_exchange_spelling(string symbol, MarketType market, string exchangeSymbol, ContractKind contract)
    {
        Assert.True(BybitSymbols.TryCreateInstrument(symbol, market, out var instrument, out var error), error);
        Assert.Equal((exchangeSymbol, market, contract), (instrument.ExchangeSymbol, instrument.MarketType, instrument.Contract));
    }

    [Theory]
    [InlineData("BTC-EUR", MarketType.Perpetual, "'BTC-EUR': Bybit perpetuals are quoted in USDT or USDC (linear) or USD (inverse).")]
    [InlineData("BTC-USDT", MarketType.Futures, "'BTC-USDT': a Bybit dated contract must be given as its exchange symbol, e.g. BTCUSDT-27DEC24, BTC-27DEC24 or BTCUSDH25.")]
    [InlineData("BTCUSDT-27DEC24", MarketType.Perpetual, "'BTCUSDT-27DEC24' is a Bybit dated contract, not a perpetual symbol.")]
    [InlineData("BTC-USDT", MarketType.Option, "'BTC-USDT': Bybit options are not supported.")]
    [InlineData("BTCUSDT", MarketType.Futures, "'BTCUSDT': a Bybit dated contract must be given as its exchange symbol, e.g. BTCUSDT-27DEC24, BTC-27DEC24 or BTCUSDH25.")]
    public void Configured_symbols_bybit_cannot_collect_are_rejected_with_the_reason(string symbol, MarketType market, string expected)
    {
        Assert.False(BybitSymbols.TryCreateInstrument(symbol, market, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("BTCUSDT", MarketType.Spot, BybitCategory.Spot)]
    [InlineData("BTCUSDT", MarketType.Perpetual, BybitCategory.Linear)]
    [InlineData("BTC-27DEC24", MarketType.Perpetual, BybitCategory.Linear)]
    [InlineData("BTCUSD", MarketType.Perpetual, BybitCategory.Inverse)]
    [InlineData("BTCUSDH25", MarketType.Perpetual, BybitCategory.Inverse)]
    public void The_category_follows_market_and_contract(string symbol, MarketType market, BybitCategory category)
    {
        Assert.Equal(category, BybitSymbols.CategoryOf(BybitSymbols.Resolve(symbol, market)!));
    }
}

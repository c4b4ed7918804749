using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Deribit;

namespace MarketPrism.Tests.Exchanges.Deribit;

public sealed class DeribitSymbolsTests
{
    [Theory]
    [InlineData("BTC-PERPETUAL", MarketType.Perpetual, "BTC-USD", "BTC-PERPETUAL", ContractKind.Inverse)]
    [InlineData("BTC_USDC-PERPETUAL", MarketType.Perpetual, "BTC-USDC", "BTC_USDC-PERPETUAL", ContractKind.Linear)]
    [InlineData("BTC-24DEC21", MarketType.Futures, "BTC-USD", "BTC-24DEC21", ContractKind.Inverse)]
    [InlineData("BTC-5JUN20", MarketType.Futures, "BTC-USD", "BTC-5JUN20", ContractKind.Inverse)]
    [InlineData("BTC-30JUL21-40000-C", MarketType.Option, "BTC-USD", "BTC-30JUL21-40000-C", ContractKind.Inverse)]
    [InlineData("ETH-27AUG21-4000-P", MarketType.Option, "ETH-USD", "ETH-27AUG21-4000-P", ContractKind.Inverse)]
    [InlineData("MATIC_USDC-9MAR24-1D02-C", MarketType.Option, "MATIC-USDC", "MATIC_USDC-9MAR24-1d02-C", ContractKind.Linear)]
    [InlineData("BTC_USD", MarketType.Option, "BTC-USD", "btc_usd", ContractKind.Inverse)]
    [InlineData("eth_usdc", MarketType.Option, "ETH-USDC", "eth_usdc", ContractKind.Linear)]
    public void Deribit_names_resolve_to_base_quote_and_their_own_market_in_canonical_spelling(
        string name, MarketType market, string symbol, string exchangeSymbol, ContractKind contract)
    {
        // Frames are looked up upper-cased, so the resolver restores Deribit's spelling (strike "d", index names).
        var instrument = DeribitSymbols.Resolve(name, MarketType.Perpetual);

        Assert.NotNull(instrument);
        Assert.Equal((market, symbol, exchangeSymbol, contract), (instrument.MarketType, instrument.Symbol, instrument.ExchangeSymbol, instrument.Contract));
        Assert.Equal("deribit", instrument.Exchange);
    }

    [Theory]
    [InlineData("BTC-FS-30SEP22_PERP")]
    [InlineData("BTC-STRD-30SEP22-20000")]
    [InlineData("BTC-CSR12-16SEP22-21000_23000")]
    [InlineData("BTC-32DEC21")]
    [InlineData("BTC-24DEX21")]
    [InlineData("BTC-24DEC21-40000-X")]
    [InlineData("BTC-24DEC21-d5-C")]
    [InlineData("BTC")]
    [InlineData("BTC-USD")]
    [InlineData("")]
    public void Combos_and_malformed_names_are_not_normalized(string name) =>
        Assert.Null(DeribitSymbols.Resolve(name, MarketType.Option));

    [Theory]
    [InlineData("BTC-USD", MarketType.Perpetual, "BTC-PERPETUAL")]
    [InlineData("btc-usd", MarketType.Perpetual, "BTC-PERPETUAL")]
    [InlineData("ETH-USDC", MarketType.Perpetual, "ETH_USDC-PERPETUAL")]
    [InlineData("BTC-PERPETUAL", MarketType.Perpetual, "BTC-PERPETUAL")]
    [InlineData("BTC-27DEC24", MarketType.Futures, "BTC-27DEC24")]
    [InlineData("BTC-27DEC24-100000-C", MarketType.Option, "BTC-27DEC24-100000-C")]
    [InlineData("BTC-USD", MarketType.Option, "btc_usd")]
    [InlineData("ETH-USDC", MarketType.Option, "eth_usdc")]
    public void Configured_symbols_map_to_the_deribit_instrument(string symbol, MarketType market, string exchangeSymbol) =>
        Assert.Equal(exchangeSymbol, DeribitSymbols.ToExchangeSymbol(symbol, market));

    [Theory]
    [InlineData("BTC-USD", MarketType.Futures, "'BTC-USD': a Deribit future must be given as its instrument name, e.g. BTC-27DEC24.")]
    [InlineData("BTC-USDT", MarketType.Spot, "'BTC-USDT': Deribit spot is not supported; Deribit markets are perpetual, futures and option.")]
    [InlineData("BTC-PERPETUAL", MarketType.Futures, "'BTC-PERPETUAL' is a perpetual instrument on Deribit, not a futures one.")]
    [InlineData("BTC-27DEC24-100000-C", MarketType.Perpetual, "'BTC-27DEC24-100000-C' is an option instrument on Deribit, not a perpetual one.")]
    [InlineData("btc_usd", MarketType.Perpetual, "'btc_usd' is an index (the option market's volatility index) on Deribit, not a perpetual one.")]
    [InlineData("BTC/USD", MarketType.Perpetual, "'BTC/USD' is neither a Deribit instrument name (BTC-PERPETUAL, BTC_USDC-PERPETUAL, BTC-27DEC24, BTC-27DEC24-100000-C) nor BASE-QUOTE.")]
    public void Symbols_that_name_no_instrument_of_the_market_are_rejected_with_the_reason(string symbol, MarketType market, string error)
    {
        Assert.False(DeribitSymbols.TryCreateInstrument(symbol, market, out var instrument, out var reason));
        Assert.Null(instrument);
        Assert.Equal(error, reason);
    }

    [Fact]
    public void The_instrument_table_finds_configured_and_unseen_instruments_by_the_bytes_of_a_frame()
    {
        var configured = DeribitSymbols.Resolve("MATIC_USDC-9MAR24-1d02-C", MarketType.Option)!;
        var table = DeribitSymbols.CreateTable(MarketType.Option, [configured]);

        Assert.True(table.TryGet("MATIC_USDC-9MAR24-1d02-C"u8, out var found));
        Assert.Same(configured, found);
        Assert.True(table.TryGet("btc_usd"u8, out var index));
        Assert.Same(index, table.TryGet("btc_usd"u8, out var again) ? again : null);
        Assert.True(DeribitSymbols.IsIndex(index));
        Assert.False(DeribitSymbols.IsIndex(configured));
    }
}

using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Binance;

namespace MarketPrism.Tests.Exchanges.Binance;

public sealed class BinanceSymbolsTests
{
    [Theory]
    // Every spot symbol in the recordings.
    [InlineData("NKNUSDT", "NKN", "USDT")]
    [InlineData("BLZETH", "BLZ", "ETH")]
    [InlineData("LRCBTC", "LRC", "BTC")]
    [InlineData("RUNEEUR", "RUNE", "EUR")]
    [InlineData("BNBBTC", "BNB", "BTC")]
    [InlineData("BTCUSDT", "BTC", "USDT")]
    [InlineData("DOGEBNB", "DOGE", "BNB")]
    [InlineData("BTCUSDC", "BTC", "USDC")]
    [InlineData("GNTBTC", "GNT", "BTC")]
    // The longest quote suffix wins.
    [InlineData("BTCFDUSD", "BTC", "FDUSD")]
    [InlineData("BTCTUSD", "BTC", "TUSD")]
    [InlineData("ETHBUSD", "ETH", "BUSD")]
    [InlineData("USDTTRY", "USDT", "TRY")]
    [InlineData("BTCBRL", "BTC", "BRL")]
    [InlineData("PAXGUSDT", "PAXG", "USDT")]
    [InlineData("WBTCBTC", "WBTC", "BTC")]
    [InlineData("SHIBDOGE", "SHIB", "DOGE")]
    public void Spot_symbols_split_at_the_longest_known_quote_asset(string exchangeSymbol, string baseAsset, string quoteAsset)
    {
        var instrument = BinanceSymbols.Resolve(exchangeSymbol, MarketType.Spot);

        Assert.NotNull(instrument);
        Assert.Equal("binance", instrument.Exchange);
        Assert.Equal(MarketType.Spot, instrument.MarketType);
        Assert.Equal(baseAsset, instrument.BaseAsset);
        Assert.Equal(quoteAsset, instrument.QuoteAsset);
        Assert.Equal($"{baseAsset}-{quoteAsset}", instrument.Symbol);
        Assert.Equal(exchangeSymbol, instrument.ExchangeSymbol);
        Assert.Equal(ContractKind.None, instrument.Contract);
    }

    [Theory]
    // USD-M perpetuals in the recordings.
    [InlineData("SUSHIUSDT", MarketType.Perpetual, "SUSHI-USDT", ContractKind.Linear)]
    [InlineData("AKROUSDT", MarketType.Perpetual, "AKRO-USDT", ContractKind.Linear)]
    [InlineData("KEEPUSDT", MarketType.Perpetual, "KEEP-USDT", ContractKind.Linear)]
    [InlineData("CTKUSDT", MarketType.Perpetual, "CTK-USDT", ContractKind.Linear)]
    [InlineData("ETHUSDT", MarketType.Perpetual, "ETH-USDT", ContractKind.Linear)]
    [InlineData("1000SHIBUSDT", MarketType.Perpetual, "1000SHIB-USDT", ContractKind.Linear)]
    [InlineData("BTCUSDC", MarketType.Perpetual, "BTC-USDC", ContractKind.Linear)]
    // USD-M dated contracts.
    [InlineData("BTCBUSD_210129", MarketType.Futures, "BTC-BUSD", ContractKind.Linear)]
    [InlineData("BTCUSDT_210924", MarketType.Futures, "BTC-USDT", ContractKind.Linear)]
    // COIN-M, all in the recordings.
    [InlineData("BCHUSD_PERP", MarketType.Perpetual, "BCH-USD", ContractKind.Inverse)]
    [InlineData("LINKUSD_PERP", MarketType.Perpetual, "LINK-USD", ContractKind.Inverse)]
    [InlineData("BCHUSD_210924", MarketType.Futures, "BCH-USD", ContractKind.Inverse)]
    [InlineData("BTCUSD_211231", MarketType.Futures, "BTC-USD", ContractKind.Inverse)]
    [InlineData("LINKUSD_211231", MarketType.Futures, "LINK-USD", ContractKind.Inverse)]
    public void Contract_symbols_resolve_by_their_shape(string exchangeSymbol, MarketType market, string symbol, ContractKind contract)
    {
        var instrument = BinanceSymbols.Resolve(exchangeSymbol, MarketType.Perpetual);

        Assert.NotNull(instrument);
        Assert.Equal(market, instrument.MarketType);
        Assert.Equal(symbol, instrument.Symbol);
        Assert.Equal(exchangeSymbol, instrument.ExchangeSymbol);
        Assert.Equal(contract, instrument.Contract);
    }

    [Theory]
    [InlineData("", MarketType.Spot)]
    [InlineData("USDT", MarketType.Spot)]
    [InlineData("QQQQ", MarketType.Spot)]
    [InlineData("BTC-USDT", MarketType.Spot)]
    [InlineData("btcusdt@trade", MarketType.Spot)]
    [InlineData("BTCUSD_PERP", MarketType.Spot)]
    [InlineData("BTCUSD", MarketType.Perpetual)]
    [InlineData("BTCUSDT_PERPETUAL", MarketType.Perpetual)]
    [InlineData("BTCUSDT_211331", MarketType.Perpetual)]
    [InlineData("BTCUSDT_21093", MarketType.Perpetual)]
    [InlineData("QQQQ_PERP", MarketType.Perpetual)]
    [InlineData("BTCUSDT", MarketType.Option)]
    public void Symbols_that_cannot_be_normalized_resolve_to_null(string exchangeSymbol, MarketType market)
    {
        Assert.Null(BinanceSymbols.Resolve(exchangeSymbol, market));
    }

    [Theory]
    [InlineData("BTC-USDT", MarketType.Spot, "BTCUSDT", ContractKind.None)]
    [InlineData("btc-usdt", MarketType.Spot, "BTCUSDT", ContractKind.None)]
    [InlineData("BTC-USDT", MarketType.Perpetual, "BTCUSDT", ContractKind.Linear)]
    [InlineData("BTC-USD", MarketType.Perpetual, "BTCUSD_PERP", ContractKind.Inverse)]
    [InlineData("NKNUSDT", MarketType.Spot, "NKNUSDT", ContractKind.None)]
    [InlineData("BTCUSDT_250926", MarketType.Futures, "BTCUSDT_250926", ContractKind.Linear)]
    [InlineData("BTCUSD_250926", MarketType.Futures, "BTCUSD_250926", ContractKind.Inverse)]
    public void Configured_symbols_map_to_the_exchange_spelling(string symbol, MarketType market, string exchangeSymbol, ContractKind contract)
    {
        Assert.True(BinanceSymbols.TryCreateInstrument(symbol, market, out var instrument, out var error), error);

        Assert.Equal(exchangeSymbol, instrument.ExchangeSymbol);
        Assert.Equal(contract, instrument.Contract);
        Assert.Equal(exchangeSymbol, BinanceSymbols.ToExchangeSymbol(symbol, market));
    }

    [Theory]
    [InlineData("BTC-USDT", MarketType.Futures, "'BTC-USDT': a Binance dated contract must be given as its exchange symbol, e.g. BTCUSDT_250926.")]
    [InlineData("BTC-", MarketType.Spot, "'BTC-' is not BASE-QUOTE.")]
    [InlineData("A-B-C", MarketType.Spot, "'A-B-C' is not BASE-QUOTE.")]
    [InlineData("QQQQ", MarketType.Spot, "'QQQQ' is not a Binance spot symbol (expected BASE-QUOTE such as BTC-USDT, or the exchange's spelling).")]
    [InlineData("BTCUSDT_250926", MarketType.Perpetual, "'BTCUSDT_250926' is not a Binance perpetual symbol (expected BASE-QUOTE such as BTC-USDT, or the exchange's spelling).")]
    [InlineData("BTC-USDT", MarketType.Option, "'BTC-USDT': Binance options are not supported.")]
    public void Configured_symbols_that_cannot_be_mapped_are_rejected_with_the_reason(string symbol, MarketType market, string reason)
    {
        Assert.False(BinanceSymbols.TryCreateInstrument(symbol, market, out var instrument, out var error));

        Assert.Null(instrument);
        Assert.Equal(reason, error);
        Assert.Throws<ArgumentException>(() => BinanceSymbols.ToExchangeSymbol(symbol, market));
    }

    [Fact]
    public void Table_returns_configured_instruments_and_resolves_others_once()
    {
        BinanceSymbols.TryCreateInstrument("BTC-USDT", MarketType.Perpetual, out var configured, out _);
        var table = BinanceSymbols.CreateTable(MarketType.Perpetual, [configured!]);

        Assert.True(table.TryGet("BTCUSDT"u8, out var found));
        Assert.True(table.TryGet("btcusdt"u8, out var foundLower));
        Assert.True(table.TryGet("ETHUSD_PERP"u8, out var resolved));
        Assert.True(table.TryGet("ETHUSD_PERP"u8, out var resolvedAgain));
        Assert.False(table.TryGet("QQQQ"u8, out _));

        Assert.Same(configured, found);
        Assert.Same(configured, foundLower);
        Assert.Same(resolved, resolvedAgain);
        Assert.Equal("ETH-USD", resolved.Symbol);
        Assert.Equal("binance", table.Exchange);
        Assert.Equal(MarketType.Perpetual, table.MarketType);
    }

    [Fact]
    public void Options_have_no_table()
    {
        Assert.Throws<ArgumentException>(() => BinanceSymbols.CreateTable(MarketType.Option, []));
    }

    [Theory]
    [InlineData("BTCUSDT", MarketType.Spot, BinanceVenue.Spot)]
    [InlineData("BTCUSDT", MarketType.Perpetual, BinanceVenue.UsdMargined)]
    [InlineData("BTCUSDT_250926", MarketType.Perpetual, BinanceVenue.UsdMargined)]
    [InlineData("BTCUSD_PERP", MarketType.Perpetual, BinanceVenue.CoinMargined)]
    [InlineData("BTCUSD_250926", MarketType.Perpetual, BinanceVenue.CoinMargined)]
    public void Venue_follows_market_and_contract_kind(string exchangeSymbol, MarketType market, BinanceVenue venue)
    {
        Assert.Equal(venue, BinanceSymbols.VenueOf(BinanceSymbols.Resolve(exchangeSymbol, market)!));
    }
}

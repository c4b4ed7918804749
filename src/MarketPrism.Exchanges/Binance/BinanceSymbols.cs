using System.Diagnostics.CodeAnalysis;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Symbols;

namespace MarketPrism.Exchanges.Binance;

/// <summary>
/// Binance symbol conventions. Spot and USDⓈ-M perpetuals concatenate base and quote (<c>BTCUSDT</c>); dated
/// contracts add the delivery date (<c>BTCUSDT_210924</c>); COIN-M contracts are quoted in USD and end in
/// <c>_PERP</c> or a date (<c>BTCUSD_PERP</c>, <c>BTCUSD_210924</c>). Normalized symbols are always
/// <c>BASE-QUOTE</c>; a dated contract keeps its expiry only in the exchange symbol.
/// </summary>
public static class BinanceSymbols
{
    /// <summary>The exchange name every Binance instrument carries.</summary>
    public const string Exchange = "binance";

    private const string CoinMarginedQuote = "USD";
    private const string PerpetualSuffix = "PERP";

    /// <summary>
    /// Quote assets Binance lists, longest first so the longest suffix wins (<c>BTCFDUSD</c> is FDUSD, not USD;
    /// <c>BTCTUSD</c> is TUSD). Covers every symbol in the recorded sessions and the common current quotes.
    /// </summary>
    private static readonly QuoteSuffixes QuoteAssets = new(
    [
        "USDT", "USDC", "FDUSD", "BUSD", "TUSD", "USDP", "USDS", "USD1", "DAI", "PAX", "UST", "VAI", "USD",
        "BTC", "ETH", "BNB", "XRP", "TRX", "DOGE", "DOT", "SOL",
        "EUR", "EURI", "AEUR", "GBP", "AUD", "TRY", "BRL", "RUB", "UAH", "NGN", "ZAR", "PLN", "RON", "ARS", "JPY",
        "MXN", "COP", "CZK", "IDRT", "BIDR", "BKRW", "BVND",
    ]);

    /// <summary>The venue whose hosts, paths and limits apply to <paramref name="instrument"/>.</summary>
    public static BinanceVenue VenueOf(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return instrument.MarketType == MarketType.Spot
            ? BinanceVenue.Spot
            : instrument.Contract == ContractKind.Inverse ? BinanceVenue.CoinMargined : BinanceVenue.UsdMargined;
    }

    /// <summary>
    /// Splits a concatenated pair (<c>NKNUSDT</c>) at the longest known quote-asset suffix that leaves a base.
    /// </summary>
    public static bool TrySplitPair(string pair, [NotNullWhen(true)] out string? baseAsset, [NotNullWhen(true)] out string? quoteAsset)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return QuoteAssets.TrySplit(pair, out baseAsset, out quoteAsset);
    }

    /// <summary>
    /// Builds the instrument for an exchange symbol as it appears in frames (upper case), or null when it cannot be
    /// normalized. <paramref name="market"/> chooses the family: <see cref="MarketType.Spot"/> for spot, anything
    /// else for futures, where the symbol's own shape decides between perpetual and dated, linear and inverse.
    /// </summary>
    public static Instrument? Resolve(string exchangeSymbol, MarketType market)
    {
        ArgumentNullException.ThrowIfNull(exchangeSymbol);
        if (exchangeSymbol.Length == 0 || exchangeSymbol.AsSpan().IndexOfAny(" @/-") >= 0)
        {
            return null;
        }

        return market switch
        {
            MarketType.Spot => ResolveSpot(exchangeSymbol),
            MarketType.Perpetual or MarketType.Futures => ResolveContract(exchangeSymbol),
            _ => null,
        };
    }

    /// <summary>
    /// The instrument for a configured symbol: normalized <c>BASE-QUOTE</c> (<c>BTC-USDT</c>; on a perpetual market
    /// <c>BTC-USD</c> means the COIN-M <c>BTCUSD_PERP</c>), or the exchange's own spelling (<c>BTCUSDT_250926</c>),
    /// which is the only way to name a dated contract.
    /// </summary>
    /// <param name="error">Why the symbol was rejected, for the configuration error message.</param>
    public static bool TryCreateInstrument(
        string symbol,
        MarketType market,
        [NotNullWhen(true)] out Instrument? instrument,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        instrument = null;
        var text = symbol.Trim().ToUpperInvariant();
        if (market == MarketType.Option)
        {
            error = $"'{symbol}': Binance options are not supported.";
            return false;
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            instrument = Resolve(text, market);
            if (instrument is not null && (market == MarketType.Spot || instrument.MarketType == market))
            {
                error = null;
                return true;
            }

            instrument = null;
            error = $"'{symbol}' is not a Binance {market.ToWireName()} symbol (expected BASE-QUOTE such as BTC-USDT, or the exchange's spelling).";
            return false;
        }

        var baseAsset = text[..dash];
        var quoteAsset = text[(dash + 1)..];
        if (baseAsset.Length == 0 || quoteAsset.Length == 0 || quoteAsset.Contains('-', StringComparison.Ordinal))
        {
            error = $"'{symbol}' is not BASE-QUOTE.";
            return false;
        }

        switch (market)
        {
            case MarketType.Spot:
                instrument = new Instrument(Exchange, MarketType.Spot, baseAsset, quoteAsset, baseAsset + quoteAsset);
                break;
            case MarketType.Perpetual when quoteAsset == CoinMarginedQuote:
                instrument = new Instrument(
                    Exchange, MarketType.Perpetual, baseAsset, quoteAsset, $"{baseAsset}{quoteAsset}_{PerpetualSuffix}", ContractKind.Inverse);
                break;
            case MarketType.Perpetual:
                instrument = new Instrument(Exchange, MarketType.Perpetual, baseAsset, quoteAsset, baseAsset + quoteAsset, ContractKind.Linear);
                break;
            default:
                error = $"'{symbol}': a Binance dated contract must be given as its exchange symbol, e.g. {baseAsset}{quoteAsset}_250926.";
                return false;
        }

        error = null;
        return true;
    }

    /// <summary>The exchange symbol of a configured symbol; throws <see cref="ArgumentException"/> for one that cannot be mapped.</summary>
    public static string ToExchangeSymbol(string symbol, MarketType market) =>
        TryCreateInstrument(symbol, market, out var instrument, out var error)
            ? instrument.ExchangeSymbol
            : throw new ArgumentException(error, nameof(symbol));

    /// <summary>
    /// An instrument table for one Binance market, holding <paramref name="configured"/> and resolving any other
    /// symbol seen in frames through <see cref="Resolve"/>.
    /// </summary>
    public static InstrumentTable CreateTable(MarketType market, IEnumerable<Instrument> configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        if (market == MarketType.Option)
        {
            throw new ArgumentException("Binance options are not supported.", nameof(market));
        }

        return InstrumentTables.Create(Exchange, market, Resolve, configured);
    }

    private static Instrument? ResolveSpot(string symbol)
    {
        if (symbol.Contains('_', StringComparison.Ordinal) || !TrySplitPair(symbol, out var baseAsset, out var quoteAsset))
        {
            return null;
        }

        return new Instrument(Exchange, MarketType.Spot, baseAsset, quoteAsset, symbol);
    }

    private static Instrument? ResolveContract(string symbol)
    {
        var underscore = symbol.IndexOf('_', StringComparison.Ordinal);
        var pair = underscore < 0 ? symbol : symbol[..underscore];
        if (!TrySplitPair(pair, out var baseAsset, out var quoteAsset))
        {
            return null;
        }

        var contract = quoteAsset == CoinMarginedQuote ? ContractKind.Inverse : ContractKind.Linear;
        if (underscore < 0)
        {
            // USDⓈ-M perpetuals have no suffix; a bare COIN-M pair (BTCUSD) names an index, not a contract.
            return contract == ContractKind.Linear
                ? new Instrument(Exchange, MarketType.Perpetual, baseAsset, quoteAsset, symbol, ContractKind.Linear)
                : null;
        }

        var suffix = symbol.AsSpan(underscore + 1);
        if (suffix.SequenceEqual(PerpetualSuffix))
        {
            return new Instrument(Exchange, MarketType.Perpetual, baseAsset, quoteAsset, symbol, contract);
        }

        return IsDeliveryDate(suffix)
            ? new Instrument(Exchange, MarketType.Futures, baseAsset, quoteAsset, symbol, contract)
            : null;
    }

    /// <summary>A <c>YYMMDD</c> delivery date, as in <c>BTCUSDT_210924</c>.</summary>
    private static bool IsDeliveryDate(ReadOnlySpan<char> suffix)
    {
        if (suffix.Length != 6)
        {
            return false;
        }

        foreach (var c in suffix)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        var month = ((suffix[2] - '0') * 10) + (suffix[3] - '0');
        var day = ((suffix[4] - '0') * 10) + (suffix[5] - '0');
        return month is >= 1 and <= 12 && day is >= 1 and <= 31;
    }
}

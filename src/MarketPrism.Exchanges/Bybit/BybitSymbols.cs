using System.Diagnostics.CodeAnalysis;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Symbols;

namespace MarketPrism.Exchanges.Bybit;

/// <summary>
/// Bybit v5 symbol conventions (instruments-info, category by category). Spot pairs and USDT perpetuals concatenate
/// base and quote (<c>BTCUSDT</c>); USDC perpetuals end in <c>PERP</c> (<c>BTCPERP</c>, shown as BTC-PERP on the
/// site; newer listings may read <c>BTCUSDC</c>); dated linear contracts add a <c>-DDMMMYY</c> delivery date, after
/// the pair for USDT futures (<c>BTCUSDT-27DEC24</c>) and after the base alone for USDC futures (<c>BTC-27DEC24</c>);
/// inverse contracts are quoted in USD (<c>BTCUSD</c>) and their dated ones end in a month code and year
/// (<c>BTCUSDH25</c>). Normalized symbols are always <c>BASE-QUOTE</c>; the instrument kind is the market type and
/// linear versus inverse is <see cref="Instrument.Contract"/>.
/// </summary>
public static class BybitSymbols
{
    /// <summary>The exchange name every Bybit instrument carries.</summary>
    public const string Exchange = "bybit";

    private const string UsdtQuote = "USDT";
    private const string UsdcQuote = "USDC";
    private const string UsdQuote = "USD";
    private const string UsdcPerpetualSuffix = "PERP";

    /// <summary>Futures month codes of inverse dated contracts (F = January ... Z = December).</summary>
    private const string MonthCodes = "FGHJKMNQUVXZ";

    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

    /// <summary>
    /// Quote coins of Bybit spot pairs, longest first so the longest suffix wins (<c>ETHUSDE</c> is USDE;
    /// <c>BTCUSDT</c> is USDT, never a coin "BTCUS" quoted in DT). Covers the current spot quote list.
    /// </summary>
    private static readonly QuoteSuffixes SpotQuotes = new(
    [
        "USDT", "USDC", "USDE", "USD1", "USDQ", "RLUSD", "FDUSD", "PYUSD", "DAI",
        "BTC", "ETH", "MNT", "SOL", "XRP",
        "EUR", "BRL", "TRY", "PLN", "BRZ", "GBP", "KZT", "UAH", "AED", "ARS", "IDR", "JPY", "MXN",
    ]);

    /// <summary>The category whose endpoint and REST <c>category</c> apply to <paramref name="instrument"/>.</summary>
    public static BybitCategory CategoryOf(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return instrument.MarketType == MarketType.Spot
            ? BybitCategory.Spot
            : instrument.Contract == ContractKind.Inverse ? BybitCategory.Inverse : BybitCategory.Linear;
    }

    /// <summary>The category's name in addresses and REST queries: <c>spot</c>, <c>linear</c>, <c>inverse</c>.</summary>
    public static string ToWireName(this BybitCategory category) => category switch
    {
        BybitCategory.Spot => "spot",
        BybitCategory.Linear => "linear",
        BybitCategory.Inverse => "inverse",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };

    public static bool TryParseCategory(string? name, out BybitCategory category)
    {
        switch (name)
        {
            case "spot":
                category = BybitCategory.Spot;
                return true;
            case "linear":
                category = BybitCategory.Linear;
                return true;
            case "inverse":
                category = BybitCategory.Inverse;
                return true;
            default:
                category = default;
                return false;
        }
    }

    /// <summary>
    /// Builds the instrument for an exchange symbol as it appears in frames (upper case), or null when it cannot be
    /// normalized. <paramref name="market"/> chooses the family: <see cref="MarketType.Spot"/> for spot pairs,
    /// anything else for contracts, where the symbol's own shape decides between perpetual and dated, linear and
    /// inverse. Options (<c>BTC-27DEC24-60000-C</c>) are not resolved.
    /// </summary>
    public static Instrument? Resolve(string exchangeSymbol, MarketType market)
    {
        ArgumentNullException.ThrowIfNull(exchangeSymbol);
        if (exchangeSymbol.Length == 0 || !IsSymbolText(exchangeSymbol))
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
    /// The instrument for a configured symbol: normalized <c>BASE-QUOTE</c> (on the perpetual market <c>BTC-USDT</c>
    /// is the USDT perpetual <c>BTCUSDT</c>, <c>BTC-USDC</c> the USDC perpetual <c>BTCPERP</c> and <c>BTC-USD</c> the
    /// inverse <c>BTCUSD</c>), or the exchange's own spelling, which is the only way to name a dated contract.
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
            error = $"'{symbol}': Bybit options are not supported.";
            return false;
        }

        if (market == MarketType.Futures)
        {
            instrument = Resolve(text, MarketType.Futures);
            if (instrument?.MarketType == MarketType.Futures)
            {
                error = null;
                return true;
            }

            instrument = null;
            error = $"'{symbol}': a Bybit dated contract must be given as its exchange symbol, e.g. BTCUSDT-27DEC24, BTC-27DEC24 or BTCUSDH25.";
            return false;
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            instrument = Resolve(text, market);
            if (instrument is not null && instrument.MarketType == market)
            {
                error = null;
                return true;
            }

            instrument = null;
            error = $"'{symbol}' is not a Bybit {market.ToWireName()} symbol (expected BASE-QUOTE such as BTC-USDT, or the exchange's spelling).";
            return false;
        }

        if (Resolve(text, MarketType.Futures) is { MarketType: MarketType.Futures })
        {
            error = $"'{symbol}' is a Bybit dated contract, not a {market.ToWireName()} symbol.";
            return false;
        }

        var baseAsset = text[..dash];
        var quoteAsset = text[(dash + 1)..];
        if (baseAsset.Length == 0 || quoteAsset.Length == 0 || quoteAsset.Contains('-', StringComparison.Ordinal)
            || !IsSymbolText(baseAsset) || !IsSymbolText(quoteAsset))
        {
            error = $"'{symbol}' is not BASE-QUOTE.";
            return false;
        }

        if (market == MarketType.Spot)
        {
            instrument = new Instrument(Exchange, MarketType.Spot, baseAsset, quoteAsset, baseAsset + quoteAsset);
            error = null;
            return true;
        }

        instrument = quoteAsset switch
        {
            UsdtQuote => new Instrument(Exchange, MarketType.Perpetual, baseAsset, UsdtQuote, baseAsset + UsdtQuote, ContractKind.Linear),
            UsdcQuote => new Instrument(Exchange, MarketType.Perpetual, baseAsset, UsdcQuote, baseAsset + UsdcPerpetualSuffix, ContractKind.Linear),
            UsdQuote => new Instrument(Exchange, MarketType.Perpetual, baseAsset, UsdQuote, baseAsset + UsdQuote, ContractKind.Inverse),
            _ => null,
        };
        if (instrument is null)
        {
            error = $"'{symbol}': Bybit perpetuals are quoted in USDT or USDC (linear) or USD (inverse).";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>
    /// An instrument table for one Bybit market, holding <paramref name="configured"/> and resolving any other symbol
    /// seen in frames through <see cref="Resolve"/>.
    /// </summary>
    public static InstrumentTable CreateTable(MarketType market, IEnumerable<Instrument> configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        if (market == MarketType.Option)
        {
            throw new ArgumentException("Bybit options are not supported.", nameof(market));
        }

        return InstrumentTables.Create(Exchange, market, Resolve, configured);
    }

    /// <summary>Splits a concatenated spot pair (<c>XRPUSDT</c>) at the longest known quote suffix that leaves a base.</summary>
    public static bool TrySplitSpotPair(string pair, [NotNullWhen(true)] out string? baseAsset, [NotNullWhen(true)] out string? quoteAsset)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return SpotQuotes.TrySplit(pair, out baseAsset, out quoteAsset);
    }

    private static Instrument? ResolveSpot(string symbol)
    {
        if (symbol.Contains('-', StringComparison.Ordinal) || !TrySplitSpotPair(symbol, out var baseAsset, out var quoteAsset))
        {
            return null;
        }

        return new Instrument(Exchange, MarketType.Spot, baseAsset, quoteAsset, symbol);
    }

    private static Instrument? ResolveContract(string symbol)
    {
        var dash = symbol.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            // Dated linear contracts: PAIR-DDMMMYY (USDT futures) or BASE-DDMMMYY (USDC futures). Anything with more
            // dashes is an option or a spread.
            var head = symbol[..dash];
            if (head.Length == 0 || !IsDeliveryDate(symbol.AsSpan(dash + 1)))
            {
                return null;
            }

            return head.Length > UsdtQuote.Length && head.EndsWith(UsdtQuote, StringComparison.Ordinal)
                ? new Instrument(Exchange, MarketType.Futures, head[..^UsdtQuote.Length], UsdtQuote, symbol, ContractKind.Linear)
                : new Instrument(Exchange, MarketType.Futures, head, UsdcQuote, symbol, ContractKind.Linear);
        }

        if (TryStrip(symbol, UsdcPerpetualSuffix, out var baseAsset))
        {
            return new Instrument(Exchange, MarketType.Perpetual, baseAsset, UsdcQuote, symbol, ContractKind.Linear);
        }

        if (TryStrip(symbol, UsdtQuote, out baseAsset))
        {
            return new Instrument(Exchange, MarketType.Perpetual, baseAsset, UsdtQuote, symbol, ContractKind.Linear);
        }

        if (TryStrip(symbol, UsdcQuote, out baseAsset))
        {
            return new Instrument(Exchange, MarketType.Perpetual, baseAsset, UsdcQuote, symbol, ContractKind.Linear);
        }

        if (TryStrip(symbol, UsdQuote, out baseAsset))
        {
            return new Instrument(Exchange, MarketType.Perpetual, baseAsset, UsdQuote, symbol, ContractKind.Inverse);
        }

        // Inverse futures: BASE + USD + month code + two-digit year (BTCUSDH25).
        if (symbol.Length > UsdQuote.Length + 3
            && char.IsAsciiDigit(symbol[^1]) && char.IsAsciiDigit(symbol[^2])
            && MonthCodes.Contains(symbol[^3], StringComparison.Ordinal)
            && TryStrip(symbol[..^3], UsdQuote, out baseAsset))
        {
            return new Instrument(Exchange, MarketType.Futures, baseAsset, UsdQuote, symbol, ContractKind.Inverse);
        }

        return null;
    }

    private static bool TryStrip(string symbol, string suffix, [NotNullWhen(true)] out string? baseAsset)
    {
        if (symbol.Length > suffix.Length && symbol.EndsWith(suffix, StringComparison.Ordinal))
        {
            baseAsset = symbol[..^suffix.Length];
            return true;
        }

        baseAsset = null;
        return false;
    }

    /// <summary>A <c>DDMMMYY</c> delivery date (<c>27DEC24</c>; Bybit writes single-digit days without a zero: <c>3JAN25</c>).</summary>
    private static bool IsDeliveryDate(ReadOnlySpan<char> text)
    {
        var dayDigits = text.Length - 5;
        if (dayDigits is < 1 or > 2)
        {
            return false;
        }

        var day = 0;
        for (var i = 0; i < dayDigits; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }

            day = (day * 10) + (text[i] - '0');
        }

        var month = text.Slice(dayDigits, 3);
        var year = text[(dayDigits + 3)..];
        return day is >= 1 and <= 31 && IsMonth(month) && char.IsAsciiDigit(year[0]) && char.IsAsciiDigit(year[1]);
    }

    private static bool IsMonth(ReadOnlySpan<char> text)
    {
        foreach (var month in Months)
        {
            if (text.SequenceEqual(month))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Upper-case ASCII letters, digits and dashes: what Bybit's symbols are made of.</summary>
    private static bool IsSymbolText(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }
}

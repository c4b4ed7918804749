using System.Diagnostics.CodeAnalysis;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Symbols;

namespace MarketPrism.Exchanges.Deribit;

/// <summary>
/// Deribit symbol conventions. Normalized symbols are <c>BASE-QUOTE</c> with the kind in the market type:
/// <c>BTC-PERPETUAL</c> is <c>BTC-USD</c> perpetual (inverse), <c>BTC_USDC-PERPETUAL</c> is <c>BTC-USDC</c> perpetual
/// (linear), <c>BTC-24DEC21</c> is <c>BTC-USD</c> futures, <c>BTC-30JUL21-40000-C</c> is <c>BTC-USD</c> option.
/// Expiry, strike and call/put stay in the exchange symbol, which is the only way to tell two options (or two
/// futures) of one underlying apart. On the option market the normalized <c>BTC-USD</c> names the underlying index
/// <c>btc_usd</c>, whose DVOL volatility index is collected as <c>volatility_index</c>.
/// </summary>
public static class DeribitSymbols
{
    /// <summary>The exchange name every Deribit instrument carries.</summary>
    public const string Exchange = "deribit";

    /// <summary>
    /// Builds the instrument for a Deribit name as it appears in frames (any letter case), or null when it cannot be
    /// normalized (combos, spot pairs, anything else). The name's own shape decides the market, whatever
    /// <paramref name="market"/> says: one Deribit connection can carry every kind of instrument, and
    /// <c>normalize</c> should read a capture of several kinds in one go.
    /// </summary>
    public static Instrument? Resolve(string exchangeSymbol, MarketType market)
    {
        ArgumentNullException.ThrowIfNull(exchangeSymbol);
        _ = market;
        return DeribitInstrumentName.TryParse(exchangeSymbol, out var name) ? name.Value.ToInstrument() : null;
    }

    /// <summary>
    /// The instrument for a configured symbol of <paramref name="market"/>: a Deribit instrument name
    /// (<c>BTC-PERPETUAL</c>, <c>BTC-27DEC24</c>, <c>BTC-27DEC24-100000-C</c>), or normalized <c>BASE-QUOTE</c>: on
    /// the perpetual market <c>BTC-USD</c> is <c>BTC-PERPETUAL</c> and <c>BTC-USDC</c> is <c>BTC_USDC-PERPETUAL</c>;
    /// on the option market <c>BTC-USD</c> is the index <c>btc_usd</c> (for its volatility index). A dated future or a
    /// single option can only be named by its Deribit name.
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
        var text = symbol.Trim();
        if (market == MarketType.Spot)
        {
            error = $"'{symbol}': Deribit spot is not supported; Deribit markets are perpetual, futures and option.";
            return false;
        }

        if (DeribitInstrumentName.TryParse(text, out var name))
        {
            if (name.Value.Market != market)
            {
                var kind = name.Value.IsIndex ? "an index (the option market's volatility index)"
                    : name.Value.Market == MarketType.Option ? "an option instrument"
                    : $"a {name.Value.Market.ToWireName()} instrument";
                error = $"'{symbol}' is {kind} on Deribit, not a {market.ToWireName()} one.";
                return false;
            }

            instrument = name.Value.ToInstrument();
            error = null;
            return true;
        }

        if (!TrySplitNormalized(text.ToUpperInvariant(), out var baseAsset, out var quoteAsset))
        {
            error = $"'{symbol}' is neither a Deribit instrument name (BTC-PERPETUAL, BTC_USDC-PERPETUAL, BTC-27DEC24, BTC-27DEC24-100000-C) nor BASE-QUOTE.";
            return false;
        }

        var inverse = quoteAsset == DeribitInstrumentName.InverseQuote;
        switch (market)
        {
            case MarketType.Perpetual:
                var perpetual = inverse ? $"{baseAsset}-PERPETUAL" : $"{baseAsset}_{quoteAsset}-PERPETUAL";
                instrument = new Instrument(Exchange, market, baseAsset, quoteAsset, perpetual, inverse ? ContractKind.Inverse : ContractKind.Linear);
                error = null;
                return true;
            case MarketType.Option:
                var index = $"{baseAsset}_{quoteAsset}".ToLowerInvariant();
                instrument = new Instrument(Exchange, market, baseAsset, quoteAsset, index, inverse ? ContractKind.Inverse : ContractKind.Linear);
                error = null;
                return true;
            default:
                error = $"'{symbol}': a Deribit future must be given as its instrument name, e.g. {baseAsset}-27DEC24.";
                return false;
        }
    }

    /// <summary>The exchange symbol of a configured symbol; throws <see cref="ArgumentException"/> for one that cannot be mapped.</summary>
    public static string ToExchangeSymbol(string symbol, MarketType market) =>
        TryCreateInstrument(symbol, market, out var instrument, out var error)
            ? instrument.ExchangeSymbol
            : throw new ArgumentException(error, nameof(symbol));

    /// <summary>True for the index instruments of the option market (<c>btc_usd</c>), which carry only the volatility index.</summary>
    public static bool IsIndex(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return instrument.MarketType == MarketType.Option && !instrument.ExchangeSymbol.Contains('-', StringComparison.Ordinal);
    }

    /// <summary>
    /// An instrument table for one Deribit market, holding <paramref name="configured"/> and resolving any other name
    /// seen in frames through <see cref="Resolve"/>.
    /// </summary>
    public static InstrumentTable CreateTable(MarketType market, IEnumerable<Instrument> configured) =>
        InstrumentTables.Create(Exchange, market, Resolve, configured);

    private static bool TrySplitNormalized(string text, [NotNullWhen(true)] out string? baseAsset, [NotNullWhen(true)] out string? quoteAsset)
    {
        baseAsset = null;
        quoteAsset = null;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || dash == text.Length - 1 || text.IndexOf('-', dash + 1) >= 0)
        {
            return false;
        }

        var first = text[..dash];
        var second = text[(dash + 1)..];
        if (!IsAlphanumeric(first) || !IsAlphanumeric(second))
        {
            return false;
        }

        baseAsset = first;
        quoteAsset = second;
        return true;
    }

    private static bool IsAlphanumeric(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return text.Length > 0;
    }
}

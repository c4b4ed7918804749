using System.Diagnostics.CodeAnalysis;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Symbols;

namespace MarketPrism.Exchanges.Okx;

/// <summary>
/// OKX instrument ids (<c>instId</c>). They spell the market in the id itself: spot is <c>BTC-USDT</c>, a perpetual
/// swap <c>BTC-USDT-SWAP</c>, a dated future <c>BTC-USD-220527</c> (delivery date <c>YYMMDD</c>), an option
/// <c>BTC-USD-220527-30000-C</c>. Contracts quoted in USD (<c>BTC-USD-SWAP</c>, <c>BTC-USD-220527</c>) are OKX's
/// coin-margined (inverse) contracts; those quoted in a stablecoin are linear. Normalized symbols are always
/// <c>BASE-QUOTE</c>; a dated contract keeps its expiry only in the exchange symbol.
/// </summary>
public static class OkxSymbols
{
    /// <summary>The exchange name every OKX instrument carries.</summary>
    public const string Exchange = "okx";

    /// <summary>The quote of OKX's coin-margined (inverse) contracts.</summary>
    private const string InverseQuote = "USD";

    private const string SwapSuffix = "SWAP";

    /// <summary>The market an instrument id names, or null when it is not a well-formed OKX id.</summary>
    public static MarketType? MarketOf(ReadOnlySpan<char> instId)
    {
        Span<Range> parts = stackalloc Range[6];
        var count = instId.Split(parts, '-');
        if (count is < 2 or > 5)
        {
            return null;
        }

        for (var i = 0; i < count; i++)
        {
            if (!IsToken(instId[parts[i]]))
            {
                return null;
            }
        }

        return count switch
        {
            2 => MarketType.Spot,
            3 when instId[parts[2]].SequenceEqual(SwapSuffix) => MarketType.Perpetual,
            3 when IsDeliveryDate(instId[parts[2]]) => MarketType.Futures,
            5 when IsDeliveryDate(instId[parts[2]]) => MarketType.Option,
            _ => null,
        };
    }

    /// <summary>
    /// Builds the instrument for an instrument id as it appears in frames, or null when it is not an OKX id of
    /// <paramref name="market"/> (an id of another market is not this market's instrument, even when well formed).
    /// </summary>
    public static Instrument? Resolve(string instId, MarketType market)
    {
        ArgumentNullException.ThrowIfNull(instId);
        if (MarketOf(instId) != market || market == MarketType.Option)
        {
            return null;
        }

        var first = instId.IndexOf('-', StringComparison.Ordinal);
        var second = instId.IndexOf('-', first + 1);
        var baseAsset = instId[..first];
        var quoteAsset = second < 0 ? instId[(first + 1)..] : instId[(first + 1)..second];
        return new Instrument(Exchange, market, baseAsset, quoteAsset, instId, ContractOf(market, quoteAsset));
    }

    /// <summary>
    /// The instrument for a configured symbol: normalized <c>BASE-QUOTE</c> for spot and perpetuals
    /// (<c>BTC-USDT</c> perpetual is <c>BTC-USDT-SWAP</c>), or the exchange's own id (<c>BTC-USDT-SWAP</c>,
    /// <c>BTC-USD-220527</c>), which is the only way to name a dated future.
    /// </summary>
    /// <param name="error">Why the symbol was rejected, for the configuration error message.</param>
    public static bool TryCreateInstrument(
        string symbol,
        MarketType market,
        [NotNullWhen(true)] out Instrument? instrument,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        var text = symbol.Trim().ToUpperInvariant();
        instrument = null;
        if (market == MarketType.Option)
        {
            error = $"'{symbol}': OKX options are not supported.";
            return false;
        }

        var named = MarketOf(text);
        if (named is null)
        {
            error = $"'{symbol}' is not an OKX symbol (expected BASE-QUOTE such as BTC-USDT, or an OKX instrument id such as BTC-USDT-SWAP).";
            return false;
        }

        if (named == MarketType.Spot && market == MarketType.Perpetual)
        {
            text += "-" + SwapSuffix;
        }
        else if (named == MarketType.Spot && market == MarketType.Futures)
        {
            error = $"'{symbol}': an OKX dated future must be given as its instrument id, e.g. {text}-250926.";
            return false;
        }
        else if (named != market)
        {
            error = $"'{symbol}' is an OKX {named.Value.ToWireName()} instrument, not {market.ToWireName()}.";
            return false;
        }

        instrument = Resolve(text, market)!;
        error = null;
        return true;
    }

    /// <summary>
    /// An instrument table for one OKX market, holding <paramref name="configured"/> and resolving any other id of
    /// that market seen in frames through <see cref="Resolve"/>.
    /// </summary>
    public static InstrumentTable CreateTable(MarketType market, IEnumerable<Instrument> configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        if (market == MarketType.Option)
        {
            throw new ArgumentException("OKX options are not supported.", nameof(market));
        }

        return InstrumentTables.Create(Exchange, market, Resolve, configured);
    }

    /// <summary>The <c>instType</c> OKX uses for a market (<c>SPOT</c>, <c>SWAP</c>, <c>FUTURES</c>, <c>OPTION</c>).</summary>
    public static string InstType(MarketType market) => market switch
    {
        MarketType.Spot => "SPOT",
        MarketType.Perpetual => "SWAP",
        MarketType.Futures => "FUTURES",
        _ => "OPTION",
    };

    private static ContractKind ContractOf(MarketType market, string quoteAsset) =>
        market == MarketType.Spot ? ContractKind.None
        : quoteAsset == InverseQuote ? ContractKind.Inverse
        : ContractKind.Linear;

    private static bool IsToken(ReadOnlySpan<char> part)
    {
        if (part.IsEmpty)
        {
            return false;
        }

        foreach (var c in part)
        {
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c) && c != '.')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A <c>YYMMDD</c> delivery date, as in <c>BTC-USD-220527</c>.</summary>
    private static bool IsDeliveryDate(ReadOnlySpan<char> part)
    {
        if (part.Length != 6)
        {
            return false;
        }

        foreach (var c in part)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        var month = ((part[2] - '0') * 10) + (part[3] - '0');
        var day = ((part[4] - '0') * 10) + (part[5] - '0');
        return month is >= 1 and <= 12 && day is >= 1 and <= 31;
    }
}

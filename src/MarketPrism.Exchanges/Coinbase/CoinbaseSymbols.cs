using System.Diagnostics.CodeAnalysis;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Symbols;

namespace MarketPrism.Exchanges.Coinbase;

/// <summary>
/// Coinbase product ids. Spot products are <c>BASE-QUOTE</c> on both APIs (<c>BTC-USD</c>), so the normalized symbol is
/// the product id. Advanced Trade also lists Coinbase Derivatives (CDE) futures as
/// <c>{contract code}-{DDMMMYY expiry}-CDE</c>: <c>BIT-24APR26-CDE</c> is the nano Bitcoin future expiring on 24 April
/// 2026 and <c>BIP-20DEC30-CDE</c> the long-dated "perpetual-style" one; both carry
/// <c>contract_expiry_type: EXPIRING</c> in <c>GET /market/products?product_type=FUTURE</c> (FORMATS.md 6a, verified
/// on <c>rest_brokerage-products_FUTURE_2026-04-07.json</c>) and so are market <c>futures</c>. They are quoted and
/// settled in USD. The product id names a contract code, not an asset (<c>BIT</c> is Bitcoin, whose
/// <c>contract_root_unit</c> is <c>BTC</c> only in the products list), so a future's normalized symbol is
/// <c>{code}-USD</c> (<c>BIT-USD</c>), its expiry date is read from the id (<see cref="TryGetExpiryDate"/>), and it is
/// configured by its product id, the only spelling that names one contract.
/// </summary>
public static class CoinbaseSymbols
{
    /// <summary>The exchange name every Coinbase instrument carries.</summary>
    public const string Exchange = "coinbase";

    /// <summary>The venue suffix of Coinbase Derivatives futures product ids.</summary>
    public const string FuturesVenue = "CDE";

    /// <summary>The quote and settlement currency of every CDE future.</summary>
    public const string FuturesQuote = "USD";

    /// <summary>
    /// The two <c>-USDC</c> products Advanced Trade serves with their own data on public channels (the channels page:
    /// "USDT-USDC and EURC-USDC are available on all channels"); every other <c>-USDC</c> product returns the data of
    /// its <c>-USD</c> twin there.
    /// </summary>
    private static readonly string[] OwnUsdcProducts = ["USDT-USDC", "EURC-USDC"];

    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

    /// <summary>The market a product id names, or null when it is not a well-formed Coinbase product id.</summary>
    public static MarketType? MarketOf(ReadOnlySpan<char> productId)
    {
        Span<Range> parts = stackalloc Range[4];
        var count = productId.Split(parts, '-');
        if (count is < 2 or > 3)
        {
            return null;
        }

        for (var i = 0; i < count; i++)
        {
            if (!IsToken(productId[parts[i]]))
            {
                return null;
            }
        }

        if (count == 2)
        {
            return MarketType.Spot;
        }

        return productId[parts[2]].SequenceEqual(FuturesVenue) && TryParseExpiry(productId[parts[1]], out _) ? MarketType.Futures : null;
    }

    /// <summary>The instrument a product id met in a frame stands for, or null when it is not one of <paramref name="market"/>.</summary>
    public static Instrument? Resolve(string productId, MarketType market)
    {
        ArgumentNullException.ThrowIfNull(productId);
        if (MarketOf(productId) != market)
        {
            return null;
        }

        var first = productId.IndexOf('-', StringComparison.Ordinal);
        return market == MarketType.Spot
            ? new Instrument(Exchange, market, productId[..first], productId[(first + 1)..], productId)
            : new Instrument(Exchange, market, productId[..first], FuturesQuote, productId, ContractKind.Linear);
    }

    /// <summary>
    /// The instrument for a configured symbol: <c>BASE-QUOTE</c> on spot (the product id itself), the product id
    /// (<c>BIT-24APR26-CDE</c>) on futures.
    /// </summary>
    public static bool TryCreateInstrument(string symbol, MarketType market, [NotNullWhen(true)] out Instrument? instrument, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        var text = symbol.Trim().ToUpperInvariant();
        instrument = null;
        if (market is not (MarketType.Spot or MarketType.Futures))
        {
            error = $"'{symbol}': Coinbase has no {market.ToWireName()} market in MarketPrism (spot and futures only).";
            return false;
        }

        var named = MarketOf(text);
        if (named is null)
        {
            error = $"'{symbol}' is not a Coinbase product id (expected BASE-QUOTE such as BTC-USD, or a futures product id such as BIT-24APR26-CDE).";
            return false;
        }

        if (named != market)
        {
            error = market == MarketType.Futures
                ? $"'{symbol}': a Coinbase future must be given as its product id, e.g. BIT-24APR26-CDE."
                : $"'{symbol}' is a Coinbase futures product, not {market.ToWireName()}.";
            return false;
        }

        instrument = Resolve(text, market)!;
        error = null;
        return true;
    }

    /// <summary>The expiry date of a futures product id (<c>BIT-24APR26-CDE</c> expires on 2026-04-24); false for any other id.</summary>
    /// <remarks>The id carries the date only; the time of day (15:00 or 16:00 UTC) is the products list's <c>contract_expiry</c>.</remarks>
    public static bool TryGetExpiryDate(string productId, out DateOnly expiry)
    {
        ArgumentNullException.ThrowIfNull(productId);
        expiry = default;
        if (MarketOf(productId) != MarketType.Futures)
        {
            return false;
        }

        var first = productId.IndexOf('-', StringComparison.Ordinal);
        var second = productId.IndexOf('-', first + 1);
        return TryParseExpiry(productId.AsSpan(first + 1, second - first - 1), out expiry);
    }

    /// <summary>
    /// Whether Advanced Trade's public channels send this product's data under its <c>-USD</c> twin instead (see
    /// <see cref="OwnUsdcProducts"/>): subscribing <c>BTC-USDC</c> there brings <c>BTC-USD</c> frames.
    /// </summary>
    public static bool IsMirroredUsdc(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return instrument.MarketType == MarketType.Spot
            && instrument.QuoteAsset == "USDC"
            && Array.IndexOf(OwnUsdcProducts, instrument.ExchangeSymbol) < 0;
    }

    /// <summary>An instrument table for one Coinbase market, resolving any other product id of that market met in frames.</summary>
    public static InstrumentTable CreateTable(MarketType market, IEnumerable<Instrument> configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        if (market is not (MarketType.Spot or MarketType.Futures))
        {
            throw new ArgumentException($"Coinbase {market.ToWireName()} is not supported.", nameof(market));
        }

        return InstrumentTables.Create(Exchange, market, Resolve, configured);
    }

    /// <summary><c>DDMMMYY</c>, as in <c>24APR26</c>.</summary>
    private static bool TryParseExpiry(ReadOnlySpan<char> text, out DateOnly expiry)
    {
        expiry = default;
        if (text.Length != 7 || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[1]) || !char.IsAsciiDigit(text[5]) || !char.IsAsciiDigit(text[6]))
        {
            return false;
        }

        var month = 0;
        for (var i = 0; i < Months.Length && month == 0; i++)
        {
            if (text.Slice(2, 3).SequenceEqual(Months[i]))
            {
                month = i + 1;
            }
        }

        var day = ((text[0] - '0') * 10) + (text[1] - '0');
        var year = 2000 + ((text[5] - '0') * 10) + (text[6] - '0');
        if (month == 0 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        expiry = new DateOnly(year, month, day);
        return true;
    }

    private static bool IsToken(ReadOnlySpan<char> part)
    {
        if (part.IsEmpty || part.Length > 16)
        {
            return false;
        }

        foreach (var c in part)
        {
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}

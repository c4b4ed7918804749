using System.Diagnostics.CodeAnalysis;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Symbols;

namespace MarketPrism.Exchanges.Hyperliquid;

/// <summary>
/// Hyperliquid's symbols ("coins"). A perpetual of the main dex is named by its base asset (<c>BTC</c>) and settles
/// in USDC at a USD price: normalized <c>BTC-USD</c>. A coin that starts with a lower-case <c>k</c> counts 1000 units
/// (<c>kPEPE</c> is 1000 PEPE: its prices are per 1000 PEPE and its sizes in thousands), normalized with the unit in
/// the base as the other venues write it (<c>1000PEPE-USD</c>, Binance's and Bybit's <c>1000PEPEUSDT</c>). A HIP-3
/// builder-deployed perpetual is <c>dex:COIN</c> with the dex in lower case (<c>xyz:XYZ100</c>), normalized as
/// <c>xyz:XYZ100-USD</c> so that the same coin on two dexes stays two instruments. Symbols differ by case alone, so
/// the instrument table matches them as spelled (<see cref="InstrumentTable"/>'s <c>caseSensitive</c>).
/// </summary>
/// <remarks>
/// Spot pairs are <c>PURR/USDC</c> or, for every pair listed since, <c>@index</c> into <c>spotMeta</c>'s universe;
/// they are not collected yet (see docs/schema.md, "Hyperliquid field mapping").
/// </remarks>
public static class HyperliquidSymbols
{
    /// <summary>The exchange name every Hyperliquid instrument carries.</summary>
    public const string Exchange = "hyperliquid";

    /// <summary>The quote of every perpetual: prices are USD (margin and settlement are in the dex's collateral, USDC on the main dex).</summary>
    public const string PerpetualQuote = "USD";

    /// <summary>The normalized prefix that stands for Hyperliquid's lower-case <c>k</c>: one unit is 1000 coins.</summary>
    public const string ThousandPrefix = "1000";

    private const int MaxSymbolLength = 40;

    /// <summary>
    /// The instrument a coin seen in a frame stands for (spelled exactly as sent), or null when it cannot be
    /// normalized: not a perpetual's coin, or a market other than perpetuals.
    /// </summary>
    public static Instrument? Resolve(string exchangeSymbol, MarketType market)
    {
        ArgumentNullException.ThrowIfNull(exchangeSymbol);
        if (market != MarketType.Perpetual || !TrySplitCoin(exchangeSymbol, out var dex, out var coin))
        {
            return null;
        }

        var baseAsset = coin.Length > 1 && coin[0] == 'k' && (char.IsAsciiLetterUpper(coin[1]) || char.IsAsciiDigit(coin[1]))
            ? ThousandPrefix + coin[1..]
            : coin;
        return new Instrument(Exchange, MarketType.Perpetual, dex is null ? baseAsset : $"{dex}:{baseAsset}", PerpetualQuote, exchangeSymbol, ContractKind.Linear);
    }

    /// <summary>
    /// The instrument for a configured symbol: normalized <c>BASE-USD</c> (<c>BTC-USD</c>, <c>1000PEPE-USD</c>,
    /// <c>xyz:XYZ100-USD</c>) or the exchange's coin (<c>BTC</c>, <c>kPEPE</c>, <c>xyz:XYZ100</c>).
    /// </summary>
    public static bool TryCreateInstrument(
        string symbol,
        MarketType market,
        [NotNullWhen(true)] out Instrument? instrument,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        instrument = null;
        if (market != MarketType.Perpetual)
        {
            error = $"'{symbol}': MarketPrism collects Hyperliquid perpetuals only (spot pairs are addressed through spotMeta, not supported yet).";
            return false;
        }

        var text = symbol.Trim();
        var dash = text.LastIndexOf('-');
        if (dash < 0)
        {
            instrument = Resolve(text, market);
            error = instrument is null ? $"'{symbol}' is not a Hyperliquid perpetual coin (expected e.g. BTC, kPEPE, xyz:XYZ100, or BTC-USD)." : null;
            return instrument is not null;
        }

        var baseText = text[..dash];
        if (!string.Equals(text[(dash + 1)..], PerpetualQuote, StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{symbol}': Hyperliquid perpetuals are quoted in USD (e.g. BTC-USD).";
            return false;
        }

        // Normalized bases are written in upper case; the dex of a HIP-3 coin is lower case on the wire.
        var colon = baseText.IndexOf(':', StringComparison.Ordinal);
        var dex = colon < 0 ? null : baseText[..colon].ToLowerInvariant();
        var coin = (colon < 0 ? baseText : baseText[(colon + 1)..]).ToUpperInvariant();
        if (coin.Length > ThousandPrefix.Length && coin.StartsWith(ThousandPrefix, StringComparison.Ordinal) && char.IsAsciiLetter(coin[ThousandPrefix.Length]))
        {
            coin = "k" + coin[ThousandPrefix.Length..];
        }

        instrument = Resolve(dex is null ? coin : $"{dex}:{coin}", market);
        error = instrument is null ? $"'{symbol}' is not BASE-USD for a Hyperliquid perpetual (e.g. BTC-USD, 1000PEPE-USD, xyz:XYZ100-USD)." : null;
        return instrument is not null;
    }

    /// <summary>An instrument table for Hyperliquid perpetuals: configured instruments plus a resolver, matching coins as spelled.</summary>
    public static InstrumentTable CreateTable(MarketType market, IEnumerable<Instrument> configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        return market != MarketType.Perpetual
            ? throw new ArgumentException($"Hyperliquid {market.ToWireName()} is not supported.", nameof(market))
            : InstrumentTables.Create(Exchange, market, Resolve, configured, caseSensitive: true);
    }

    /// <summary>
    /// A perpetual's coin: letters and digits, optionally behind a lower-case dex name and a colon. <c>@107</c> and
    /// <c>PURR/USDC</c> (spot) are not.
    /// </summary>
    private static bool TrySplitCoin(string symbol, out string? dex, [NotNullWhen(true)] out string? coin)
    {
        dex = null;
        coin = null;
        if (symbol.Length is 0 or > MaxSymbolLength)
        {
            return false;
        }

        var colon = symbol.IndexOf(':', StringComparison.Ordinal);
        var coinText = colon < 0 ? symbol : symbol[(colon + 1)..];
        if (colon >= 0)
        {
            var dexText = symbol[..colon];
            if (dexText.Length == 0 || !IsAll(dexText, static c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
            {
                return false;
            }

            dex = dexText;
        }

        if (coinText.Length == 0 || !IsAll(coinText, char.IsAsciiLetterOrDigit))
        {
            return false;
        }

        coin = coinText;
        return true;
    }

    private static bool IsAll(string text, Func<char, bool> allowed)
    {
        foreach (var c in text)
        {
            if (!allowed(c))
            {
                return false;
            }
        }

        return true;
    }
}

using System.Diagnostics.CodeAnalysis;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Deribit;

/// <summary>
/// A Deribit instrument name taken apart. Deribit's names describe the instrument completely:
/// <list type="bullet">
/// <item><c>BTC-PERPETUAL</c>: inverse perpetual, margined in BTC, amounts in USD;</item>
/// <item><c>BTC_USDC-PERPETUAL</c>: linear perpetual, margined in USDC, amounts in BTC;</item>
/// <item><c>BTC-24DEC21</c> (<c>BTC_USDC-24DEC21</c>): inverse (linear) future expiring on that day;</item>
/// <item><c>BTC-30JUL21-40000-C</c> (<c>MATIC_USDC-9MAR24-1d02-C</c>): inverse (linear) call or put option, strike
/// 40000 (1.02: a <c>d</c> stands for the decimal point);</item>
/// <item><c>btc_usd</c>: an index, here the underlying of the DVOL volatility index (<c>deribit_volatility_index.btc_usd</c>).</item>
/// </list>
/// Combos (<c>BTC-FS-30SEP22_PERP</c>, <c>BTC-STRD-30SEP22-20000</c>) and spot pairs are not normalized.
/// </summary>
/// <param name="Market">Perpetual, futures or option (an index counts as option: DVOL is implied by options).</param>
/// <param name="Base">Base currency, e.g. <c>BTC</c>.</param>
/// <param name="Quote"><c>USD</c> for inverse instruments, else the settlement currency after the underscore.</param>
/// <param name="Contract">Inverse without an underscore, linear with one.</param>
/// <param name="Canonical">The name as Deribit spells it: upper case, except an option strike's <c>d</c> and index names.</param>
/// <param name="IsIndex">The name is an index (<c>btc_usd</c>), not a tradable instrument.</param>
internal readonly record struct DeribitInstrumentName(
    MarketType Market, string Base, string Quote, ContractKind Contract, string Canonical, bool IsIndex)
{
    /// <summary>The quote of inverse instruments: their amounts are in USD.</summary>
    public const string InverseQuote = "USD";

    private const string PerpetualSuffix = "PERPETUAL";

    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

    public Instrument ToInstrument() => new(DeribitSymbols.Exchange, Market, Base, Quote, Canonical, Contract);

    /// <summary>Parses a Deribit name in any letter case; false for anything that is not one of the shapes above.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out DeribitInstrumentName? name)
    {
        ArgumentNullException.ThrowIfNull(text);
        name = null;
        var parts = text.Split('-');
        if (!TrySplitCurrency(parts[0], out var baseAsset, out var quoteAsset, out var linear))
        {
            return false;
        }

        var contract = linear ? ContractKind.Linear : ContractKind.Inverse;
        var currency = linear ? $"{baseAsset}_{quoteAsset}" : baseAsset;
        switch (parts.Length)
        {
            case 1 when linear:
                // An index: Deribit spells them in lower case (btc_usd, eth_usdc). It takes the kind of the options
                // it underlies: BTC options (index btc_usd) are inverse, USDC options (btc_usdc) linear.
                var family = quoteAsset == InverseQuote ? ContractKind.Inverse : ContractKind.Linear;
                name = new DeribitInstrumentName(
                    MarketType.Option, baseAsset, quoteAsset, family, currency.ToLowerInvariant(), IsIndex: true);
                return true;

            case 2 when parts[1].Equals(PerpetualSuffix, StringComparison.OrdinalIgnoreCase):
                name = new DeribitInstrumentName(
                    MarketType.Perpetual, baseAsset, quoteAsset, contract, $"{currency}-{PerpetualSuffix}", IsIndex: false);
                return true;

            case 2 when TryReadExpiry(parts[1], out var expiry):
                name = new DeribitInstrumentName(MarketType.Futures, baseAsset, quoteAsset, contract, $"{currency}-{expiry}", IsIndex: false);
                return true;

            case 4 when TryReadExpiry(parts[1], out var expiry) && TryReadStrike(parts[2], out var strike) && TryReadOptionType(parts[3], out var type):
                name = new DeribitInstrumentName(
                    MarketType.Option, baseAsset, quoteAsset, contract, $"{currency}-{expiry}-{strike}-{type}", IsIndex: false);
                return true;

            default:
                return false;
        }
    }

    /// <summary><c>BTC</c> (inverse, quote USD) or <c>BTC_USDC</c> (linear, quote USDC).</summary>
    private static bool TrySplitCurrency(string text, out string baseAsset, out string quoteAsset, out bool linear)
    {
        var underscore = text.IndexOf('_', StringComparison.Ordinal);
        linear = underscore >= 0;
        baseAsset = (linear ? text[..underscore] : text).ToUpperInvariant();
        quoteAsset = linear ? text[(underscore + 1)..].ToUpperInvariant() : InverseQuote;
        return IsAssetCode(baseAsset) && IsAssetCode(quoteAsset);
    }

    private static bool IsAssetCode(string text)
    {
        if (text.Length is 0 or > 16)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An expiry date <c>DMMMYY</c> or <c>DDMMMYY</c> (<c>5JUN20</c>, <c>24DEC21</c>), returned in upper case.</summary>
    private static bool TryReadExpiry(string text, out string expiry)
    {
        expiry = text.ToUpperInvariant();
        var dayDigits = expiry.Length - 5;
        if (dayDigits is not (1 or 2))
        {
            return false;
        }

        var day = 0;
        for (var i = 0; i < dayDigits; i++)
        {
            if (!char.IsAsciiDigit(expiry[i]))
            {
                return false;
            }

            day = (day * 10) + (expiry[i] - '0');
        }

        return day is >= 1 and <= 31
            && Array.IndexOf(Months, expiry.Substring(dayDigits, 3)) >= 0
            && char.IsAsciiDigit(expiry[^2])
            && char.IsAsciiDigit(expiry[^1]);
    }

    /// <summary>Digits with at most one inner <c>d</c> for the decimal point (<c>40000</c>, <c>1d02</c>), canonical lower-case <c>d</c>.</summary>
    private static bool TryReadStrike(string text, out string strike)
    {
        strike = text.Replace('D', 'd');
        var marker = strike.IndexOf('d', StringComparison.Ordinal);
        if (strike.Length == 0 || (marker >= 0 && (marker == 0 || marker == strike.Length - 1 || strike.LastIndexOf('d') != marker)))
        {
            return false;
        }

        foreach (var c in strike)
        {
            if (!char.IsAsciiDigit(c) && c != 'd')
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryReadOptionType(string text, out string type)
    {
        type = text.ToUpperInvariant();
        return type is "C" or "P";
    }
}

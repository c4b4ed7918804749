using System.Diagnostics.CodeAnalysis;

namespace MarketPrism.Exchanges.Symbols;

/// <summary>
/// The quote assets a venue lists, for splitting a concatenated pair (<c>BTCFDUSD</c>) that carries no separator.
/// Tried longest first so the longest suffix wins (<c>BTCFDUSD</c> is FDUSD, not USD).
/// </summary>
internal sealed class QuoteSuffixes
{
    private readonly string[] _longestFirst;

    public QuoteSuffixes(string[] quotes)
    {
        // Only the order by length matters: two quotes of equal length can never both be suffixes of one pair.
        _longestFirst = (string[])quotes.Clone();
        Array.Sort(_longestFirst, static (a, b) => b.Length.CompareTo(a.Length));
    }

    /// <summary>Splits <paramref name="pair"/> at the longest known quote suffix that leaves a base.</summary>
    public bool TrySplit(string pair, [NotNullWhen(true)] out string? baseAsset, [NotNullWhen(true)] out string? quoteAsset)
    {
        foreach (var quote in _longestFirst)
        {
            if (pair.Length > quote.Length && pair.EndsWith(quote, StringComparison.Ordinal))
            {
                baseAsset = pair[..^quote.Length];
                quoteAsset = quote;
                return true;
            }
        }

        baseAsset = null;
        quoteAsset = null;
        return false;
    }
}

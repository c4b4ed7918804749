using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Sinks.Nats;

/// <summary>
/// Subject names: <c>{data_type}.{exchange}.{market_type}.{symbol}</c>, e.g. <c>trade.binance.spot.BTC-USDT</c>.
/// The symbol token is the normalized symbol with every character other than ASCII letters, digits, <c>-</c> and
/// <c>_</c> replaced by <c>_</c> (a subject token cannot hold <c>.</c>, <c>*</c>, <c>&gt;</c> or white space);
/// normalized symbols (<c>BASE-QUOTE</c> in upper-case letters and digits) are used unchanged. Dated futures of one
/// pair share a subject; <c>exchange_symbol</c> in the payload tells them apart.
/// </summary>
public static class NatsSubjects
{
    public static string For(DataType dataType, Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return string.Join('.', dataType.ToWireName(), Token(instrument.Exchange), instrument.MarketType.ToWireName(), Token(instrument.Symbol));
    }

    /// <summary>The subject-safe form of one token.</summary>
    public static string Token(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return "_";
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_';
            }
        });
    }

    /// <summary>True when <paramref name="subject"/> is a valid subject or filter (tokens non-empty, wildcards whole tokens, <c>&gt;</c> last).</summary>
    public static bool IsValidFilter(string subject)
    {
        if (string.IsNullOrEmpty(subject))
        {
            return false;
        }

        var tokens = subject.Split('.');
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            if (token.Length == 0 || token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                return false;
            }

            if ((token.Contains('*', StringComparison.Ordinal) && token != "*")
                || (token.Contains('>', StringComparison.Ordinal) && (token != ">" || i != tokens.Length - 1)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the subject <paramref name="subject"/> is matched by the filter <paramref name="filter"/> (NATS rules).</summary>
    public static bool Matches(string filter, string subject)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(subject);
        var filterTokens = filter.Split('.');
        var subjectTokens = subject.Split('.');
        for (var i = 0; i < filterTokens.Length; i++)
        {
            if (filterTokens[i] == ">")
            {
                return subjectTokens.Length > i;
            }

            if (i >= subjectTokens.Length || (filterTokens[i] != "*" && filterTokens[i] != subjectTokens[i]))
            {
                return false;
            }
        }

        return filterTokens.Length == subjectTokens.Length;
    }

    /// <summary>
    /// True when every subject of <paramref name="dataType"/> (any exchange, market and symbol) is captured by one of
    /// <paramref name="filters"/>. Checked with a representative subject whose other tokens match only wildcards.
    /// </summary>
    public static bool Covers(IEnumerable<string> filters, DataType dataType)
    {
        ArgumentNullException.ThrowIfNull(filters);
        // Tokens no real filter would name literally: only wildcards match them.
        var probe = $"{dataType.ToWireName()}.\u0001x.\u0001y.\u0001z";
        return filters.Any(filter => Matches(filter, probe));
    }

    /// <summary>True when some subject of <paramref name="dataType"/> would be captured by one of <paramref name="filters"/>.</summary>
    public static bool Overlaps(IEnumerable<string> filters, DataType dataType)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var name = dataType.ToWireName();
        return filters.Any(filter =>
        {
            var first = filter.Split('.')[0];
            return first == name || first == "*" || first == ">";
        });
    }
}

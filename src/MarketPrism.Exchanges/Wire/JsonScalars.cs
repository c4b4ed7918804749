using System.Buffers.Text;
using System.Text.Json;
using MarketPrism.Core.Serialization;

namespace MarketPrism.Exchanges.Wire;

/// <summary>
/// Readers for the scalar values every venue sends: decimals and integers given either as a JSON number or as a
/// string (Binance, OKX and Bybit quote their numbers, Deribit does not), and booleans. Each works on a
/// <see cref="Utf8JsonReader"/> positioned on a value token, reads it in place (no strings), and reports failure
/// instead of throwing so the caller can name the field that was wrong.
/// </summary>
internal static class JsonScalars
{
    /// <summary>Longest escaped number text unescaped on the stack; no venue escapes, so this only guards odd input.</summary>
    private const int MaxScalarLength = 128;

    /// <summary>
    /// A string or number holding a decimal; keeps the exchange's digits and scale, and reads the exponent form
    /// (<c>-8.477e-05</c>) Deribit sometimes sends exactly.
    /// </summary>
    public static bool TryReadDecimal(scoped ref Utf8JsonReader reader, out decimal value)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return TryParseDecimal(reader.ValueSpan, out value);
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            value = 0;
            return false;
        }

        if (!reader.ValueIsEscaped)
        {
            return TryParseDecimal(reader.ValueSpan, out value);
        }

        // An escaped value is never shorter than its unescaped form, so this bound guarantees CopyString fits.
        Span<byte> scratch = stackalloc byte[MaxScalarLength];
        if (reader.ValueSpan.Length > scratch.Length)
        {
            value = 0;
            return false;
        }

        return TryParseDecimal(scratch[..reader.CopyString(scratch)], out value);
    }

    /// <summary>
    /// An optional decimal: Binance and OKX write <c>""</c> (or send null) for a value they do not have. Returns false
    /// only for a value that is present but not a decimal. (Deribit's "no value" is null alone: see DeribitJson.)
    /// </summary>
    public static bool TryReadOptionalDecimal(scoped ref Utf8JsonReader reader, out decimal? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null || (reader.TokenType == JsonTokenType.String && reader.ValueSpan.IsEmpty))
        {
            return true;
        }

        if (!TryReadDecimal(ref reader, out var parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>All of <paramref name="text"/> as a decimal, keeping its digits and scale (see <see cref="DecimalText"/>).</summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> text, out decimal value) => DecimalText.TryParse(text, out value);

    /// <summary>
    /// <c>value &lt; 0</c> as a sign-bit test: the comparison operator goes through decimal's general compare, a
    /// measurable cost when it runs twice per book level. Negative zero (<c>"-0.0"</c>) is not below zero.
    /// </summary>
    public static bool IsBelowZero(decimal value) => decimal.IsNegative(value) && value != 0;

    /// <summary>An integer given as a JSON number, or as a string of digits (an optional leading minus).</summary>
    public static bool TryReadInt64(scoped ref Utf8JsonReader reader, out long value)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt64(out value);
        }

        value = 0;
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        var text = JsonText.Get(ref reader);
        return !text.IsEmpty
            && Utf8Parser.TryParse(text, out value, out var consumed)
            && consumed == text.Length;
    }

    /// <summary>A JSON <c>true</c> or <c>false</c>; false for any other token (a quoted "true" is not a boolean).</summary>
    public static bool TryReadBoolean(scoped ref Utf8JsonReader reader, out bool value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                value = true;
                return true;
            case JsonTokenType.False:
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}

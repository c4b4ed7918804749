using System.Buffers.Text;
using System.Text.Json;
using MarketPrism.Core.Serialization;

namespace MarketPrism.Exchanges.Deribit;

/// <summary>
/// The value readers the Deribit parsers share. Each works on a <see cref="Utf8JsonReader"/> positioned on a value
/// token, reads it in place (no strings), and reports failure instead of throwing so the caller can name the field
/// that was wrong. Deribit sends prices, amounts and rates as JSON numbers, sometimes in exponent form
/// (<c>-8.477e-05</c>); <see cref="Utf8Parser"/> reads both forms into a <see cref="decimal"/> exactly.
/// </summary>
internal static class DeribitJson
{
    /// <summary>Longest escaped scalar unescaped on the stack; Deribit never escapes, so this only guards odd input.</summary>
    private const int MaxScalarLength = 128;

    /// <summary>Later than any real exchange time (9999-12-31) and larger than any millisecond value DateTime holds.</summary>
    private const long MaxUnixMilliseconds = 253_402_300_799_999;

    /// <summary>
    /// The current property name or string value as UTF-8: a slice of the frame, no copy. Deribit never escapes, so
    /// the escaped case (valid JSON all the same) takes the slow path and allocates its unescaped copy.
    /// </summary>
    public static ReadOnlySpan<byte> GetText(scoped ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;

    /// <summary>A JSON number (Deribit's form) or a numeric string holding a decimal; keeps the digits sent.</summary>
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

        Span<byte> scratch = stackalloc byte[MaxScalarLength];
        if (reader.ValueSpan.Length > scratch.Length)
        {
            value = 0;
            return false;
        }

        return TryParseDecimal(scratch[..reader.CopyString(scratch)], out value);
    }

    /// <summary>A decimal, or null for JSON null (Deribit's "no value", e.g. <c>best_bid_price</c> of an empty side).</summary>
    public static bool TryReadOptionalDecimal(scoped ref Utf8JsonReader reader, out decimal? value)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            value = null;
            return true;
        }

        var ok = TryReadDecimal(ref reader, out var parsed);
        value = ok ? parsed : null;
        return ok;
    }

    public static bool TryParseDecimal(ReadOnlySpan<byte> text, out decimal value)
    {
        if (text.IsEmpty)
        {
            value = 0;
            return false;
        }

        return Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;
    }

    /// <summary>An integer given as a JSON number, or as a string of digits (Deribit sends <c>trade_id</c> as text).</summary>
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

        var text = GetText(ref reader);
        return !text.IsEmpty
            && Utf8Parser.TryParse(text, out value, out var consumed)
            && consumed == text.Length;
    }

    /// <summary>An exchange epoch-milliseconds value as UTC; rejects values no real event can have (≤ 0, past year 9999).</summary>
    public static bool TryToUtc(long unixMilliseconds, out DateTime utc)
    {
        if (unixMilliseconds <= 0 || unixMilliseconds > MaxUnixMilliseconds)
        {
            utc = default;
            return false;
        }

        utc = UtcTimestamp.FromUnixMilliseconds(unixMilliseconds);
        return true;
    }

    /// <summary>What <see cref="NextProperty"/> found.</summary>
    public enum Step : byte
    {
        /// <summary>A property; the reader is on its value and the name was returned.</summary>
        Value,

        /// <summary>The object ended; the reader is on its closing brace.</summary>
        End,

        /// <summary>The input ended inside the object.</summary>
        Truncated,
    }

    /// <summary>Advances to the next property of the object being read and onto its value, returning the name.</summary>
    public static Step NextProperty(scoped ref Utf8JsonReader reader, out ReadOnlySpan<byte> name)
    {
        name = default;
        if (!reader.Read())
        {
            return Step.Truncated;
        }

        if (reader.TokenType == JsonTokenType.EndObject)
        {
            return Step.End;
        }

        name = GetText(ref reader);
        return reader.Read() ? Step.Value : Step.Truncated;
    }

    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "array",
        JsonTokenType.StartObject => "object",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}

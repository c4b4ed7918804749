using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;

namespace MarketPrism.Exchanges.Okx;

/// <summary>
/// The value readers the OKX frame and REST parsers share. OKX sends every number as a JSON string (prices, sizes,
/// ids, millisecond times) and an empty string for a value it does not have; each reader works on a
/// <see cref="Utf8JsonReader"/> positioned on a value token, reads it in place, and reports failure instead of
/// throwing so the caller can name the field that was wrong.
/// </summary>
internal static class OkxJson
{
    /// <summary>Longest escaped scalar unescaped on the stack; OKX never escapes, so this only guards odd input.</summary>
    private const int MaxScalarLength = 128;

    /// <summary>Later than any real exchange time (9999-12-31) and larger than any millisecond value DateTime holds.</summary>
    private const long MaxUnixMilliseconds = 253_402_300_799_999;

    private const int InitialLevelCapacity = 64;

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

    /// <summary>
    /// The current property name or string value as UTF-8: a slice of the frame, no copy. The escaped case (valid
    /// JSON all the same) takes the slow path and allocates its unescaped copy.
    /// </summary>
    public static ReadOnlySpan<byte> GetText(scoped ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;

    /// <summary>Advances to the next property of the object being read and onto its value.</summary>
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

    /// <summary>A string value (its bytes), or false for any other token.</summary>
    public static bool TryReadString(scoped ref Utf8JsonReader reader, out ReadOnlySpan<byte> text)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            text = default;
            return false;
        }

        text = GetText(ref reader);
        return true;
    }

    /// <summary>A decimal given as a string (OKX's form) or a number; keeps the exchange's digits and scale.</summary>
    public static bool TryReadDecimal(scoped ref Utf8JsonReader reader, out decimal value)
    {
        value = 0;
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number))
        {
            return false;
        }

        if (!reader.ValueIsEscaped)
        {
            return TryParseDecimal(reader.ValueSpan, out value);
        }

        // An escaped value is never shorter than its unescaped form, so this bound guarantees CopyString fits.
        Span<byte> scratch = stackalloc byte[MaxScalarLength];
        return reader.ValueSpan.Length <= scratch.Length && TryParseDecimal(scratch[..reader.CopyString(scratch)], out value);
    }

    /// <summary>
    /// An optional decimal: OKX writes <c>""</c> (or leaves the field out, or sends null) for a value it does not
    /// have. Returns false only for a value that is present but not a decimal.
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

    public static bool TryParseDecimal(ReadOnlySpan<byte> text, out decimal value)
    {
        if (text.IsEmpty)
        {
            value = 0;
            return false;
        }

        return Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;
    }

    /// <summary>An integer given as a JSON number or as a string of digits (an optional leading minus).</summary>
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
        return !text.IsEmpty && Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;
    }

    /// <summary>A millisecond time (OKX: a string of digits) as UTC; rejects values no real event can have.</summary>
    public static bool TryReadTime(scoped ref Utf8JsonReader reader, out DateTime utc)
    {
        utc = default;
        return TryReadInt64(ref reader, out var milliseconds) && TryToUtc(milliseconds, out utc);
    }

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

    /// <summary>
    /// Reads <c>[["price","size","0","orders"],…]</c> into an exactly sized array (the only allocation; a shared
    /// empty array for none). Only price and size are kept: the third entry is OKX's deprecated liquidated-orders
    /// count and the fourth the number of orders at the level.
    /// </summary>
    /// <param name="error">Why the array was rejected, naming the level; null on success.</param>
    public static bool TryReadLevels(scoped ref Utf8JsonReader reader, out BookLevel[] levels, out string? error)
    {
        levels = [];
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error = "is not an array of [price, size, …] levels";
            return false;
        }

        BookLevel[]? buffer = null;
        var count = 0;
        try
        {
            while (true)
            {
                if (!reader.Read())
                {
                    error = "is truncated";
                    return false;
                }

                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    break;
                }

                if (!TryReadLevel(ref reader, out var level, out error))
                {
                    error = $"level {count} {error}";
                    return false;
                }

                if (buffer is null)
                {
                    buffer = ArrayPool<BookLevel>.Shared.Rent(InitialLevelCapacity);
                }
                else if (count == buffer.Length)
                {
                    var larger = ArrayPool<BookLevel>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<BookLevel>.Shared.Return(buffer);
                    buffer = larger;
                }

                buffer[count++] = level;
            }

            if (count > 0)
            {
                levels = buffer.AsSpan(0, count).ToArray();
            }

            error = null;
            return true;
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<BookLevel>.Shared.Return(buffer);
            }
        }
    }

    private static bool TryReadLevel(scoped ref Utf8JsonReader reader, out BookLevel level, out string? error)
    {
        level = default;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error = "is not a [price, size, …] array";
            return false;
        }

        if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray || !TryReadDecimal(ref reader, out var price))
        {
            error = "has no decimal price";
            return false;
        }

        if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray || !TryReadDecimal(ref reader, out var size))
        {
            error = "has no decimal size";
            return false;
        }

        if (price < 0 || size < 0)
        {
            error = "has a negative price or size";
            return false;
        }

        while (true)
        {
            if (!reader.Read())
            {
                error = "is truncated";
                return false;
            }

            if (reader.TokenType == JsonTokenType.EndArray)
            {
                break;
            }

            reader.Skip();
        }

        level = new BookLevel(price, size);
        error = null;
        return true;
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

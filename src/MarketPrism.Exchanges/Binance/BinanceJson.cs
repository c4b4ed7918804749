using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;

namespace MarketPrism.Exchanges.Binance;

/// <summary>
/// The value readers the Binance frame and REST parsers share. Each works on a <see cref="Utf8JsonReader"/> positioned
/// on a value token, reads it in place (no strings), and reports failure instead of throwing so the caller can name
/// the field that was wrong.
/// </summary>
internal static class BinanceJson
{
    /// <summary>Longest escaped number text unescaped on the stack; Binance never escapes, so this only guards odd input.</summary>
    public const int MaxScalarLength = 128;

    /// <summary>Later than any real exchange time (9999-12-31) and larger than any millisecond value DateTime holds.</summary>
    private const long MaxUnixMilliseconds = 253_402_300_799_999;

    private const int InitialLevelCapacity = 64;

    /// <summary>
    /// The current property name or string value as UTF-8: a slice of the frame, no copy. Binance never escapes, so
    /// the escaped case (valid JSON all the same) takes the slow path and allocates its unescaped copy.
    /// </summary>
    public static ReadOnlySpan<byte> GetText(scoped ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;

    /// <summary>A string (Binance's form) or number holding a decimal; keeps the exchange's digits and scale.</summary>
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

    /// <summary>All of <paramref name="text"/> as a decimal, keeping its digits and scale (see <see cref="DecimalText"/>).</summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> text, out decimal value) => DecimalText.TryParse(text, out value);

    /// <summary>
    /// <c>value &lt; 0</c> as a sign-bit test: the comparison operator goes through decimal's general compare, a
    /// measurable cost when it runs twice per book level. Negative zero (<c>"-0.0"</c>) is not below zero.
    /// </summary>
    public static bool IsBelowZero(decimal value) => decimal.IsNegative(value) && value != 0;

    /// <summary>An integer given as a JSON number, or as a string of digits.</summary>
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

    /// <summary>
    /// Reads <c>[["price","size"],…]</c> into an exactly sized array (the only allocation; a shared empty array for
    /// none). Entries beyond the second of a level are skipped (older REST bodies carried a third, empty one).
    /// </summary>
    /// <param name="error">Why the array was rejected, naming the level; null on success.</param>
    public static bool TryReadLevels(scoped ref Utf8JsonReader reader, out BookLevel[] levels, out string? error)
    {
        levels = [];
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error = "is not an array of [price, size] levels";
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
            error = "is not a [price, size] array";
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

        if (IsBelowZero(price) || IsBelowZero(size))
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
    /// Advances to the next property of the object being read and onto its value, returning the name as
    /// <see cref="GetText"/> does.
    /// </summary>
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

    /// <summary>True when <paramref name="name"/> is exactly one ASCII character equal to <paramref name="key"/>.</summary>
    public static bool IsKey(ReadOnlySpan<byte> name, byte key) => name.Length == 1 && name[0] == key;
}

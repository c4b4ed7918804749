using System.Buffers;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Okx;

/// <summary>
/// What the OKX parsers read beyond the shared <c>Wire</c> readers. OKX sends every number as a JSON string and
/// an empty string for a value it does not have; each reader works on a <see cref="Utf8JsonReader"/> positioned on a
/// value token, reads it in place, and reports failure instead of throwing so the caller can name the field that
/// was wrong.
/// </summary>
internal static class OkxJson
{
    private const int InitialLevelCapacity = 64;

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

        if (!JsonScalars.TryReadDecimal(ref reader, out var parsed))
        {
            return false;
        }

        value = parsed;
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

        if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray || !JsonScalars.TryReadDecimal(ref reader, out var price))
        {
            error = "has no decimal price";
            return false;
        }

        if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray || !JsonScalars.TryReadDecimal(ref reader, out var size))
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
}

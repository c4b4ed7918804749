using System.Buffers;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Binance;

/// <summary>
/// What the Binance parsers read beyond the shared <c>Wire</c> readers: book levels in Binance's
/// <c>["price","size"]</c> shape. Each reader works on a <see cref="Utf8JsonReader"/> positioned on a value token and
/// reports failure instead of throwing so the caller can name the field that was wrong.
/// </summary>
internal static class BinanceJson
{
    private const int InitialLevelCapacity = 64;

    /// <inheritdoc cref="JsonScalars.TryParseDecimal"/>
    public static bool TryParseDecimal(ReadOnlySpan<byte> text, out decimal value) => JsonScalars.TryParseDecimal(text, out value);

    /// <inheritdoc cref="JsonScalars.IsBelowZero"/>
    public static bool IsBelowZero(decimal value) => JsonScalars.IsBelowZero(value);

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

        if (JsonScalars.IsBelowZero(price) || JsonScalars.IsBelowZero(size))
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

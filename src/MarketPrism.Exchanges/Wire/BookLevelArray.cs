using System.Buffers;
using System.Text.Json;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Wire;

/// <summary>
/// Reads a JSON array of book levels into an exactly sized <see cref="BookLevel"/> array: levels collect in a buffer
/// rented from <see cref="ArrayPool{T}.Shared"/> (the count is not known up front), so the result is the only
/// allocation, and none at all for an empty array.
/// </summary>
internal static class BookLevelArray
{
    private const int InitialCapacity = 64;

    /// <summary>Reads the array the reader is on through its closing bracket, each level by <paramref name="levelReader"/>.</summary>
    /// <param name="error">Why the array was rejected, naming the level; null on success.</param>
    public static bool TryRead<TLevel>(scoped ref Utf8JsonReader reader, TLevel levelReader, out BookLevel[] levels, out string? error)
        where TLevel : struct, IBookLevelReader
    {
        levels = [];
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error = levelReader.NotAnArray;
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

                if (!levelReader.TryRead(ref reader, out var level, out error))
                {
                    error = $"level {count} {error}";
                    return false;
                }

                if (buffer is null)
                {
                    buffer = ArrayPool<BookLevel>.Shared.Rent(InitialCapacity);
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
}

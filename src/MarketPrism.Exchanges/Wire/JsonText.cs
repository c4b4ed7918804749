using System.Text.Json;

namespace MarketPrism.Exchanges.Wire;

/// <summary>
/// Property names and string values of a frame as UTF-8, read in place. The venues never escape their text, so the
/// escaped case (valid JSON all the same) takes a slow path that allocates the unescaped copy.
/// </summary>
internal static class JsonText
{
    /// <summary>The current property name or string value as UTF-8: a slice of the frame, no copy.</summary>
    public static ReadOnlySpan<byte> Get(scoped ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;

    /// <summary>A string value (its bytes), or false for any other token.</summary>
    public static bool TryRead(scoped ref Utf8JsonReader reader, out ReadOnlySpan<byte> text)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            text = default;
            return false;
        }

        text = Get(ref reader);
        return true;
    }

    /// <summary>True when <paramref name="name"/> is exactly one ASCII character equal to <paramref name="key"/>.</summary>
    public static bool IsKey(ReadOnlySpan<byte> name, byte key) => name.Length == 1 && name[0] == key;
}

using System.Text.Json;

namespace MarketPrism.Exchanges.Wire;

/// <summary>
/// Walks the properties of the object a <see cref="Utf8JsonReader"/> is in, one at a time, so a parser can switch on
/// each name and read its value in place; truncated input is reported, not thrown.
/// </summary>
internal static class JsonProperties
{
    /// <summary>
    /// Advances to the next property of the object being read and onto its value, returning the name as
    /// <see cref="JsonText.Get"/> does.
    /// </summary>
    public static PropertyStep Next(scoped ref Utf8JsonReader reader, out ReadOnlySpan<byte> name)
    {
        name = default;
        if (!reader.Read())
        {
            return PropertyStep.Truncated;
        }

        if (reader.TokenType == JsonTokenType.EndObject)
        {
            return PropertyStep.End;
        }

        name = JsonText.Get(ref reader);
        return reader.Read() ? PropertyStep.Value : PropertyStep.Truncated;
    }
}

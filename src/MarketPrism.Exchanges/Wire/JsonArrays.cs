using System.Text.Json;

namespace MarketPrism.Exchanges.Wire;

/// <summary>
/// Walks the elements of the array a <see cref="Utf8JsonReader"/> is in, one at a time (the counterpart of
/// <see cref="JsonProperties"/> for arrays); truncated input is reported, not thrown.
/// </summary>
internal static class JsonArrays
{
    /// <summary>
    /// Advances onto the next element of the array being read. The caller reads (or skips) the whole element before
    /// asking for the next one.
    /// </summary>
    public static ElementStep Next(scoped ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            return ElementStep.Truncated;
        }

        return reader.TokenType == JsonTokenType.EndArray ? ElementStep.End : ElementStep.Value;
    }
}

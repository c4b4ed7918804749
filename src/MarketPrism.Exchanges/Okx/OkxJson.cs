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
    public static bool TryReadLevels(scoped ref Utf8JsonReader reader, out BookLevel[] levels, out string? error) =>
        BookLevelArray.TryRead(ref reader, new PriceSizeLevel("[price, size, …]"), out levels, out error);
}

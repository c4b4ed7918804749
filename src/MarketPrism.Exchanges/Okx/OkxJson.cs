using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Okx;

/// <summary>
/// What the OKX parsers read beyond the shared <c>Wire</c> readers: book levels in OKX's
/// <c>["price","size","0","orders"]</c> shape.
/// </summary>
internal static class OkxJson
{
    /// <summary>
    /// Reads <c>[["price","size","0","orders"],…]</c> into an exactly sized array (the only allocation; a shared
    /// empty array for none). Only price and size are kept: the third entry is OKX's deprecated liquidated-orders
    /// count and the fourth the number of orders at the level.
    /// </summary>
    /// <param name="error">Why the array was rejected, naming the level; null on success.</param>
    public static bool TryReadLevels(scoped ref Utf8JsonReader reader, out BookLevel[] levels, out string? error) =>
        BookLevelArray.TryRead(ref reader, new PriceSizeLevel("[price, size, …]"), out levels, out error);
}

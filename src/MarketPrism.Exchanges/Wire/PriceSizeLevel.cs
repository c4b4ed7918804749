using System.Text.Json;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Wire;

/// <summary>
/// A level that starts with its price and size (a string or a number each) and may carry more entries after them,
/// which are skipped: Binance's older REST bodies add an empty third entry, OKX adds its deprecated liquidated-orders
/// count and the number of orders. Values are checked with the rest of the record by the shared validator.
/// </summary>
/// <param name="shape">How the venue's level looks, for error messages: <c>[price, size]</c>.</param>
internal readonly struct PriceSizeLevel(string shape) : IBookLevelReader
{
    /// <summary>Binance's and Bybit's <c>["price","size"]</c>.</summary>
    public static PriceSizeLevel Pair => new("[price, size]");

    public string NotAnArray => $"is not an array of {shape} levels";

    public bool TryRead(scoped ref Utf8JsonReader reader, out BookLevel level, out string? error)
    {
        level = default;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error = $"is not a {shape} array";
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

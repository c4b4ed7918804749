using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Deribit;

/// <summary>
/// Reads Deribit book levels in place: <c>[["new"|"change"|"delete", price, amount], …]</c> from the book channel,
/// or <c>[[price, amount], …]</c> from REST <c>public/get_order_book</c>. Levels become absolute sizes:
/// <c>new</c> and <c>change</c> set the amount, <c>delete</c> sets 0 (Deribit sends amount 0 with it anyway).
/// </summary>
internal static class DeribitBookLevels
{
    /// <summary>Reads a level array into an exactly sized array (the only allocation; a shared empty array for none).</summary>
    /// <param name="withAction">Levels start with the action string (notifications) rather than the price (REST).</param>
    /// <param name="error">Why the array was rejected, naming the level; null on success.</param>
    public static bool TryRead(scoped ref Utf8JsonReader reader, bool withAction, out BookLevel[] levels, out string? error) =>
        BookLevelArray.TryRead(ref reader, new Level(withAction), out levels, out error);

    /// <summary>One level: exactly <c>[action, price, amount]</c> or <c>[price, amount]</c>, nothing after the amount.</summary>
    private readonly struct Level(bool withAction) : IBookLevelReader
    {
        public string NotAnArray => withAction ? "is not an array of [action, price, amount] levels" : "is not an array of [price, amount] levels";

        public bool TryRead(scoped ref Utf8JsonReader reader, out BookLevel level, out string? error) =>
            TryReadLevel(ref reader, withAction, out level, out error);
    }

    private static bool TryReadLevel(scoped ref Utf8JsonReader reader, bool withAction, out BookLevel level, out string? error)
    {
        level = default;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error = withAction ? "is not an [action, price, amount] array" : "is not a [price, amount] array";
            return false;
        }

        var delete = false;
        if (withAction)
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                error = "has no action";
                return false;
            }

            var action = JsonText.Get(ref reader);
            if (action.SequenceEqual("delete"u8))
            {
                delete = true;
            }
            else if (!action.SequenceEqual("new"u8) && !action.SequenceEqual("change"u8))
            {
                error = $"has the unknown action '{System.Text.Encoding.UTF8.GetString(action)}' (expected new, change or delete)";
                return false;
            }
        }

        if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray || !JsonScalars.TryReadDecimal(ref reader, out var price))
        {
            error = "has no decimal price";
            return false;
        }

        if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray || !JsonScalars.TryReadDecimal(ref reader, out var amount))
        {
            error = "has no decimal amount";
            return false;
        }

        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
        {
            error = "has more than its price and amount";
            return false;
        }

        level = new BookLevel(price, delete ? 0m : amount);
        error = null;
        return true;
    }
}

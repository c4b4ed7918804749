using System.Text.Json;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Deribit;

/// <summary>
/// What the Deribit parsers read beyond the shared <c>Wire</c> readers. Deribit sends prices, amounts and
/// rates as JSON numbers, sometimes in exponent form (<c>-8.477e-05</c>), and JSON null for a value it does not have.
/// </summary>
internal static class DeribitJson
{
    /// <summary>A decimal, or null for JSON null (Deribit's "no value", e.g. <c>best_bid_price</c> of an empty side).</summary>
    public static bool TryReadOptionalDecimal(scoped ref Utf8JsonReader reader, out decimal? value)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            value = null;
            return true;
        }

        var ok = JsonScalars.TryReadDecimal(ref reader, out var parsed);
        value = ok ? parsed : null;
        return ok;
    }
}

using System.Globalization;
using System.Text.Json;
using MarketPrism.Core.Model;

namespace MarketPrism.Simulator.Engine;

/// <summary>Writes decimals as JSON strings the way exchanges send prices: the exchange's digits and scale kept.</summary>
internal static class JsonDecimals
{
    internal static void WriteLevels(Utf8JsonWriter writer, string name, IReadOnlyList<BookLevel> levels)
    {
        writer.WriteStartArray(name);
        for (var i = 0; i < levels.Count; i++)
        {
            writer.WriteStartArray();
            WriteDecimalValue(writer, levels[i].Price, null);
            WriteDecimalValue(writer, levels[i].Size, null);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes a decimal as a JSON string, the way Binance sends prices; without a format the scale is kept.</summary>
    internal static void WriteDecimal(Utf8JsonWriter writer, string name, decimal value, string? format)
    {
        writer.WritePropertyName(name);
        WriteDecimalValue(writer, value, format);
    }

    internal static void WriteDecimalValue(Utf8JsonWriter writer, decimal value, string? format)
    {
        Span<byte> text = stackalloc byte[64];
        value.TryFormat(text, out var written, format, CultureInfo.InvariantCulture);
        writer.WriteStringValue(text[..written]);
    }
}

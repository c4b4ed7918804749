using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using MarketPrism.Core.Model;

namespace MarketPrism.Simulator.Binance;

/// <summary>
/// Finds, with <see cref="Utf8JsonReader"/> over the recorded bytes, what the simulator needs from a Binance frame:
/// the combined wrapper, the data object's position, the byte positions of its numbers (so they can be patched
/// later without re-serializing), its strings, and depth levels as decimals. Runs at load time only.
/// </summary>
internal static class BinanceFrameScanner
{
    public static bool TryScan(ReadOnlyMemory<byte> payload, out ScannedFrame frame, out string? error)
    {
        try
        {
            frame = ScanWrapped(payload.Span) ?? ScanRaw(payload.Span);
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            frame = new ScannedFrame();
            error = ex.Message;
            return false;
        }
    }

    /// <summary>Reads a REST depth snapshot: <c>{"lastUpdateId":…,"bids":[…],"asks":[…]}</c> (other fields ignored).</summary>
    public static bool TryScanSnapshot(
        ReadOnlyMemory<byte> payload,
        out long lastUpdateId,
        out List<BookLevel> bids,
        out List<BookLevel> asks,
        out string? error)
    {
        lastUpdateId = 0;
        bids = [];
        asks = [];
        try
        {
            var reader = new Utf8JsonReader(payload.Span);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "the snapshot is not a JSON object";
                return false;
            }

            var sawId = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "lastUpdateId" when reader.TokenType == JsonTokenType.Number:
                        lastUpdateId = reader.GetInt64();
                        sawId = true;
                        break;
                    case "bids" when reader.TokenType == JsonTokenType.StartArray:
                        bids = ReadLevels(ref reader);
                        break;
                    case "asks" when reader.TokenType == JsonTokenType.StartArray:
                        asks = ReadLevels(ref reader);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            error = sawId ? null : "the snapshot has no lastUpdateId";
            return sawId;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            error = ex.Message;
            return false;
        }
    }

    private static ScannedFrame? ScanWrapped(ReadOnlySpan<byte> span)
    {
        var reader = new Utf8JsonReader(span);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("the frame is not a JSON object");
        }

        var frame = new ScannedFrame();
        var sawData = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            if (name == "stream" && reader.TokenType == JsonTokenType.String)
            {
                frame.Stream = reader.GetString();
            }
            else if (name == "data" && reader.TokenType == JsonTokenType.StartObject)
            {
                frame.DataStart = (int)reader.TokenStartIndex;
                ScanObject(ref reader, frame, "");
                frame.DataLength = (int)reader.BytesConsumed - frame.DataStart;
                sawData = true;
            }
            else
            {
                reader.Skip();
            }
        }

        return sawData && frame.Stream is not null ? frame : null;
    }

    private static ScannedFrame ScanRaw(ReadOnlySpan<byte> span)
    {
        var reader = new Utf8JsonReader(span);
        reader.Read();
        var frame = new ScannedFrame { DataStart = 0 };
        ScanObject(ref reader, frame, "");
        frame.DataLength = (int)reader.BytesConsumed;
        return frame;
    }

    private static void ScanObject(ref Utf8JsonReader reader, ScannedFrame frame, string prefix)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = prefix + reader.GetString();
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.Number:
                    if (reader.TryGetInt64(out var value))
                    {
                        frame.Numbers[name] = new NumberField((int)reader.TokenStartIndex, reader.ValueSpan.Length, value);
                    }

                    break;
                case JsonTokenType.String:
                    frame.Strings[name] = reader.GetString()!;
                    break;
                case JsonTokenType.True:
                case JsonTokenType.False:
                    frame.Booleans[name] = reader.GetBoolean();
                    break;
                case JsonTokenType.StartArray when prefix.Length == 0 && name is "b" or "a":
                    var levels = ReadLevels(ref reader);
                    if (name == "b")
                    {
                        frame.Bids = levels;
                    }
                    else
                    {
                        frame.Asks = levels;
                    }

                    break;
                case JsonTokenType.StartObject when prefix.Length == 0 && name is "k" or "o":
                    ScanObject(ref reader, frame, name + ".");
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    /// <summary>Reads <c>[["price","qty"],…]</c>; extra entries in a level are ignored.</summary>
    private static List<BookLevel> ReadLevels(ref Utf8JsonReader reader)
    {
        var levels = new List<BookLevel>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new FormatException("a depth level is not an array");
            }

            reader.Read();
            var price = ReadDecimal(ref reader);
            reader.Read();
            var size = ReadDecimal(ref reader);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                reader.Skip();
            }

            levels.Add(new BookLevel(price, size));
        }

        return levels;
    }

    private static decimal ReadDecimal(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number))
        {
            throw new FormatException($"expected a price or quantity, found {reader.TokenType}");
        }

        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.GetDecimal();
        }

        if (!reader.ValueIsEscaped
            && Utf8Parser.TryParse(reader.ValueSpan, out decimal value, out var consumed)
            && consumed == reader.ValueSpan.Length)
        {
            return value;
        }

        return decimal.Parse(reader.GetString() ?? "", NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}

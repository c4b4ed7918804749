using System.Buffers;
using System.Text.Json;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Deribit;

/// <summary>
/// Renders what the simulated Deribit sends, in Deribit's exact shapes (docs.deribit.com; the recorded capture for
/// field order): JSON-RPC answers with <c>usIn</c>/<c>usOut</c>/<c>usDiff</c>/<c>testnet</c>, errors with
/// <c>code</c>/<c>message</c>/<c>data</c>, heartbeats, and subscription notifications with numbers as JSON numbers.
/// </summary>
internal static class DeribitFrames
{
    /// <summary>What <c>public/test</c> answers with.</summary>
    public const string Version = "1.2.26";

    /// <summary><c>{"jsonrpc":"2.0","id":…,"result":…,"usIn","usOut","usDiff","testnet":false}</c>; the id is echoed as sent.</summary>
    public static byte[] Result(byte[] rawId, long usIn, long usOut, Action<Utf8JsonWriter> writeResult) => Write(writer =>
    {
        writer.WriteString("jsonrpc", "2.0");
        WriteId(writer, rawId);
        writer.WritePropertyName("result");
        writeResult(writer);
        WriteTiming(writer, usIn, usOut);
    });

    /// <summary>A JSON-RPC error; <paramref name="reason"/> and <paramref name="param"/> go into <c>data</c> when given.</summary>
    public static byte[] Error(byte[] rawId, long usIn, long usOut, int code, string message, string? reason = null, string? param = null) => Write(writer =>
    {
        writer.WriteString("jsonrpc", "2.0");
        WriteId(writer, rawId);
        writer.WriteStartObject("error");
        writer.WriteString("message", message);
        if (reason is not null)
        {
            writer.WriteStartObject("data");
            writer.WriteString("reason", reason);
            if (param is not null)
            {
                writer.WriteString("param", param);
            }

            writer.WriteEndObject();
        }

        writer.WriteNumber("code", code);
        writer.WriteEndObject();
        WriteTiming(writer, usIn, usOut);
    });

    /// <summary><c>{"jsonrpc":"2.0","method":"heartbeat","params":{"type":"test_request"}}</c>: the client must answer with <c>public/test</c>.</summary>
    public static readonly byte[] TestRequest = """{"jsonrpc":"2.0","method":"heartbeat","params":{"type":"test_request"}}"""u8.ToArray();

    /// <summary>A subscription notification: <c>{"jsonrpc":"2.0","method":"subscription","params":{"channel":…,"data":…}}</c>.</summary>
    public static OutboundFrame Notification(string channel, Action<Utf8JsonWriter> writeData)
    {
        var bytes = Write(writer =>
        {
            writer.WriteString("jsonrpc", "2.0");
            writer.WriteString("method", "subscription");
            writer.WriteStartObject("params");
            writer.WriteString("channel", channel);
            writer.WritePropertyName("data");
            writeData(writer);
            writer.WriteEndObject();
        });
        return new OutboundFrame(bytes, 0, bytes.Length);
    }

    /// <summary>A book notification: the snapshot (no <c>prev_change_id</c>) or a change, as in the recorded capture.</summary>
    public static OutboundFrame Book(
        string channel, string instrument, bool snapshot, long time, long? previousChangeId, long changeId, IReadOnlyList<DeribitLevel> bids, IReadOnlyList<DeribitLevel> asks) =>
        Notification(channel, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", snapshot ? "snapshot" : "change");
            writer.WriteNumber("timestamp", time);
            if (previousChangeId is { } previous)
            {
                writer.WriteNumber("prev_change_id", previous);
            }

            writer.WriteString("instrument_name", instrument);
            writer.WriteNumber("change_id", changeId);
            WriteLevels(writer, "bids", bids);
            WriteLevels(writer, "asks", asks);
            writer.WriteEndObject();
        });

    /// <summary><c>quote.{instrument}</c>: the top of the book; an empty side is 0 and 0, as Deribit's ticker sends it.</summary>
    public static OutboundFrame Quote(string instrument, long time, (decimal BidPrice, decimal BidAmount, decimal AskPrice, decimal AskAmount) quote) =>
        Notification(DeribitChannelNames.Quote(instrument), writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("timestamp", time);
            writer.WriteString("instrument_name", instrument);
            writer.WriteNumber("best_bid_price", quote.BidPrice);
            writer.WriteNumber("best_bid_amount", quote.BidAmount);
            writer.WriteNumber("best_ask_price", quote.AskPrice);
            writer.WriteNumber("best_ask_amount", quote.AskAmount);
            writer.WriteEndObject();
        });

    /// <summary><c>deribit_volatility_index.{index}</c>: <c>{"volatility","timestamp","index_name"}</c>, docs.deribit.com's shape.</summary>
    public static OutboundFrame VolatilityIndex(string index, long time, decimal volatility) =>
        Notification(DeribitChannelNames.VolatilityIndex(index), writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("volatility", volatility);
            writer.WriteNumber("timestamp", time);
            writer.WriteString("index_name", index);
            writer.WriteEndObject();
        });

    public static void WriteLevels(Utf8JsonWriter writer, string name, IReadOnlyList<DeribitLevel> levels)
    {
        writer.WriteStartArray(name);
        foreach (var level in levels)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(level.Action);
            writer.WriteNumberValue(level.Price);
            writer.WriteNumberValue(level.Amount);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    public static byte[] Write(Action<Utf8JsonWriter> writeFields)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WireJson.Options))
        {
            writer.WriteStartObject();
            writeFields(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteId(Utf8JsonWriter writer, byte[] rawId)
    {
        if (rawId.Length > 0)
        {
            writer.WritePropertyName("id");
            writer.WriteRawValue(rawId, skipInputValidation: true);
        }
    }

    private static void WriteTiming(Utf8JsonWriter writer, long usIn, long usOut)
    {
        writer.WriteNumber("usIn", usIn);
        writer.WriteNumber("usOut", usOut);
        writer.WriteNumber("usDiff", usOut - usIn);
        writer.WriteBoolean("testnet", false);
    }
}

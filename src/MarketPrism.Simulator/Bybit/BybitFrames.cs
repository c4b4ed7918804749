using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Bybit;

/// <summary>One synthetic trade of a <c>publicTrade</c> frame.</summary>
internal readonly record struct BybitTrade(long Time, Side TakerSide, decimal Quantity, decimal Price, string TickDirection, string Id, long Sequence);

/// <summary>One liquidation of an <c>allLiquidation</c> frame; the side is the liquidated position's.</summary>
internal readonly record struct BybitLiquidation(long Time, Side PositionSide, decimal Quantity, decimal BankruptcyPrice);

/// <summary>
/// Renders Bybit v5 public frames and replies in the exact shapes of the docs and the recordings: key order as Bybit
/// sends it, prices and sizes as strings with the exchange's digits, times as numbers (ms).
/// </summary>
internal static class BybitFrames
{
    /// <summary><c>{"topic","type","ts","data":{"s","b","a","u","seq"},"cts"}</c>, as in the recorded session.</summary>
    public static byte[] OrderBook(string topic, bool snapshot, long time, string symbol, IReadOnlyList<BookLevel> bids, IReadOnlyList<BookLevel> asks, long updateId, long sequence, long matchTime) =>
        Write(writer =>
        {
            writer.WriteString("topic", topic);
            writer.WriteString("type", snapshot ? "snapshot" : "delta");
            writer.WriteNumber("ts", time);
            writer.WriteStartObject("data");
            writer.WriteString("s", symbol);
            JsonDecimals.WriteLevels(writer, "b", bids);
            JsonDecimals.WriteLevels(writer, "a", asks);
            writer.WriteNumber("u", updateId);
            writer.WriteNumber("seq", sequence);
            writer.WriteEndObject();
            writer.WriteNumber("cts", matchTime);
        });

    /// <summary>
    /// <c>{"topic","type":"snapshot","ts","data":[{"T","s","S","v","p","L","i","BT","RPI","seq"}]}</c>; spot trades have
    /// no tick direction <c>L</c> ("Unique field for Perps &amp; futures").
    /// </summary>
    public static byte[] Trades(string topic, long time, string symbol, bool spot, IReadOnlyList<BybitTrade> trades) =>
        Write(writer =>
        {
            writer.WriteString("topic", topic);
            writer.WriteString("type", "snapshot");
            writer.WriteNumber("ts", time);
            writer.WriteStartArray("data");
            foreach (var trade in trades)
            {
                writer.WriteStartObject();
                writer.WriteNumber("T", trade.Time);
                writer.WriteString("s", symbol);
                writer.WriteString("S", trade.TakerSide == Side.Buy ? "Buy" : "Sell");
                JsonDecimals.WriteDecimal(writer, "v", trade.Quantity, null);
                JsonDecimals.WriteDecimal(writer, "p", trade.Price, null);
                if (!spot)
                {
                    writer.WriteString("L", trade.TickDirection);
                }

                writer.WriteString("i", trade.Id);
                writer.WriteBoolean("BT", false);
                writer.WriteBoolean("RPI", false);
                writer.WriteNumber("seq", trade.Sequence);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });

    /// <summary>
    /// Contracts: <c>{"topic","type","data":{…},"cs","ts"}</c> (the recorded order); spot:
    /// <c>{"topic","ts","type":"snapshot","cs","data":{…}}</c> (the docs' spot example).
    /// </summary>
    public static byte[] Ticker(string topic, bool spot, bool snapshot, long time, long crossSequence, IReadOnlyList<KeyValuePair<string, string>> fields) =>
        Write(writer =>
        {
            writer.WriteString("topic", topic);
            if (spot)
            {
                writer.WriteNumber("ts", time);
                writer.WriteString("type", "snapshot");
                writer.WriteNumber("cs", crossSequence);
                WriteFields(writer, fields);
                return;
            }

            writer.WriteString("type", snapshot ? "snapshot" : "delta");
            WriteFields(writer, fields);
            writer.WriteNumber("cs", crossSequence);
            writer.WriteNumber("ts", time);
        });

    /// <summary><c>{"topic","type":"snapshot","ts","data":[{"T","s","S","v","p"}]}</c> (docs "All Liquidation").</summary>
    public static byte[] Liquidations(string topic, long time, string symbol, IReadOnlyList<BybitLiquidation> liquidations) =>
        Write(writer =>
        {
            writer.WriteString("topic", topic);
            writer.WriteString("type", "snapshot");
            writer.WriteNumber("ts", time);
            writer.WriteStartArray("data");
            foreach (var liquidation in liquidations)
            {
                writer.WriteStartObject();
                writer.WriteNumber("T", liquidation.Time);
                writer.WriteString("s", symbol);
                writer.WriteString("S", liquidation.PositionSide == Side.Buy ? "Buy" : "Sell");
                JsonDecimals.WriteDecimal(writer, "v", liquidation.Quantity, null);
                JsonDecimals.WriteDecimal(writer, "p", liquidation.BankruptcyPrice, null);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });

    /// <summary>
    /// A reply to a request, <c>{"success","ret_msg","conn_id","req_id","op"}</c> as documented for linear, with
    /// <c>req_id</c> left out when the request had none.
    /// </summary>
    public static byte[] Reply(bool success, string message, string connectionId, string? requestId, string operation) =>
        Write(writer =>
        {
            writer.WriteBoolean("success", success);
            writer.WriteString("ret_msg", message);
            writer.WriteString("conn_id", connectionId);
            if (requestId is not null)
            {
                writer.WriteString("req_id", requestId);
            }

            writer.WriteString("op", operation);
        });

    /// <summary>The <c>conn_id</c> of a connection: UUID-shaped, like Bybit's, from the simulator's connection number.</summary>
    public static string ConnectionId(long id) => string.Create(CultureInfo.InvariantCulture, $"5e7c0000-0000-4000-8000-{id:D12}");

    private static void WriteFields(Utf8JsonWriter writer, IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        writer.WriteStartObject("data");
        foreach (var (name, value) in fields)
        {
            writer.WriteString(name, value);
        }

        writer.WriteEndObject();
    }

    private static byte[] Write(Action<Utf8JsonWriter> writeFields)
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
}

using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Coinbase;

/// <summary>
/// Every frame the Coinbase venue sends, in the field order of Coinbase's own: the Exchange feed's as the capture
/// shows them (<c>snapshot</c>, <c>l2update</c>, <c>match</c>/<c>last_match</c>, <c>ticker</c>, <c>subscriptions</c>,
/// <c>error</c>), and Advanced Trade's envelope <c>{"channel","client_id","timestamp","sequence_num","events"}</c> as
/// the real 2024 frames (JKorf's Coinbase.Net captures) and Coinbase's AsyncAPI document show it. Advanced Trade
/// frames leave out their <c>sequence_num</c>: each connection writes its own counter in (see
/// <see cref="OutboundFrame.SequenceAt"/>), since the number counts the messages of one connection.
/// </summary>
internal static class CoinbaseFrames
{
    private const string IsoFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    // ---- Exchange feed ----

    public static OutboundFrame ExchangeSnapshot(string product, BookLevel[] bids, BookLevel[] asks) => Frame(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("type", "snapshot");
        writer.WriteString("product_id", product);
        JsonDecimals.WriteLevels(writer, "asks", asks);
        JsonDecimals.WriteLevels(writer, "bids", bids);
        writer.WriteEndObject();
    });

    public static OutboundFrame ExchangeUpdate(string product, IReadOnlyList<CoinbaseChange> changes, DateTimeOffset time) => Frame(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("type", "l2update");
        writer.WriteString("product_id", product);
        writer.WriteStartArray("changes");
        foreach (var change in changes)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(change.Side == Side.Buy ? "buy" : "sell");
            JsonDecimals.WriteDecimalValue(writer, change.Price, null);
            JsonDecimals.WriteDecimalValue(writer, change.Size, null);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteString("time", Iso(time));
        writer.WriteEndObject();
    });

    /// <param name="type"><c>match</c>, or <c>last_match</c> for the one a new subscriber is told first.</param>
    public static OutboundFrame ExchangeMatch(string type, string product, CoinbaseMatch match) => Frame(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WriteNumber("trade_id", match.TradeId);
        writer.WriteString("maker_order_id", match.MakerOrderId);
        writer.WriteString("taker_order_id", match.TakerOrderId);
        writer.WriteString("side", match.MakerSide);
        JsonDecimals.WriteDecimal(writer, "size", match.Size, null);
        JsonDecimals.WriteDecimal(writer, "price", match.Price, null);
        writer.WriteString("product_id", product);
        writer.WriteNumber("sequence", match.Sequence);
        writer.WriteString("time", Iso(match.Time));
        writer.WriteEndObject();
    });

    /// <summary>A recorded ticker with its <c>sequence</c>, <c>trade_id</c> and <c>time</c> moved on; every other field as recorded.</summary>
    public static OutboundFrame ExchangeTicker(JsonElement recorded, long sequenceShift, long tradeIdShift, TimeSpan timeShift) => Frame(writer =>
    {
        writer.WriteStartObject();
        foreach (var property in recorded.EnumerateObject())
        {
            switch (property.Name)
            {
                case "sequence":
                    writer.WriteNumber("sequence", property.Value.GetInt64() + sequenceShift);
                    break;
                case "trade_id":
                    writer.WriteNumber("trade_id", property.Value.GetInt64() + tradeIdShift);
                    break;
                case "time":
                    writer.WriteString("time", Iso(ParseTime(property.Value.GetString()!) + timeShift));
                    break;
                default:
                    property.WriteTo(writer);
                    break;
            }
        }

        writer.WriteEndObject();
    });

    /// <summary>The Exchange feed's <c>heartbeat</c>: the product's last <c>sequence</c> and <c>last_trade_id</c>, and the time.</summary>
    public static OutboundFrame ExchangeHeartbeat(string product, long sequence, long lastTradeId, DateTimeOffset time) => Frame(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("type", "heartbeat");
        writer.WriteNumber("sequence", sequence);
        writer.WriteNumber("last_trade_id", lastTradeId);
        writer.WriteString("product_id", product);
        writer.WriteString("time", Iso(time));
        writer.WriteEndObject();
    });

    /// <summary>The Exchange feed's <c>subscriptions</c> message: every channel of the connection with its products.</summary>
    public static byte[] ExchangeSubscriptions(IReadOnlyList<(string Channel, List<string> Products)> channels) => Bytes(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("type", "subscriptions");
        writer.WriteStartArray("channels");
        foreach (var (channel, products) in channels)
        {
            writer.WriteStartObject();
            writer.WriteString("name", channel);
            writer.WriteStartArray("product_ids");
            products.ForEach(writer.WriteStringValue);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    /// <summary>The Exchange feed's error: <c>{"type":"error","message":…,"reason":…}</c> (the reason only when there is one).</summary>
    public static byte[] ExchangeError(string message, string? reason) => Bytes(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("type", "error");
        writer.WriteString("message", message);
        if (reason is not null)
        {
            writer.WriteString("reason", reason);
        }

        writer.WriteEndObject();
    });

    // ---- Advanced Trade ----

    /// <summary>An <c>l2_data</c> message: the snapshot (every level, bids then asks, best first) or an update.</summary>
    public static (byte[] Bytes, int SequenceAt) AdvancedBook(
        string type, string product, IReadOnlyList<CoinbaseChange> changes, DateTimeOffset eventTime, DateTimeOffset now) =>
        Envelope("l2_data", now, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteString("product_id", product);
            writer.WriteStartArray("updates");
            var time = Iso(eventTime);
            foreach (var change in changes)
            {
                writer.WriteStartObject();
                writer.WriteString("side", change.Side == Side.Buy ? "bid" : "offer");
                writer.WriteString("event_time", time);
                JsonDecimals.WriteDecimal(writer, "price_level", change.Price, null);
                JsonDecimals.WriteDecimal(writer, "new_quantity", change.Size, null);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });

    /// <summary>
    /// A <c>market_trades</c> message, trades newest first, in the field order of the real 2024 frame. <c>side</c> is the
    /// maker order's side in capitals, as on the Exchange feed (see the venue's README).
    /// </summary>
    public static (byte[] Bytes, int SequenceAt) AdvancedTrades(string type, string product, IReadOnlyList<CoinbaseMatch> newestFirst, DateTimeOffset now) =>
        Envelope("market_trades", now, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteStartArray("trades");
            foreach (var trade in newestFirst)
            {
                writer.WriteStartObject();
                writer.WriteString("product_id", product);
                writer.WriteString("trade_id", trade.TradeId.ToString(CultureInfo.InvariantCulture));
                JsonDecimals.WriteDecimal(writer, "price", trade.Price, null);
                JsonDecimals.WriteDecimal(writer, "size", trade.Size, null);
                writer.WriteString("time", Iso(trade.Time));
                writer.WriteString("side", trade.MakerSide == "buy" ? "BUY" : "SELL");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });

    /// <summary>
    /// A <c>ticker</c> message: last price and 24 h figures from the product's last recorded Exchange ticker (the 52-week
    /// range is not recorded: the 24 h one stands in), best bid and ask with their quantities from the true book.
    /// </summary>
    public static (byte[] Bytes, int SequenceAt) AdvancedTicker(
        string type, string product, JsonElement recorded, BookLevel bid, BookLevel ask, DateTimeOffset now) =>
        Envelope("ticker", now, writer =>
        {
            var price = Text(recorded, "price");
            var open = Text(recorded, "open_24h");
            var low = Text(recorded, "low_24h");
            var high = Text(recorded, "high_24h");
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteStartArray("tickers");
            writer.WriteStartObject();
            writer.WriteString("type", "ticker");
            writer.WriteString("product_id", product);
            writer.WriteString("price", price);
            writer.WriteString("volume_24_h", Text(recorded, "volume_24h"));
            writer.WriteString("low_24_h", low);
            writer.WriteString("high_24_h", high);
            writer.WriteString("low_52_w", low);
            writer.WriteString("high_52_w", high);
            writer.WriteString("price_percent_chg_24_h", PercentChange(price, open));
            JsonDecimals.WriteDecimal(writer, "best_bid", bid.Price, null);
            JsonDecimals.WriteDecimal(writer, "best_bid_quantity", bid.Size, null);
            JsonDecimals.WriteDecimal(writer, "best_ask", ask.Price, null);
            JsonDecimals.WriteDecimal(writer, "best_ask_quantity", ask.Size, null);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        });

    /// <summary>A <c>heartbeats</c> message as the real one: Go's time text with the server's monotonic reading, and the counter.</summary>
    public static (byte[] Bytes, int SequenceAt) AdvancedHeartbeat(long counter, TimeSpan uptime, DateTimeOffset now) =>
        Envelope("heartbeats", now, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString(
                "current_time",
                string.Create(CultureInfo.InvariantCulture, $"{now.UtcDateTime:yyyy-MM-dd HH:mm:ss.fffffff}00 +0000 UTC m=+{uptime.TotalSeconds:0.000000000}"));
            writer.WriteNumber("heartbeat_counter", counter);
            writer.WriteEndObject();
        });

    /// <summary>The <c>subscriptions</c> message: every channel of the connection with its products (<c>heartbeats</c> lists itself).</summary>
    public static (byte[] Bytes, int SequenceAt) AdvancedSubscriptions(IReadOnlyList<(string Channel, List<string> Products)> channels, DateTimeOffset now) =>
        Envelope("subscriptions", now, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("subscriptions");
            foreach (var (channel, products) in channels)
            {
                writer.WriteStartArray(channel);
                products.ForEach(writer.WriteStringValue);
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    /// <summary>Advanced Trade's error, <c>{"type":"error","message":…}</c> (no envelope, no sequence number).</summary>
    public static byte[] AdvancedError(string message) => Bytes(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("type", "error");
        writer.WriteString("message", message);
        writer.WriteEndObject();
    });

    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString(IsoFormat, CultureInfo.InvariantCulture);

    /// <summary>RFC 3339 with nanoseconds, as Advanced Trade's envelope <c>timestamp</c>.</summary>
    public static string Nanos(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "00Z";

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string Text(JsonElement recorded, string name) =>
        recorded.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "0";

    private static string PercentChange(string price, string open)
    {
        if (!decimal.TryParse(price, NumberStyles.Float, CultureInfo.InvariantCulture, out var last)
            || !decimal.TryParse(open, NumberStyles.Float, CultureInfo.InvariantCulture, out var first) || first == 0)
        {
            return "0";
        }

        return decimal.Round((last - first) / first * 100, 8, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Writes <c>{"channel":…,"client_id":"","timestamp":…,"sequence_num":</c>, leaves the number out, and goes on with
    /// <c>,"events":[…]}</c>; returns the bytes and where the number belongs.
    /// </summary>
    private static (byte[] Bytes, int SequenceAt) Envelope(string channel, DateTimeOffset now, Action<Utf8JsonWriter> writeEvent)
    {
        var head = Encoding.UTF8.GetBytes($$"""{"channel":"{{channel}}","client_id":"","timestamp":"{{Nanos(now)}}","sequence_num":""");
        var events = Bytes(writer =>
        {
            writer.WriteStartArray();
            writeEvent(writer);
            writer.WriteEndArray();
        });
        var bytes = new byte[head.Length + 10 + events.Length + 1];
        head.CopyTo(bytes, 0);
        ",\"events\":"u8.CopyTo(bytes.AsSpan(head.Length));
        events.CopyTo(bytes, head.Length + 10);
        bytes[^1] = (byte)'}';
        return (bytes, head.Length);
    }

    private static OutboundFrame Frame(Action<Utf8JsonWriter> write)
    {
        var bytes = Bytes(write);
        return new OutboundFrame(bytes, 0, bytes.Length);
    }

    private static byte[] Bytes(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WireJson.Options))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}

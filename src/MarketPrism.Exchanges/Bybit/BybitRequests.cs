using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace MarketPrism.Exchanges.Bybit;

/// <summary>
/// The messages the collector sends Bybit: <c>{"req_id":"…","op":"subscribe"|"unsubscribe","args":[…]}</c>, answered
/// with <c>{"success":…,"ret_msg":…,"req_id":"…","op":…}</c> echoing the id, and the keep-alive
/// <c>{"req_id":"…","op":"ping"}</c> (docs "Connect": "send the ping heartbeat packet every 20 seconds").
/// </summary>
public static class BybitRequests
{
    /// <summary>The id of the keep-alive ping; any text is allowed, and a pong is recognized by its <c>op</c>, not by this.</summary>
    public const string PingRequestId = "keepalive";

    /// <summary>The keep-alive frame, sent as is every <see cref="BybitLimits.PingInterval"/>.</summary>
    public static ReadOnlyMemory<byte> Ping { get; } = """{"req_id":"keepalive","op":"ping"}"""u8.ToArray();

    /// <summary>Subscribes <paramref name="topics"/>; the request id goes out as its decimal text, which Bybit echoes.</summary>
    public static byte[] Subscribe(IReadOnlyCollection<string> topics, long requestId) => Request("subscribe", topics, requestId);

    public static byte[] Unsubscribe(IReadOnlyCollection<string> topics, long requestId) => Request("unsubscribe", topics, requestId);

    /// <summary>
    /// The order book request: <c>/v5/market/orderbook?category=…&amp;symbol=…&amp;limit=…</c>, with
    /// <paramref name="levels"/> clamped to what the category accepts (<see cref="BybitLimits.RestDepthLimit"/>).
    /// </summary>
    public static string OrderBookPath(BybitCategory category, string exchangeSymbol, int levels)
    {
        ArgumentException.ThrowIfNullOrEmpty(exchangeSymbol);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"/v5/market/orderbook?category={category.ToWireName()}&symbol={Uri.EscapeDataString(exchangeSymbol.ToUpperInvariant())}&limit={BybitLimits.RestDepthLimit(category, levels)}");
    }

    private static byte[] Request(string operation, IReadOnlyCollection<string> topics, long requestId)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var buffer = new ArrayBufferWriter<byte>(64 + (topics.Count * 32));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("req_id"u8, requestId.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("op"u8, operation);
            writer.WriteStartArray("args"u8);
            foreach (var topic in topics)
            {
                writer.WriteStringValue(topic);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

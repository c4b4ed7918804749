using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace MarketPrism.Exchanges.Deribit;

/// <summary>
/// The JSON-RPC 2.0 requests the collector sends (docs.deribit.com, "JSON-RPC"): <c>public/subscribe</c>,
/// <c>public/unsubscribe</c>, <c>public/set_heartbeat</c> and <c>public/test</c>, each with an integer id that
/// Deribit echoes in its answer.
/// </summary>
public static class DeribitRequests
{
    public static ReadOnlyMemory<byte> Subscribe(IReadOnlyList<string> channels, long id) => Channels("public/subscribe", channels, id);

    public static ReadOnlyMemory<byte> Unsubscribe(IReadOnlyList<string> channels, long id) => Channels("public/unsubscribe", channels, id);

    /// <summary><c>public/set_heartbeat</c>: Deribit then sends <c>heartbeat</c> messages and <c>test_request</c>s to answer.</summary>
    public static ReadOnlyMemory<byte> SetHeartbeat(int intervalSeconds, long id)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(intervalSeconds, 10);
        return Write("public/set_heartbeat", id, writer => writer.WriteNumber("interval", intervalSeconds));
    }

    /// <summary><c>public/test</c>: the answer to a <c>test_request</c>.</summary>
    public static ReadOnlyMemory<byte> Test(long id) => Write("public/test", id, static _ => { });

    /// <summary>REST <c>public/get_order_book</c> for an instrument and a depth Deribit accepts.</summary>
    public static string OrderBookPath(string instrumentName, int depth)
    {
        ArgumentException.ThrowIfNullOrEmpty(instrumentName);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"/api/v2/public/get_order_book?instrument_name={Uri.EscapeDataString(instrumentName)}&depth={depth}");
    }

    private static ReadOnlyMemory<byte> Channels(string method, IReadOnlyList<string> channels, long id)
    {
        ArgumentNullException.ThrowIfNull(channels);
        return Write(method, id, writer =>
        {
            writer.WriteStartArray("channels");
            foreach (var channel in channels)
            {
                writer.WriteStringValue(channel);
            }

            writer.WriteEndArray();
        });
    }

    private static ReadOnlyMemory<byte> Write(string method, long id, Action<Utf8JsonWriter> writeParams)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            writer.WriteNumber("id", id);
            writer.WriteString("method", method);
            writer.WriteStartObject("params");
            writeParams(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }
}

using System.Buffers;
using System.Text.Json;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Okx;

/// <summary>
/// The WebSocket requests the collector sends OKX: <c>{"op":"subscribe"|"unsubscribe","args":[{"channel",…}]}</c>,
/// one argument per stream (duplicates sent once), and the text keep-alive <c>ping</c>.
/// </summary>
public static class OkxRequests
{
    /// <summary>The keep-alive OKX answers with the text <c>pong</c>.</summary>
    public static ReadOnlyMemory<byte> Ping { get; } = "ping"u8.ToArray();

    public static byte[] Subscribe(IReadOnlyList<StreamSubscription> streams) => Request("subscribe", streams);

    public static byte[] Unsubscribe(IReadOnlyList<StreamSubscription> streams) => Request("unsubscribe", streams);

    private static byte[] Request(string op, IReadOnlyList<StreamSubscription> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        if (streams.Count == 0)
        {
            throw new ArgumentException("A subscription request needs at least one stream.", nameof(streams));
        }

        var written = new HashSet<string>(StringComparer.Ordinal);
        var buffer = new ArrayBufferWriter<byte>(32 + (streams.Count * 48));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("op"u8, op);
            writer.WriteStartArray("args"u8);
            foreach (var stream in streams)
            {
                // liquidation-orders is one argument per instrument type, however many instruments asked for it.
                if (!written.Add(stream.Name))
                {
                    continue;
                }

                if (!OkxChannels.TrySplit(stream.Name, out var channel, out var target))
                {
                    throw new ArgumentException($"'{stream.Name}' is not an OKX stream name (channel:instId).", nameof(streams));
                }

                writer.WriteStartObject();
                writer.WriteString("channel"u8, channel);
                writer.WriteString(OkxChannels.IsByInstrumentType(channel) ? "instType"u8 : "instId"u8, target);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

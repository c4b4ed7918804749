using System.Buffers;
using System.Text.Json;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Coinbase;

/// <summary>
/// The WebSocket requests the collector sends Coinbase (shapes in recordings/protocol/coinbase/README.md).
/// <list type="bullet">
/// <item>Exchange feed: <c>{"type":"subscribe"|"unsubscribe","channels":[{"name":…,"product_ids":[…]},…]}</c>, each
/// channel with its own products, so a request never subscribes a product to a channel nobody asked for. A subscribe
/// adds the <c>heartbeat</c> channel for its products: its <c>last_trade_id</c> shows trades lost on a quiet
/// product.</item>
/// <item>Advanced Trade: <c>{"type":"subscribe"|"unsubscribe","product_ids":[…],"channel":…}</c>, one channel per
/// message; <c>{"type":"subscribe","channel":"heartbeats"}</c> opens every connection.</item>
/// </list>
/// </summary>
public static class CoinbaseRequests
{
    /// <summary>Advanced Trade's <c>heartbeats</c> subscription (no products), sent first on every connection.</summary>
    public static ReadOnlyMemory<byte> SubscribeHeartbeats { get; } = """{"type":"subscribe","channel":"heartbeats"}"""u8.ToArray();

    public static byte[] ExchangeRequest(string type, IReadOnlyList<StreamSubscription> streams, bool withHeartbeat)
    {
        var byChannel = Group(streams);
        if (withHeartbeat)
        {
            var products = new List<string>();
            foreach (var (_, ids) in byChannel)
            {
                foreach (var id in ids)
                {
                    if (!products.Contains(id))
                    {
                        products.Add(id);
                    }
                }
            }

            byChannel.Add((CoinbaseChannels.Heartbeat, products));
        }

        var buffer = new ArrayBufferWriter<byte>(64 + (streams.Count * 48));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, type);
            writer.WriteStartArray("channels"u8);
            foreach (var (channel, products) in byChannel)
            {
                writer.WriteStartObject();
                writer.WriteString("name"u8, channel);
                WriteProducts(writer, products);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>One Advanced Trade request; every stream must be of one channel (the venue sends one stream per request).</summary>
    public static byte[] AdvancedTradeRequest(string type, IReadOnlyList<StreamSubscription> streams)
    {
        var byChannel = Group(streams);
        if (byChannel.Count != 1)
        {
            throw new ArgumentException("Advanced Trade takes one channel per subscribe message.", nameof(streams));
        }

        var buffer = new ArrayBufferWriter<byte>(64 + (streams.Count * 16));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, type);
            WriteProducts(writer, byChannel[0].Products);
            writer.WriteString("channel"u8, byChannel[0].Channel);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteProducts(Utf8JsonWriter writer, List<string> products)
    {
        writer.WriteStartArray("product_ids"u8);
        foreach (var product in products)
        {
            writer.WriteStringValue(product);
        }

        writer.WriteEndArray();
    }

    /// <summary>The streams' channels in first-seen order, each with its products (duplicates once).</summary>
    private static List<(string Channel, List<string> Products)> Group(IReadOnlyList<StreamSubscription> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        if (streams.Count == 0)
        {
            throw new ArgumentException("A subscription request needs at least one stream.", nameof(streams));
        }

        var groups = new List<(string Channel, List<string> Products)>();
        foreach (var stream in streams)
        {
            if (!CoinbaseChannels.TrySplit(stream.Name, out var channel, out var product))
            {
                throw new ArgumentException($"'{stream.Name}' is not a Coinbase stream name (channel:product).", nameof(streams));
            }

            var index = groups.FindIndex(group => group.Channel == channel);
            if (index < 0)
            {
                groups.Add((channel, [product]));
            }
            else if (!groups[index].Products.Contains(product))
            {
                groups[index].Products.Add(product);
            }
        }

        return groups;
    }
}

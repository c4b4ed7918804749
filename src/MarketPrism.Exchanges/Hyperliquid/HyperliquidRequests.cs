using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace MarketPrism.Exchanges.Hyperliquid;

/// <summary>
/// What the collector sends Hyperliquid (docs "Subscriptions" and "Timeouts and heartbeats"):
/// <c>{"method":"subscribe","subscription":{"type":"l2Book","coin":"BTC"}}</c>, the same with <c>unsubscribe</c>,
/// and the keep-alive <c>{"method":"ping"}</c>; and the <c>POST /info</c> bodies (docs "Info endpoint").
/// Hyperliquid echoes no request id: it answers each subscription with <c>subscriptionResponse</c> naming it, so a
/// stream's name (<c>l2Book:BTC</c>) is what an answer is matched by.
/// </summary>
public static class HyperliquidRequests
{
    /// <summary>The keep-alive frame, sent as is every <see cref="HyperliquidLimits.PingInterval"/>.</summary>
    public static ReadOnlyMemory<byte> Ping { get; } = """{"method":"ping"}"""u8.ToArray();

    /// <summary>The subscription type as written on the wire.</summary>
    public static string ToWireName(this HyperliquidChannel channel) => channel switch
    {
        HyperliquidChannel.Trades => "trades",
        HyperliquidChannel.L2Book => "l2Book",
        HyperliquidChannel.Bbo => "bbo",
        HyperliquidChannel.ActiveAssetCtx => "activeAssetCtx",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, null),
    };

    /// <summary>The stream name of a subscription: <c>{type}:{coin}</c>, e.g. <c>l2Book:BTC</c> or <c>trades:xyz:XYZ100</c>.</summary>
    public static string StreamName(string type, string coin) => string.Concat(type, ":", coin);

    /// <summary>Splits a stream name at its first colon (a HIP-3 coin has one of its own).</summary>
    public static bool TrySplitStreamName(string name, out string type, out string coin)
    {
        ArgumentNullException.ThrowIfNull(name);
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        type = colon > 0 ? name[..colon] : string.Empty;
        coin = colon > 0 ? name[(colon + 1)..] : string.Empty;
        return colon > 0 && coin.Length > 0;
    }

    public static byte[] Subscribe(string streamName) => Request("subscribe", streamName);

    public static byte[] Unsubscribe(string streamName) => Request("unsubscribe", streamName);

    /// <summary><c>{"type":"metaAndAssetCtxs"}</c>: the perpetuals' universe and, by position, each one's context.</summary>
    public static string MetaAndAssetContextsBody(string? dex) => InfoBody("metaAndAssetCtxs", dex);

    /// <summary><c>{"type":"meta"}</c>, or a HIP-3 dex's with <c>"dex"</c>.</summary>
    public static string MetaBody(string? dex) => InfoBody("meta", dex);

    /// <summary><c>{"type":"spotMeta"}</c>: spot tokens and pairs; a pair's index is its position (<c>@index</c>).</summary>
    public static string SpotMetaBody() => """{"type":"spotMeta"}""";

    /// <summary><c>{"type":"l2Book","coin":"BTC"}</c>: the same 20-level book as a push.</summary>
    public static string L2BookBody(string coin) => Body(writer =>
    {
        writer.WriteString("type"u8, "l2Book");
        writer.WriteString("coin"u8, coin);
    });

    /// <summary><c>{"type":"fundingHistory","coin":"BTC","startTime":…}</c>, paged by time.</summary>
    public static string FundingHistoryBody(string coin, long startTime, long? endTime) => Body(writer =>
    {
        writer.WriteString("type"u8, "fundingHistory");
        writer.WriteString("coin"u8, coin);
        writer.WriteNumber("startTime"u8, startTime);
        if (endTime is { } end)
        {
            writer.WriteNumber("endTime"u8, end);
        }
    });

    /// <summary><c>{"type":"candleSnapshot","req":{"coin","interval","startTime","endTime"}}</c>: at most the latest 5000 candles.</summary>
    public static string CandleSnapshotBody(string coin, string interval, long startTime, long endTime) => Body(writer =>
    {
        writer.WriteString("type"u8, "candleSnapshot");
        writer.WriteStartObject("req"u8);
        writer.WriteString("coin"u8, coin);
        writer.WriteString("interval"u8, interval);
        writer.WriteNumber("startTime"u8, startTime);
        writer.WriteNumber("endTime"u8, endTime);
        writer.WriteEndObject();
    });

    private static string InfoBody(string type, string? dex) => Body(writer =>
    {
        writer.WriteString("type"u8, type);
        if (!string.IsNullOrEmpty(dex))
        {
            writer.WriteString("dex"u8, dex);
        }
    });

    private static string Body(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(96);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static byte[] Request(string method, string streamName)
    {
        if (!TrySplitStreamName(streamName, out var type, out var coin))
        {
            throw new ArgumentException($"'{streamName}' is not a Hyperliquid stream name (type:coin).", nameof(streamName));
        }

        var buffer = new ArrayBufferWriter<byte>(96);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("method"u8, method);
            writer.WriteStartObject("subscription"u8);
            writer.WriteString("type"u8, type);
            writer.WriteString("coin"u8, coin);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A coin's dex (the part before the colon of <c>xyz:XYZ100</c>), or null on the main dex.</summary>
    public static string? DexOf(string coin)
    {
        ArgumentNullException.ThrowIfNull(coin);
        var colon = coin.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? coin[..colon] : null;
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

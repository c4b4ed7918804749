using System.Buffers;
using System.Text.Json;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Hyperliquid;

/// <summary>
/// Hyperliquid's asset context as the simulator computes it, in the field order of the real <c>activeAssetCtx</c> and
/// <c>allDexsAssetCtxs</c> pushes (tardis-node's and NautilusTrader's captures):
/// <c>funding, openInterest, prevDayPx, dayNtlVlm, premium, oraclePx, markPx, midPx, impactPxs, dayBaseVlm</c>.
/// </summary>
internal readonly record struct HyperliquidAssetContext(
    decimal Funding,
    decimal OpenInterest,
    decimal PrevDayPrice,
    decimal DayNotionalVolume,
    decimal Premium,
    decimal OraclePrice,
    decimal MarkPrice,
    decimal MidPrice,
    decimal ImpactBid,
    decimal ImpactAsk,
    decimal DayBaseVolume);

/// <summary>
/// Renders Hyperliquid's frames: <c>{"channel":…,"data":…}</c> pushes, the <c>subscriptionResponse</c> echo, errors and
/// the pong. Prices and sizes are strings with the exchange's digits, times numbers (ms). Field order is that of the
/// newest real frames we hold (JKorf's HyperLiquid.Net captures of 2025-12: <c>{coin,time,levels}</c>, levels
/// <c>{px,sz,n}</c>, trades <c>{coin,side,px,sz,time,hash,tid,users}</c>); the 2025-01 hftbacktest capture has the same
/// fields in alphabetical order, so a client must not depend on the order.
/// </summary>
internal static class HyperliquidFrames
{
    public static readonly byte[] Pong = """{"channel":"pong"}"""u8.ToArray();

    /// <summary><c>{"channel":"l2Book","data":{"coin","time","levels":[[bids…],[asks…]]}}</c>.</summary>
    public static byte[] L2Book(string coin, long time, HyperliquidLevel[] bids, HyperliquidLevel[] asks) =>
        Push("l2Book", writer => WriteBook(writer, coin, time, bids, asks));

    /// <summary>The REST <c>l2Book</c> answer: the push's data object alone.</summary>
    public static byte[] L2BookBody(string coin, long time, HyperliquidLevel[] bids, HyperliquidLevel[] asks) =>
        Write(writer => WriteBook(writer, coin, time, bids, asks));

    /// <summary><c>{"channel":"bbo","data":{"coin","time","bbo":[bid|null,ask|null]}}</c>.</summary>
    public static byte[] Bbo(string coin, long time, HyperliquidLevel? bid, HyperliquidLevel? ask) =>
        Push("bbo", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("coin", coin);
            writer.WriteNumber("time", time);
            writer.WriteStartArray("bbo");
            WriteLevelOrNull(writer, bid);
            WriteLevelOrNull(writer, ask);
            writer.WriteEndArray();
            writer.WriteEndObject();
        });

    /// <summary><c>{"channel":"trades","data":[{coin,side,px,sz,time,hash,tid,users}…]}</c>.</summary>
    public static byte[] Trades(IReadOnlyList<HyperliquidRecordedTrade> trades) =>
        Push("trades", writer =>
        {
            writer.WriteStartArray();
            foreach (var trade in trades)
            {
                writer.WriteStartObject();
                writer.WriteString("coin", trade.Coin);
                writer.WriteString("side", trade.Side);
                JsonDecimals.WriteDecimal(writer, "px", trade.Price, null);
                JsonDecimals.WriteDecimal(writer, "sz", trade.Size, null);
                writer.WriteNumber("time", trade.Time);
                writer.WriteString("hash", trade.Hash);
                writer.WriteNumber("tid", trade.Tid);
                writer.WriteStartArray("users");
                foreach (var user in trade.Users)
                {
                    writer.WriteStringValue(user);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });

    /// <summary><c>{"channel":"activeAssetCtx","data":{"coin","ctx":{…}}}</c> (tardis-node's real frame).</summary>
    public static byte[] ActiveAssetContext(string coin, HyperliquidAssetContext context) =>
        Push("activeAssetCtx", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("coin", coin);
            writer.WritePropertyName("ctx");
            WriteContext(writer, context);
            writer.WriteEndObject();
        });

    /// <summary><c>{"channel":"subscriptionResponse","data":{"method","subscription":{…}}}</c>.</summary>
    public static byte[] SubscriptionResponse(string method, HyperliquidSubscription subscription) =>
        Push("subscriptionResponse", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("method", method);
            writer.WritePropertyName("subscription");
            subscription.WriteEcho(writer);
            writer.WriteEndObject();
        });

    /// <summary><c>{"channel":"error","data":"…"}</c>.</summary>
    public static byte[] Error(string message) => Push("error", writer => writer.WriteStringValue(message));

    /// <summary>One asset context object, as <c>activeAssetCtx</c> and <c>metaAndAssetCtxs</c> carry it.</summary>
    public static void WriteContext(Utf8JsonWriter writer, HyperliquidAssetContext context)
    {
        writer.WriteStartObject();
        JsonDecimals.WriteDecimal(writer, "funding", context.Funding, null);
        JsonDecimals.WriteDecimal(writer, "openInterest", context.OpenInterest, null);
        JsonDecimals.WriteDecimal(writer, "prevDayPx", context.PrevDayPrice, null);
        JsonDecimals.WriteDecimal(writer, "dayNtlVlm", context.DayNotionalVolume, null);
        JsonDecimals.WriteDecimal(writer, "premium", context.Premium, null);
        JsonDecimals.WriteDecimal(writer, "oraclePx", context.OraclePrice, null);
        JsonDecimals.WriteDecimal(writer, "markPx", context.MarkPrice, null);
        JsonDecimals.WriteDecimal(writer, "midPx", context.MidPrice, null);
        writer.WriteStartArray("impactPxs");
        JsonDecimals.WriteDecimalValue(writer, context.ImpactBid, null);
        JsonDecimals.WriteDecimalValue(writer, context.ImpactAsk, null);
        writer.WriteEndArray();
        JsonDecimals.WriteDecimal(writer, "dayBaseVlm", context.DayBaseVolume, null);
        writer.WriteEndObject();
    }

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WireJson.Options))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Push(string channel, Action<Utf8JsonWriter> writeData) =>
        Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("channel", channel);
            writer.WritePropertyName("data");
            writeData(writer);
            writer.WriteEndObject();
        });

    private static void WriteBook(Utf8JsonWriter writer, string coin, long time, HyperliquidLevel[] bids, HyperliquidLevel[] asks)
    {
        writer.WriteStartObject();
        writer.WriteString("coin", coin);
        writer.WriteNumber("time", time);
        writer.WriteStartArray("levels");
        WriteSide(writer, bids);
        WriteSide(writer, asks);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteSide(Utf8JsonWriter writer, HyperliquidLevel[] levels)
    {
        writer.WriteStartArray();
        foreach (var level in levels)
        {
            WriteLevel(writer, level);
        }

        writer.WriteEndArray();
    }

    private static void WriteLevelOrNull(Utf8JsonWriter writer, HyperliquidLevel? level)
    {
        if (level is { } value)
        {
            WriteLevel(writer, value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static void WriteLevel(Utf8JsonWriter writer, HyperliquidLevel level)
    {
        writer.WriteStartObject();
        JsonDecimals.WriteDecimal(writer, "px", level.Price, null);
        JsonDecimals.WriteDecimal(writer, "sz", level.Size, null);
        writer.WriteNumber("n", level.Orders);
        writer.WriteEndObject();
    }
}

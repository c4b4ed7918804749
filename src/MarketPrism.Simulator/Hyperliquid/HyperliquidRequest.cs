using System.Text.Json;

namespace MarketPrism.Simulator.Hyperliquid;

/// <summary>
/// A subscription as Hyperliquid takes it (<c>{"type":"l2Book","coin":"BTC"}</c>) and echoes it in its
/// <c>subscriptionResponse</c>: <c>l2Book</c> with <c>nSigFigs</c> and <c>mantissa</c> written out (null when not
/// given), <c>candle</c> as <c>{type,interval,coin}</c>, the others as <c>{type,coin}</c> (JKorf's captured
/// acknowledgements), <c>allMids</c> as <c>{type}</c>.
/// </summary>
internal sealed record HyperliquidSubscription(string Type, string? Coin, int? SignificantFigures, int? Mantissa, string? Interval)
{
    /// <summary>Types served with their data; a known type outside them (candle, allMids) is accepted and stays silent.</summary>
    public static readonly string[] Streamed = ["l2Book", "trades", "bbo", "activeAssetCtx"];

    /// <summary>The stream this subscription listens to: <c>l2Book:BTC</c>; aggregated books and candles get their own (silent) names.</summary>
    public string StreamName => Type switch
    {
        "allMids" => "allMids",
        "candle" => $"candle:{Coin}:{Interval}",
        "l2Book" when SignificantFigures is not null || Mantissa is not null => $"l2Book:{Coin}:nSigFigs={SignificantFigures}:mantissa={Mantissa}",
        _ => $"{Type}:{Coin}",
    };

    public void WriteEcho(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", Type);
        switch (Type)
        {
            case "allMids":
                break;
            case "candle":
                writer.WriteString("interval", Interval);
                writer.WriteString("coin", Coin);
                break;
            case "l2Book":
                writer.WriteString("coin", Coin);
                WriteNullable(writer, "nSigFigs", SignificantFigures);
                WriteNullable(writer, "mantissa", Mantissa);
                break;
            default:
                writer.WriteString("coin", Coin);
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}

/// <summary>
/// A client message on <c>/ws</c>: <c>{"method":"subscribe"|"unsubscribe","subscription":{…}}</c> or
/// <c>{"method":"ping"}</c>. Anything else is what Hyperliquid answers with
/// <c>{"channel":"error","data":"Error parsing JSON into valid websocket request: &lt;the message&gt;"}</c> (the wording
/// quoted by ccxt's and roq's Hyperliquid clients), including a subscription of a type it does not have.
/// </summary>
internal sealed record HyperliquidRequest(string Method, HyperliquidSubscription? Subscription)
{
    /// <summary>Subscription types the simulator knows, and whether they need a coin.</summary>
    private static readonly string[] CoinTypes = ["l2Book", "trades", "bbo", "activeAssetCtx", "candle"];

    public static string ParseError(ReadOnlySpan<byte> message) =>
        "Error parsing JSON into valid websocket request: " + System.Text.Encoding.UTF8.GetString(message);

    public static bool TryParse(ReadOnlySpan<byte> message, out HyperliquidRequest request)
    {
        request = null!;
        try
        {
            var reader = new Utf8JsonReader(message);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("method", out var methodElement) || methodElement.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            var method = methodElement.GetString()!;
            if (method == "ping")
            {
                request = new HyperliquidRequest(method, null);
                return true;
            }

            if (method is not ("subscribe" or "unsubscribe")
                || !root.TryGetProperty("subscription", out var subscription) || subscription.ValueKind != JsonValueKind.Object
                || !TryReadSubscription(subscription, out var parsed))
            {
                return false;
            }

            request = new HyperliquidRequest(method, parsed);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryReadSubscription(JsonElement element, out HyperliquidSubscription subscription)
    {
        subscription = null!;
        var type = Text(element, "type");
        var coin = Text(element, "coin");
        if (type is null)
        {
            return false;
        }

        if (type == "allMids")
        {
            subscription = new HyperliquidSubscription(type, null, null, null, null);
            return true;
        }

        if (Array.IndexOf(CoinTypes, type) < 0 || string.IsNullOrEmpty(coin))
        {
            return false;
        }

        var interval = Text(element, "interval");
        if (type == "candle" && interval is null)
        {
            return false;
        }

        if (!TryNumber(element, "nSigFigs", out var figures) || !TryNumber(element, "mantissa", out var mantissa))
        {
            return false;
        }

        subscription = new HyperliquidSubscription(type, coin, type == "l2Book" ? figures : null, type == "l2Book" ? mantissa : null, type == "candle" ? interval : null);
        return true;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>An optional whole number: absent and null read as null; anything else but a number is refused.</summary>
    private static bool TryNumber(JsonElement element, string name, out int? number)
    {
        number = null;
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var parsed))
        {
            number = parsed;
            return true;
        }

        return false;
    }
}

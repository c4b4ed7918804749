using System.Text;
using System.Text.Json;

namespace MarketPrism.Simulator.Okx;

/// <summary>One argument of a subscribe request: the channel and its <c>instId</c> or <c>instType</c>.</summary>
internal readonly record struct OkxArgument(string? Channel, string? InstId, string? InstType)
{
    /// <summary>The target the argument names: the instrument type for <c>liquidation-orders</c>, else the instrument id.</summary>
    public string? Target => Channel == OkxStreams.LiquidationOrders ? InstType : InstId;
}

/// <summary>
/// A client request on the OKX WebSocket: <c>{"op":"subscribe"|"unsubscribe","args":[{"channel",…}]}</c>, or the
/// text <c>ping</c>. Parsing failures come back as OKX's error code and message.
/// </summary>
internal sealed record OkxRequest(string Op, IReadOnlyList<OkxArgument> Args)
{
    public static bool TryParse(ReadOnlySpan<byte> message, out OkxRequest request, out string code, out string error)
    {
        request = null!;
        code = "60012";
        error = $"Invalid request: {Encoding.UTF8.GetString(message)}";
        try
        {
            using var document = JsonDocument.Parse(message.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("op", out var op) || op.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            var name = op.GetString()!;
            if (name is not ("subscribe" or "unsubscribe"))
            {
                return false;
            }

            if (!root.TryGetProperty("args", out var args) || args.ValueKind != JsonValueKind.Array || args.GetArrayLength() == 0)
            {
                code = "60013";
                error = "Invalid args";
                return false;
            }

            var parsed = new List<OkxArgument>();
            foreach (var arg in args.EnumerateArray())
            {
                if (arg.ValueKind != JsonValueKind.Object)
                {
                    code = "60013";
                    error = "Invalid args";
                    return false;
                }

                parsed.Add(new OkxArgument(Text(arg, "channel"), Text(arg, "instId"), Text(arg, "instType")));
            }

            request = new OkxRequest(name, parsed);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

using System.Text.Json;

namespace MarketPrism.Simulator.Coinbase;

/// <summary>
/// A client request of either API: <c>type</c> (<c>subscribe</c>/<c>unsubscribe</c>), <c>product_ids</c>, and the
/// Exchange feed's <c>channels</c> (names, or <c>{"name","product_ids"}</c> objects) or Advanced Trade's single
/// <c>channel</c>. Parsed without throwing: a request that is not one says why.
/// </summary>
internal sealed class CoinbaseRequest
{
    public string Type { get; private init; } = "";

    public List<string> ProductIds { get; } = [];

    /// <summary>Exchange feed: each channel with its own products (the request's <c>product_ids</c> when it names none).</summary>
    public List<(string Name, List<string> Products)> Channels { get; } = [];

    /// <summary>Advanced Trade: the one channel, or null.</summary>
    public string? Channel { get; private set; }

    public static bool TryParse(ReadOnlySpan<byte> message, out CoinbaseRequest request, out string problem)
    {
        request = new CoinbaseRequest();
        problem = "";
        try
        {
            using var document = JsonDocument.Parse(message.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                problem = "type is required";
                return false;
            }

            request = new CoinbaseRequest { Type = type.GetString()! };
            if (root.TryGetProperty("product_ids", out var products))
            {
                if (!ReadStrings(products, request.ProductIds))
                {
                    problem = "product_ids must be an array of strings";
                    return false;
                }
            }

            if (root.TryGetProperty("channel", out var channel))
            {
                if (channel.ValueKind != JsonValueKind.String)
                {
                    problem = "channel must be a string";
                    return false;
                }

                request.Channel = channel.GetString();
            }

            if (root.TryGetProperty("channels", out var channels))
            {
                if (channels.ValueKind != JsonValueKind.Array)
                {
                    problem = "channels must be an array";
                    return false;
                }

                foreach (var item in channels.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        request.Channels.Add((item.GetString()!, request.ProductIds));
                    }
                    else if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
                    {
                        var own = new List<string>();
                        if (item.TryGetProperty("product_ids", out var ownProducts) && !ReadStrings(ownProducts, own))
                        {
                            problem = "product_ids must be an array of strings";
                            return false;
                        }

                        request.Channels.Add((name.GetString()!, own.Count > 0 ? own : request.ProductIds));
                    }
                    else
                    {
                        problem = "channels must hold channel names or {name, product_ids} objects";
                        return false;
                    }
                }
            }

            return true;
        }
        catch (JsonException)
        {
            problem = "Malformed JSON";
            return false;
        }
    }

    private static bool ReadStrings(JsonElement array, List<string> into)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            into.Add(item.GetString()!);
        }

        return true;
    }
}

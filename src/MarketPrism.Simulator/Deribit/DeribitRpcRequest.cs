using System.Text.Json;

namespace MarketPrism.Simulator.Deribit;

/// <summary>
/// One JSON-RPC request of a client: <c>{"jsonrpc":"2.0","id":…,"method":…,"params":{…}}</c>. The id is kept as its
/// raw JSON (a number or a string) so the answer echoes it exactly; a request without an id is still answered
/// (Deribit does), with no id.
/// </summary>
internal sealed class DeribitRpcRequest
{
    private DeribitRpcRequest(byte[] rawId, string method, JsonElement parameters)
    {
        RawId = rawId;
        Method = method;
        Params = parameters;
    }

    public byte[] RawId { get; }

    public string Method { get; }

    /// <summary>The <c>params</c> object (a clone, valid after parsing), or an undefined element.</summary>
    public JsonElement Params { get; }

    /// <summary>Parses a request; on failure returns the JSON-RPC error code and message to answer with.</summary>
    public static bool TryParse(ReadOnlySpan<byte> message, out DeribitRpcRequest? request, out byte[] rawId, out int errorCode, out string error)
    {
        request = null;
        rawId = [];
        errorCode = 0;
        error = "";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message.ToArray());
        }
        catch (JsonException)
        {
            (errorCode, error) = (-32700, "Parse error");
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                (errorCode, error) = (-32600, "Invalid Request");
                return false;
            }

            if (root.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.Number or JsonValueKind.String)
            {
                rawId = System.Text.Encoding.UTF8.GetBytes(id.GetRawText());
            }

            if (!root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String || method.GetString() is not { Length: > 0 } name)
            {
                (errorCode, error) = (-32600, "Invalid Request");
                return false;
            }

            var parameters = root.TryGetProperty("params", out var p) ? p.Clone() : default;
            request = new DeribitRpcRequest(rawId, name, parameters);
            return true;
        }
    }

    /// <summary><c>params.channels</c> as strings; null when it is not a list of strings.</summary>
    public List<string>? Channels()
    {
        if (Params.ValueKind != JsonValueKind.Object || !Params.TryGetProperty("channels", out var channels) || channels.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var names = new List<string>(channels.GetArrayLength());
        foreach (var channel in channels.EnumerateArray())
        {
            if (channel.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            names.Add(channel.GetString()!);
        }

        return names;
    }

    /// <summary><c>params.interval</c> as whole seconds, or null.</summary>
    public int? Interval() =>
        Params.ValueKind == JsonValueKind.Object && Params.TryGetProperty("interval", out var interval) && interval.TryGetInt32(out var seconds)
            ? seconds
            : null;

    /// <summary>A string parameter (REST query or JSON-RPC params), or null.</summary>
    public string? Text(string name) =>
        Params.ValueKind == JsonValueKind.Object && Params.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

using System.Globalization;
using System.Text.Json;

namespace MarketPrism.Simulator.Bybit;

/// <summary>
/// A client message on a Bybit public stream: <c>{"req_id":"…","op":"subscribe"|"unsubscribe"|"ping","args":[…]}</c>
/// (docs "Connect"; <c>req_id</c> is optional and echoed, <c>args</c> are topic names).
/// </summary>
internal sealed class BybitRequest
{
    private BybitRequest(string operation, string? requestId, List<string> args)
    {
        Operation = operation;
        RequestId = requestId;
        Args = args;
    }

    public string Operation { get; }

    /// <summary>The request's <c>req_id</c> as text (a number is echoed as its digits), or null when it had none.</summary>
    public string? RequestId { get; }

    public List<string> Args { get; }

    /// <summary>Reads a message; on failure <paramref name="problem"/> says why and <paramref name="operation"/> holds what was read of <c>op</c>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> message, out BybitRequest request, out string problem, out string operation, out string? requestId)
    {
        request = null!;
        operation = "";
        requestId = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message.ToArray());
        }
        catch (JsonException)
        {
            problem = "error:request is not valid JSON";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "error:request is not a JSON object";
                return false;
            }

            if (root.TryGetProperty("req_id", out var id))
            {
                requestId = id.ValueKind switch
                {
                    JsonValueKind.String => id.GetString(),
                    JsonValueKind.Number => id.GetRawText(),
                    _ => null,
                };
            }

            if (!root.TryGetProperty("op", out var op) || op.ValueKind != JsonValueKind.String)
            {
                problem = "error:op is missing";
                return false;
            }

            operation = op.GetString()!;
            var args = new List<string>();
            if (root.TryGetProperty("args", out var argsElement))
            {
                if (argsElement.ValueKind != JsonValueKind.Array)
                {
                    problem = "error:args must be an array";
                    return false;
                }

                foreach (var arg in argsElement.EnumerateArray())
                {
                    if (arg.ValueKind != JsonValueKind.String)
                    {
                        problem = string.Create(CultureInfo.InvariantCulture, $"error:args must be topic strings, got {arg.GetRawText()}");
                        return false;
                    }

                    args.Add(arg.GetString()!);
                }
            }

            request = new BybitRequest(operation, requestId, args);
            problem = "";
            return true;
        }
    }
}

using System.Buffers;
using System.Text.Json;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Binance;

/// <summary>
/// A client request on a Binance stream connection, <c>{"method":…,"params":[…],"id":…}</c>, parsed with
/// <see cref="Utf8JsonReader"/>, and the replies Binance sends: <c>{"result":…,"id":…}</c> and
/// <c>{"error":{"code":…,"msg":…},"id":…}</c> with the documented codes (0 unknown property, 1 invalid value type,
/// 2 invalid request, 3 invalid JSON).
/// </summary>
internal sealed class BinanceStreamRequest
{
    private const string KnownMethods = "`SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY`";

    private BinanceStreamRequest(BinanceStreamMethod method, List<RequestParam> parameters, RequestId id)
    {
        Method = method;
        Params = parameters;
        Id = id;
    }

    public BinanceStreamMethod Method { get; }

    public List<RequestParam> Params { get; }

    public RequestId Id { get; }

    /// <summary>
    /// Parses a request. On failure <paramref name="errorReply"/> holds the error frame to send. Spot accepts
    /// ids that are 64-bit integers, strings of up to 36 letters, digits or dashes, or null; USD-M accepts
    /// unsigned integers only.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> message, bool futures, out BinanceStreamRequest request, out byte[] errorReply)
    {
        request = null!;
        string? method = null;
        long methodEnd = 0;
        List<RequestParam>? parameters = null;
        var id = RequestId.Missing;
        var idValid = false;
        var unknownProperty = false;
        var methodMistyped = false;
        var paramsMistyped = false;
        try
        {
            var reader = new Utf8JsonReader(message);
            if (!reader.Read())
            {
                errorReply = Error(RequestId.Null, 3, "Invalid JSON: EOF while parsing a value at line 1 column 0");
                return false;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                while (reader.Read())
                {
                }

                errorReply = Error(RequestId.Null, 2, "Invalid request: expected a JSON object");
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "method" when reader.TokenType == JsonTokenType.String:
                        method = reader.GetString();
                        methodEnd = reader.BytesConsumed;
                        break;
                    case "method":
                        methodMistyped = true;
                        reader.Skip();
                        break;
                    case "params" when reader.TokenType == JsonTokenType.StartArray:
                        parameters = ReadParams(ref reader);
                        break;
                    case "params":
                        paramsMistyped = true;
                        reader.Skip();
                        break;
                    case "id":
                        (id, idValid) = ReadId(ref reader, futures);
                        break;
                    default:
                        unknownProperty = true;
                        reader.Skip();
                        break;
                }
            }

            // Reading on to the end rejects trailing content.
            while (reader.Read())
            {
            }
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var column = (ex.BytePositionInLine ?? 0) + 1;
            errorReply = Error(RequestId.Null, 3, $"Invalid JSON: expected value at line {line} column {column}");
            return false;
        }

        if (!idValid)
        {
            errorReply = Error(RequestId.Null, 2, "Invalid request: request ID must be an unsigned integer");
            return false;
        }

        if (methodMistyped)
        {
            errorReply = Error(id, 2, "Invalid request: invalid type for `method`, expected a string");
            return false;
        }

        if (method is null)
        {
            errorReply = Error(id, 2, $"Invalid request: missing field `method` at line 1 column {message.Length}");
            return false;
        }

        BinanceStreamMethod parsed;
        switch (method)
        {
            case "SUBSCRIBE":
                parsed = BinanceStreamMethod.Subscribe;
                break;
            case "UNSUBSCRIBE":
                parsed = BinanceStreamMethod.Unsubscribe;
                break;
            case "LIST_SUBSCRIPTIONS":
                parsed = BinanceStreamMethod.ListSubscriptions;
                break;
            case "SET_PROPERTY":
                parsed = BinanceStreamMethod.SetProperty;
                break;
            case "GET_PROPERTY":
                parsed = BinanceStreamMethod.GetProperty;
                break;
            default:
                errorReply = Error(id, 2, $"Invalid request: unknown variant `{method}`, expected one of {KnownMethods} at line 1 column {methodEnd}");
                return false;
        }

        if (unknownProperty)
        {
            errorReply = Error(id, 2, "Invalid request: too many parameters");
            return false;
        }

        if (paramsMistyped)
        {
            errorReply = Error(id, 2, "Invalid request: invalid type for `params`, expected a sequence");
            return false;
        }

        if (parameters is null && parsed is not BinanceStreamMethod.ListSubscriptions)
        {
            errorReply = Error(id, 2, "Invalid request: missing field `params`");
            return false;
        }

        request = new BinanceStreamRequest(parsed, parameters ?? [], id);
        errorReply = [];
        return true;
    }

    /// <summary><c>{"result":null,"id":…}</c>.</summary>
    public static byte[] NullResult(RequestId id) => Write(writer =>
    {
        writer.WriteNull("result");
        id.WriteTo(writer);
    });

    /// <summary><c>{"result":[…names],"id":…}</c>.</summary>
    public static byte[] ListResult(RequestId id, string[] names) => Write(writer =>
    {
        writer.WriteStartArray("result");
        foreach (var name in names)
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();
        id.WriteTo(writer);
    });

    /// <summary><c>{"result":true|false,"id":…}</c>.</summary>
    public static byte[] BooleanResult(RequestId id, bool value) => Write(writer =>
    {
        writer.WriteBoolean("result", value);
        id.WriteTo(writer);
    });

    /// <summary><c>{"error":{"code":…,"msg":…},"id":…}</c>.</summary>
    public static byte[] Error(RequestId id, int code, string message) => Write(writer =>
    {
        writer.WriteStartObject("error");
        writer.WriteNumber("code", code);
        writer.WriteString("msg", message);
        writer.WriteEndObject();
        id.WriteTo(writer);
    });

    private static List<RequestParam> ReadParams(ref Utf8JsonReader reader)
    {
        var parameters = new List<RequestParam>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    parameters.Add(new RequestParam(JsonTokenType.String, reader.GetString(), false));
                    break;
                case JsonTokenType.True:
                case JsonTokenType.False:
                    parameters.Add(new RequestParam(reader.TokenType, null, reader.GetBoolean()));
                    break;
                default:
                    parameters.Add(new RequestParam(reader.TokenType, null, false));
                    reader.Skip();
                    break;
            }
        }

        return parameters;
    }

    private static (RequestId Id, bool Valid) ReadId(ref Utf8JsonReader reader, bool futures)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetInt64(out var number) && (!futures || number >= 0):
                return (RequestId.Of(number), true);
            case JsonTokenType.String when !futures && IsValidTextId(reader.GetString()!):
                return (RequestId.Of(reader.GetString()!), true);
            case JsonTokenType.Null when !futures:
                return (RequestId.Null, true);
            default:
                reader.Skip();
                return (RequestId.Null, false);
        }
    }

    private static bool IsValidTextId(string text)
    {
        if (text.Length is 0 or > 36)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static byte[] Write(Action<Utf8JsonWriter> writeFields)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, WireJson.Options))
        {
            writer.WriteStartObject();
            writeFields(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}


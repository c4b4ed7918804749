using System.Text.Json;

namespace MarketPrism.Exchanges.Wire;

/// <summary>
/// A venue's REST error object, <c>{"code":…,"msg":…}</c> under the venue's own names (Binance <c>code</c>/<c>msg</c>,
/// Bybit <c>retCode</c>/<c>retMsg</c>). Only for error reports, so the message is read as a string.
/// </summary>
internal static class RestErrorBody
{
    /// <summary>
    /// Reads the integer code and the message of <paramref name="body"/>, either of which may be absent (null). False
    /// when the body is not a JSON object or not valid JSON; what the code means is the venue's to judge.
    /// </summary>
    public static bool TryRead(
        ReadOnlySpan<byte> body,
        ReadOnlySpan<byte> codeName,
        ReadOnlySpan<byte> messageName,
        out long? code,
        out string? message)
    {
        code = null;
        message = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (JsonProperties.Next(ref reader, out var name) == PropertyStep.Value)
            {
                if (name.SequenceEqual(codeName) && JsonScalars.TryReadInt64(ref reader, out var parsed))
                {
                    code = parsed;
                }
                else if (name.SequenceEqual(messageName) && reader.TokenType == JsonTokenType.String)
                {
                    message = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }

            return true;
        }
        catch (JsonException)
        {
            code = null;
            message = null;
            return false;
        }
    }
}

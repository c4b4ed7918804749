using System.Globalization;
using System.Text.Json;
using MarketPrism.Core.Books;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Binance;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Bybit;

/// <summary>
/// Parses the Bybit v5 REST bodies the collector can request, in place over the UTF-8 bytes. Every v5 answer is
/// <c>{"retCode":0,"retMsg":"OK","result":{…},"retExtInfo":{},"time":ms}</c>; a non-zero <c>retCode</c> is Bybit's
/// error (e.g. <c>10001</c> "params error", <c>10006</c> "Too many visits!").
/// </summary>
public static class BybitRestParser
{
    /// <summary>
    /// <c>/v5/market/orderbook</c>: <c>result</c> is <c>{"s","b":[[px,sz]],"a":[[px,sz]],"ts","u","seq","cts"}</c>,
    /// bids best first. The snapshot's update id is <c>u</c> and its time <c>ts</c>.
    /// </summary>
    /// <exception cref="FormatException">Bybit answered an error, or the body is not an order book.</exception>
    public static DepthSnapshot ParseOrderBook(ReadOnlySpan<byte> body, DateTime localTimestamp)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FormatException("orderbook: body is not a JSON object");
            }

            long? code = null;
            string? message = null;
            var result = default(Utf8JsonReader);
            var hasResult = false;
            while (JsonProperties.Next(ref reader, out var name) is var step && step != PropertyStep.End)
            {
                if (step == PropertyStep.Truncated)
                {
                    throw new FormatException("orderbook: body is truncated");
                }

                if (name.SequenceEqual("retCode"u8))
                {
                    code = JsonScalars.TryReadInt64(ref reader, out var parsed) ? parsed : throw new FormatException("orderbook: 'retCode' is not an integer");
                }
                else if (name.SequenceEqual("retMsg"u8))
                {
                    message = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (name.SequenceEqual("result"u8) && reader.TokenType == JsonTokenType.StartObject)
                {
                    // Read after the code is known: an error carries an empty result.
                    result = reader;
                    hasResult = true;
                    reader.Skip();
                }
                else
                {
                    reader.Skip();
                }
            }

            if (code is null)
            {
                throw new FormatException("orderbook: 'retCode' is missing");
            }

            if (code != 0)
            {
                throw new FormatException($"orderbook: Bybit error {code.Value.ToString(CultureInfo.InvariantCulture)}: {message ?? "no message"}");
            }

            return hasResult ? ReadOrderBook(ref result, localTimestamp) : throw new FormatException("orderbook: 'result' is missing");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"orderbook: invalid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Reads <c>{"retCode":n,"retMsg":"…"}</c> with a non-zero code, for logs: <c>10001: params error</c>.</summary>
    public static bool TryParseError(ReadOnlySpan<byte> body, out string error)
    {
        if (!RestErrorBody.TryRead(body, "retCode"u8, "retMsg"u8, out var code, out var message) || code is null or 0)
        {
            error = "";
            return false;
        }

        error = $"{code.Value.ToString(CultureInfo.InvariantCulture)}: {message ?? "no message"}";
        return true;
    }

    private static DepthSnapshot ReadOrderBook(scoped ref Utf8JsonReader reader, DateTime localTimestamp)
    {
        BookLevel[]? bids = null;
        BookLevel[]? asks = null;
        long? updateId = null;
        long? time = null;
        while (JsonProperties.Next(ref reader, out var name) is var step && step != PropertyStep.End)
        {
            if (step == PropertyStep.Truncated)
            {
                throw new FormatException("orderbook: body is truncated");
            }

            if (JsonText.IsKey(name, (byte)'b'))
            {
                bids = BookLevelArray.TryRead(ref reader, PriceSizeLevel.Pair, out var levels, out var error) ? levels : throw new FormatException($"orderbook: field 'b' {error}");
            }
            else if (JsonText.IsKey(name, (byte)'a'))
            {
                asks = BookLevelArray.TryRead(ref reader, PriceSizeLevel.Pair, out var levels, out var error) ? levels : throw new FormatException($"orderbook: field 'a' {error}");
            }
            else if (JsonText.IsKey(name, (byte)'u'))
            {
                updateId = JsonScalars.TryReadInt64(ref reader, out var parsed) ? parsed : throw new FormatException("orderbook: field 'u' is not an integer");
            }
            else if (name.SequenceEqual("ts"u8))
            {
                time = JsonScalars.TryReadInt64(ref reader, out var parsed) ? parsed : throw new FormatException("orderbook: field 'ts' is not an integer time");
            }
            else
            {
                reader.Skip();
            }
        }

        if (bids is null || asks is null || updateId is null)
        {
            var missing = bids is null ? "b" : asks is null ? "a" : "u";
            throw new FormatException($"orderbook: field '{missing}' is missing");
        }

        var timestamp = localTimestamp;
        if (time is { } ms && !UnixMilliseconds.TryToUtc(ms, out timestamp))
        {
            throw new FormatException("orderbook: field 'ts' is not a valid time");
        }

        return new DepthSnapshot(updateId.Value, bids, asks, timestamp, localTimestamp);
    }
}

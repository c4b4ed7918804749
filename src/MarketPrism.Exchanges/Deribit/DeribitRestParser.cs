using System.Text.Json;
using MarketPrism.Core.Books;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Deribit;

/// <summary>
/// Reads Deribit's REST answers, JSON-RPC envelopes <c>{"jsonrpc":"2.0","result":…}</c> or
/// <c>{"jsonrpc":"2.0","error":{"code","message","data"}}</c>. Only <c>public/get_order_book</c> is read: the
/// collector takes everything else from the WebSocket.
/// </summary>
public static class DeribitRestParser
{
    /// <summary>
    /// <c>public/get_order_book</c>: <c>result</c> holds <c>timestamp</c>, <c>change_id</c> and the levels as
    /// <c>[[price, amount], …]</c>, best first. The snapshot's update id is <c>change_id</c>, the id the book channel's
    /// next change names as its <c>prev_change_id</c>.
    /// </summary>
    /// <exception cref="FormatException">The body is not an order book; the message says why.</exception>
    public static DepthSnapshot ParseOrderBook(ReadOnlySpan<byte> body, DateTime localTimestamp)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FormatException("get_order_book: the body is not a JSON object");
            }

            while (JsonProperties.Next(ref reader, out var name) == PropertyStep.Value)
            {
                if (name.SequenceEqual("result"u8))
                {
                    return ReadOrderBook(ref reader, localTimestamp);
                }

                if (name.SequenceEqual("error"u8))
                {
                    throw new FormatException($"get_order_book: {DescribeErrorObject(ref reader)}");
                }

                reader.Skip();
            }

            throw new FormatException("get_order_book: the body has neither 'result' nor 'error'");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"get_order_book: invalid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Describes a Deribit error body for logs (<c>Deribit error 10028: too_many_requests</c>); null if it is not one.</summary>
    public static string? DescribeError(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (JsonProperties.Next(ref reader, out var name) == PropertyStep.Value)
            {
                if (name.SequenceEqual("error"u8) && reader.TokenType == JsonTokenType.StartObject)
                {
                    return DescribeErrorObject(ref reader);
                }

                reader.Skip();
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// <c>{"code":11050,"message":"bad_request","data":{"reason":…,"param":…}}</c> as
    /// <c>Deribit error 11050: bad_request (param: reason)</c>. The reader is on the object's start.
    /// </summary>
    internal static string DescribeErrorObject(scoped ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return "Deribit error: 'error' is not an object";
        }

        long? code = null;
        string? message = null;
        string? reason = null;
        string? param = null;
        while (JsonProperties.Next(ref reader, out var name) == PropertyStep.Value)
        {
            if (name.SequenceEqual("code"u8) && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
            {
                code = value;
            }
            else if (name.SequenceEqual("message"u8) && reader.TokenType == JsonTokenType.String)
            {
                message = reader.GetString();
            }
            else if (name.SequenceEqual("data"u8) && reader.TokenType == JsonTokenType.StartObject)
            {
                while (JsonProperties.Next(ref reader, out var field) == PropertyStep.Value)
                {
                    if (field.SequenceEqual("reason"u8) && reader.TokenType == JsonTokenType.String)
                    {
                        reason = reader.GetString();
                    }
                    else if (field.SequenceEqual("param"u8) && reader.TokenType == JsonTokenType.String)
                    {
                        param = reader.GetString();
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }

        var text = code is { } c ? $"Deribit error {c}: {message ?? "no message"}" : $"Deribit error: {message ?? "no message"}";
        return (reason, param) switch
        {
            (not null, not null) => $"{text} ({param}: {reason})",
            (not null, null) => $"{text} ({reason})",
            _ => text,
        };
    }

    private static DepthSnapshot ReadOrderBook(scoped ref Utf8JsonReader reader, DateTime local)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("get_order_book: 'result' is not an object");
        }

        long? changeId = null;
        long? time = null;
        BookLevel[]? bids = null;
        BookLevel[]? asks = null;
        while (true)
        {
            var step = JsonProperties.Next(ref reader, out var name);
            if (step == PropertyStep.End)
            {
                break;
            }

            if (step == PropertyStep.Truncated)
            {
                throw new FormatException("get_order_book: the body is truncated");
            }

            if (name.SequenceEqual("change_id"u8))
            {
                changeId = JsonScalars.TryReadInt64(ref reader, out var id) ? id : throw new FormatException("get_order_book: field 'change_id' is not an integer");
            }
            else if (name.SequenceEqual("timestamp"u8))
            {
                time = JsonScalars.TryReadInt64(ref reader, out var ms) ? ms : throw new FormatException("get_order_book: field 'timestamp' is not an integer");
            }
            else if (name.SequenceEqual("bids"u8))
            {
                bids = DeribitBookLevels.TryRead(ref reader, withAction: false, out var levels, out var error)
                    ? levels
                    : throw new FormatException($"get_order_book: field 'bids' {error}");
            }
            else if (name.SequenceEqual("asks"u8))
            {
                asks = DeribitBookLevels.TryRead(ref reader, withAction: false, out var levels, out var error)
                    ? levels
                    : throw new FormatException($"get_order_book: field 'asks' {error}");
            }
            else
            {
                reader.Skip();
            }
        }

        var missing = changeId is null ? "change_id" : bids is null ? "bids" : asks is null ? "asks" : null;
        if (missing is not null)
        {
            throw new FormatException($"get_order_book: missing field '{missing}'");
        }

        var timestamp = time is { } t && UnixMilliseconds.TryToUtc(t, out var utc) ? utc : local;
        return new DepthSnapshot(changeId!.Value, bids!, asks!, timestamp, local);
    }
}

using System.Text;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Deribit;

/// <summary>
/// Parses Deribit's JSON-RPC WebSocket frames into normalized records, in place over the UTF-8 bytes with
/// <see cref="Utf8JsonReader"/>. It understands subscription notifications (<c>{"method":"subscription",
/// "params":{"channel":…,"data":…}}</c>, keys in any order) of the book, trades, ticker, quote and volatility-index
/// channels, heartbeats (<c>{"method":"heartbeat","params":{"type":"heartbeat"|"test_request"}}</c>), answers to
/// requests (<c>{"id":n,"result":…}</c>) and JSON-RPC errors (<c>{"id":n,"error":{"code","message","data"}}</c>).
/// </summary>
/// <remarks>
/// <para>Allocation: a data frame allocates its output records and their level arrays, nothing else (an ETH trade
/// id such as <c>ETH-259727150</c> is text and allocates its string). Control and malformed frames may allocate
/// their message text.</para>
/// <para>Timestamps are each notification's <c>timestamp</c> (ms); every Deribit market-data notification has one.</para>
/// <para>A notification for an instrument that cannot be normalized (combos such as <c>BTC-FS-30SEP22_PERP</c>) and
/// channels the collector does not use (grouped books, price indexes) are reported as
/// <see cref="FrameKind.Ignored"/> with the reason: well-formed, just not collected.</para>
/// <para>Stateless apart from the instrument table: safe to share between connections.</para>
/// </remarks>
public sealed partial class DeribitFrameParser : IFrameParser, IFrameBodyParser
{
    private const int MaxChannelLength = 160;

    private static readonly FrameParseResult Truncated = FrameParseResult.Malformed("frame is truncated");

    private readonly InstrumentTable _instruments;

    /// <param name="instruments">
    /// The market's instruments (see <see cref="DeribitSymbols.CreateTable"/>); names not in it are resolved once
    /// through the table's resolver.
    /// </param>
    public DeribitFrameParser(InstrumentTable instruments)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        _instruments = instruments;
    }

    public InstrumentTable Instruments => _instruments;

    /// <inheritdoc />
    public FrameParseResult Parse(ReadOnlySpan<byte> frame, DateTime localTimestamp, List<MarketRecord> output) =>
        FrameParsing.Parse(this, frame, localTimestamp, output);

    FrameParseResult IFrameBodyParser.ParseFrame(ReadOnlySpan<byte> frame, DateTime local, List<MarketRecord> output)
    {
        if (!FrameParsing.TryOpenObject(frame, out var reader, out var notAnObject))
        {
            return notAnObject;
        }

        ReadOnlySpan<byte> method = default;
        var parameters = default(Utf8JsonReader);
        var hasParams = false;
        FrameParseResult? parsedInPlace = null;
        var result = default(Utf8JsonReader);
        var hasResult = false;
        var error = default(Utf8JsonReader);
        var hasError = false;
        long? requestId = null;

        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("method"u8))
            {
                if (reader.TokenType != JsonTokenType.String)
                {
                    return FrameParseResult.Malformed("'method' is not a string");
                }

                method = JsonText.Get(ref reader);
            }
            else if (name.SequenceEqual("params"u8))
            {
                hasParams = true;
                if (method.SequenceEqual("subscription"u8) && parsedInPlace is null)
                {
                    // Deribit sends 'method' first: a notification's params are parsed where they stand.
                    var value = reader;
                    parsedInPlace = ParseNotification(ref value, local, output);
                    FrameParsing.ContinueAfterValue(ref reader, ref value);
                }
                else
                {
                    parameters = reader;
                    reader.Skip();
                }
            }
            else if (name.SequenceEqual("result"u8))
            {
                result = reader;
                hasResult = true;
                reader.Skip();
            }
            else if (name.SequenceEqual("error"u8))
            {
                error = reader;
                hasError = true;
                reader.Skip();
            }
            else if (name.SequenceEqual("id"u8))
            {
                // Deribit echoes the id as sent; the collector sends integers (others may send strings).
                requestId = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var id) ? id : null;
                reader.Skip();
            }
            else
            {
                reader.Skip();
            }
        }

        if (step == PropertyStep.Truncated)
        {
            return Truncated;
        }

        // One frame is one JSON object: anything after it (the reader throws for non-whitespace) is not ours to guess at.
        if (reader.Read())
        {
            return FrameParseResult.Malformed("unexpected data after the frame's JSON object");
        }

        if (hasError)
        {
            return new FrameParseResult(FrameKind.SubscriptionError, DeribitRestParser.DescribeErrorObject(ref error), requestId);
        }

        if (hasResult)
        {
            return ParseResult(ref result, requestId);
        }

        if (method.SequenceEqual("heartbeat"u8))
        {
            return hasParams ? ParseHeartbeat(ref parameters) : FrameParseResult.Malformed("heartbeat without 'params'");
        }

        if (hasParams && (method.IsEmpty || method.SequenceEqual("subscription"u8)))
        {
            return parsedInPlace ?? ParseNotification(ref parameters, local, output);
        }

        return method.IsEmpty
            ? FrameParseResult.Malformed("unrecognized frame: no 'method', 'result' or 'error'")
            : FrameParseResult.Malformed($"unknown method '{Encoding.UTF8.GetString(method)}'");
    }

    /// <summary>
    /// The answer to one of our requests. <c>public/subscribe</c> and <c>public/unsubscribe</c> answer with the
    /// channels they acted on; Deribit leaves out channels it cannot subscribe (an unknown or expired instrument)
    /// without an error, so an empty list means the request achieved nothing and is reported as a rejection. Any
    /// other result (<c>"ok"</c> from <c>public/set_heartbeat</c>, the version object from <c>public/test</c>) only
    /// shows the connection is alive.
    /// </summary>
    private static FrameParseResult ParseResult(scoped ref Utf8JsonReader reader, long? requestId)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return new FrameParseResult(FrameKind.Heartbeat, RequestId: requestId);
        }

        var probe = reader;
        if (!probe.Read())
        {
            return Truncated;
        }

        return probe.TokenType == JsonTokenType.EndArray
            ? new FrameParseResult(
                FrameKind.SubscriptionError,
                "Deribit acted on none of the requested channels (unknown or expired instruments, or channels not subscribed)",
                requestId)
            : new FrameParseResult(FrameKind.SubscriptionAck, RequestId: requestId);
    }

    /// <summary><c>params.type</c>: <c>test_request</c> must be answered with <c>public/test</c>; <c>heartbeat</c> needs nothing.</summary>
    private static FrameParseResult ParseHeartbeat(scoped ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return FrameParseResult.Malformed("heartbeat 'params' is not an object");
        }

        while (true)
        {
            var step = JsonProperties.Next(ref reader, out var name);
            if (step != PropertyStep.Value)
            {
                return step == PropertyStep.Truncated ? Truncated : FrameParseResult.Malformed("heartbeat without 'type'");
            }

            if (!name.SequenceEqual("type"u8))
            {
                reader.Skip();
                continue;
            }

            var type = reader.TokenType == JsonTokenType.String ? JsonText.Get(ref reader) : default;
            if (type.SequenceEqual("test_request"u8))
            {
                return new FrameParseResult(FrameKind.HeartbeatRequest);
            }

            return type.SequenceEqual("heartbeat"u8)
                ? new FrameParseResult(FrameKind.Heartbeat)
                : FrameParseResult.Malformed($"unknown heartbeat type '{Encoding.UTF8.GetString(type)}'");
        }
    }

    /// <summary>A subscription notification: <c>params</c> holds <c>channel</c> and <c>data</c>, in either order.</summary>
    private FrameParseResult ParseNotification(scoped ref Utf8JsonReader reader, DateTime local, List<MarketRecord> output)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return FrameParseResult.Malformed("'params' is not an object");
        }

        ReadOnlySpan<byte> channel = default;
        var data = default(Utf8JsonReader);
        var hasData = false;
        FrameParseResult? parsedInPlace = null;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("channel"u8))
            {
                channel = reader.TokenType == JsonTokenType.String ? JsonText.Get(ref reader) : default;
                if (channel.IsEmpty || channel.Length > MaxChannelLength)
                {
                    return FrameParseResult.Malformed("'params.channel' is not a channel name");
                }
            }
            else if (name.SequenceEqual("data"u8))
            {
                hasData = true;
                if (!channel.IsEmpty && parsedInPlace is null)
                {
                    // Deribit names the channel first: the data is parsed where it stands.
                    var value = reader;
                    parsedInPlace = ParseChannelData(ref value, channel, local, output);
                    FrameParsing.ContinueAfterValue(ref reader, ref value);
                }
                else
                {
                    data = reader;
                    reader.Skip();
                }
            }
            else
            {
                reader.Skip();
            }
        }

        if (step == PropertyStep.Truncated)
        {
            return Truncated;
        }

        if (channel.IsEmpty)
        {
            return FrameParseResult.Malformed("notification without 'params.channel'");
        }

        if (!hasData)
        {
            return FrameParseResult.Malformed($"notification of '{Encoding.UTF8.GetString(channel)}' without 'params.data'");
        }

        return parsedInPlace ?? ParseChannelData(ref data, channel, local, output);
    }

    /// <summary>The <c>params.data</c> of a notification on <paramref name="channel"/>.</summary>
    private FrameParseResult ParseChannelData(scoped ref Utf8JsonReader data, ReadOnlySpan<byte> channel, DateTime local, List<MarketRecord> output)
    {
        var kind = DeribitChannels.Classify(channel, out var instrumentName);
        if (kind is DeribitChannelKind.Other or DeribitChannelKind.GroupedBook)
        {
            return new FrameParseResult(FrameKind.Ignored, $"channel '{Encoding.UTF8.GetString(channel)}' is not collected");
        }

        if (!_instruments.TryGet(instrumentName, out var instrument))
        {
            return new FrameParseResult(
                FrameKind.Ignored, $"'{Encoding.UTF8.GetString(instrumentName)}' is not an instrument MarketPrism normalizes (combos and spot pairs are not)");
        }

        return kind switch
        {
            DeribitChannelKind.Book => ParseBook(ref data, instrument, local, output),
            DeribitChannelKind.Trades => ParseTrades(ref data, instrument, local, output),
            DeribitChannelKind.Ticker => ParseTicker(ref data, instrument, local, output),
            DeribitChannelKind.Quote => ParseQuote(ref data, instrument, local, output),
            _ => ParseVolatilityIndex(ref data, instrument, local, output),
        };
    }
}

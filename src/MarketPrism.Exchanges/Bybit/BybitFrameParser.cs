using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Bybit;

/// <summary>
/// Parses Bybit v5 public WebSocket frames (spot, linear and inverse share one format) into normalized records, in
/// place over the UTF-8 bytes with <see cref="Utf8JsonReader"/>. Data frames are
/// <c>{"topic","type","ts","data",…}</c> with their keys in any order (tickers put <c>cs</c> and <c>ts</c> after
/// <c>data</c>; the recorded legacy liquidation frame, re-serialized with sorted keys, starts with <c>data</c>). The
/// <c>data</c> value is parsed where it stands when the envelope fields that say how to read it came first (always,
/// in Bybit's own order; a ticker's fields are read there and recorded once <c>ts</c> has arrived) or, for trades and
/// liquidations, when the topic can be found ahead in the bytes; otherwise afterwards from a saved reader.
/// Control replies are <c>{"success","ret_msg","conn_id","req_id","op"}</c>: subscribe/unsubscribe acknowledgements
/// and errors, matched by the echoed <c>req_id</c>, and pongs (<c>ret_msg:"pong"</c> on <c>op:"ping"</c>, or
/// <c>op:"pong"</c>).
/// </summary>
/// <remarks>
/// <para>One parser per connection, fed that connection's frames in order (the runtime guarantees it): two topics
/// need the previous frame. <c>tickers</c> on derivatives sends a snapshot and then deltas with only the fields that
/// changed, merged here into the symbol's ticker so every record is complete; and the top of book
/// (<c>orderbook.1</c>) was sent as snapshot plus deltas by earlier versions of the API, so each side is kept.</para>
/// <para>Allocation: a data frame allocates its output records, their level arrays and text trade ids (Bybit's
/// UUIDs), and the first frame of a symbol its ticker and top-of-book state; nothing else. Control and malformed
/// frames may allocate their message text.</para>
/// <para>Timestamps: trades and liquidations carry their own time (<c>T</c>, legacy <c>updatedTime</c>); books,
/// top of book and tickers use the envelope's <c>ts</c>, when Bybit's system generated the message.</para>
/// </remarks>
public sealed partial class BybitFrameParser : IFrameParser, IFrameBodyParser
{
    private const int MaxTopicLength = 128;

    private static readonly FrameParseResult Truncated = FrameParseResult.Malformed("frame is truncated");

    /// <summary>A topic with no record in the schema (klines, insurance...): counted as ignored, with the reason, never as an error.</summary>
    private static readonly FrameParseResult NotCollected =
        new(FrameKind.Ignored, "a Bybit topic MarketPrism does not normalize (not publicTrade, orderbook, tickers or liquidations)");

    private readonly InstrumentTable _instruments;
    private readonly Dictionary<Instrument, BybitTicker> _tickers = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Instrument, BybitTopOfBook> _topOfBooks = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// A ticker read where it stood in its frame, waiting for the frame's <c>ts</c> (sent after data). A field, not a
    /// local of ParseFrame: it is some 180 bytes that every frame would otherwise zero, and frames arrive one at a time.
    /// </summary>
    private BybitTickerMessage _pendingTicker;

    /// <param name="instruments">
    /// The market's instruments (see <see cref="BybitSymbols.CreateTable"/>); symbols not in it are resolved once
    /// through the table's resolver, and frames for symbols that cannot be normalized are reported as malformed.
    /// </param>
    public BybitFrameParser(InstrumentTable instruments)
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

        ReadOnlySpan<byte> topic = default;
        var hasTopic = false;
        ReadOnlySpan<byte> type = default;
        var hasType = false;
        long? ts = null;
        FrameParseResult? parsedInPlace = null;
        Instrument? tickerInstrument = null;

        // Where data is in the frame, to read it again once the envelope is known; not a saved reader, which every
        // frame would zero (some 200 bytes) for a path Bybit's own key order never takes.
        var data = default(Range);
        var hasData = false;
        ReadOnlySpan<byte> guessedTopic = default;
        var outputBeforeGuess = 0;
        bool? success = null;
        ReadOnlySpan<byte> operation = default;
        var hasOperation = false;
        ReadOnlySpan<byte> returnMessage = default;
        ReadOnlySpan<byte> requestId = default;

        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("topic"u8))
            {
                topic = reader.TokenType == JsonTokenType.String ? JsonText.Get(ref reader) : default;
                if (topic.IsEmpty || topic.Length > MaxTopicLength)
                {
                    return FrameParseResult.Malformed("'topic' is not a topic name");
                }

                hasTopic = true;
            }
            else if (name.SequenceEqual("data"u8))
            {
                hasData = true;
                var dataStart = (int)reader.TokenStartIndex;
                var firstDataAfterEnvelope = hasTopic && hasType && parsedInPlace is null && tickerInstrument is null;
                if (firstDataAfterEnvelope && ts is not null)
                {
                    // Bybit sends topic, type and ts before data: parse it where it stands (FrameParsing.ContinueAfterValue).
                    var value = reader;
                    parsedInPlace = ParseData(ref value, topic, type, ts, local, output);
                    FrameParsing.ContinueAfterValue(ref reader, ref value);
                }
                else if (firstDataAfterEnvelope && TryResolveTickers(topic, out var instrument, out var symbol))
                {
                    // Tickers send ts after data: read the fields where they stand and record them after the envelope.
                    var value = reader;
                    parsedInPlace = ReadTicker(ref value, instrument, symbol, type, out _pendingTicker);
                    tickerInstrument = parsedInPlace is null ? instrument : null;
                    FrameParsing.ContinueAfterValue(ref reader, ref value);
                }
                else if (!hasTopic && parsedInPlace is null && TryGuessTopic(frame[dataStart..], out guessedTopic))
                {
                    // data before topic (a recording re-serialized with sorted keys): parse it now under the topic
                    // found ahead in the bytes, noting where it is in case the envelope names another topic.
                    outputBeforeGuess = output.Count;
                    var value = reader;
                    parsedInPlace = ParseData(ref value, guessedTopic, default, null, local, output);
                    FrameParsing.ContinueAfterValue(ref reader, ref value);
                    data = dataStart..(int)reader.BytesConsumed;
                }
                else
                {
                    reader.Skip();
                    data = dataStart..(int)reader.BytesConsumed;
                }
            }
            else if (name.SequenceEqual("type"u8))
            {
                type = reader.TokenType == JsonTokenType.String ? JsonText.Get(ref reader) : default;
                hasType = true;
            }
            else if (name.SequenceEqual("ts"u8))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var parsed))
                {
                    return FrameParseResult.Malformed("field 'ts' is not an integer time");
                }

                ts = parsed;
            }
            else if (name.SequenceEqual("success"u8))
            {
                success = JsonScalars.TryReadBoolean(ref reader, out var flag) ? flag : null;
            }
            else if (name.SequenceEqual("op"u8))
            {
                operation = reader.TokenType == JsonTokenType.String ? JsonText.Get(ref reader) : default;
                hasOperation = true;
            }
            else if (name.SequenceEqual("ret_msg"u8))
            {
                returnMessage = reader.TokenType == JsonTokenType.String ? JsonText.Get(ref reader) : default;
            }
            else if (name.SequenceEqual("req_id"u8))
            {
                requestId = reader.TokenType == JsonTokenType.String ? JsonText.Get(ref reader) : default;
                if (reader.TokenType == JsonTokenType.Number)
                {
                    requestId = reader.ValueSpan;
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

        // One frame is one JSON object: anything after it (the reader throws for non-whitespace) is not ours to guess at.
        if (reader.Read())
        {
            return FrameParseResult.Malformed("unexpected data after the frame's JSON object");
        }

        if (hasTopic)
        {
            if (!hasData)
            {
                return FrameParseResult.Malformed($"topic '{Encoding.UTF8.GetString(topic)}' frame has no 'data'");
            }

            if (tickerInstrument is not null)
            {
                return RecordTicker(tickerInstrument, _pendingTicker, ts, local, output);
            }

            if (!guessedTopic.IsEmpty && !guessedTopic.SequenceEqual(topic))
            {
                // The bytes that looked like the topic were not the envelope's: forget that parse and read data again.
                output.RemoveRange(outputBeforeGuess, output.Count - outputBeforeGuess);
                parsedInPlace = null;
            }

            return parsedInPlace ?? ParseDataAgain(frame[data], topic, type, ts, local, output);
        }

        if (hasOperation)
        {
            return ParseReply(operation, success, returnMessage, requestId);
        }

        return FrameParseResult.Malformed("unrecognized frame: no 'topic' and no 'op'");
    }

    /// <summary>
    /// Reads a <c>data</c> value whose envelope came after it, with a reader of its own, declared here so that
    /// <c>ParseFrame</c>, which runs for every frame, does not zero one more reader on each call.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private FrameParseResult ParseDataAgain(
        ReadOnlySpan<byte> value, ReadOnlySpan<byte> topic, ReadOnlySpan<byte> type, long? ts, DateTime local, List<MarketRecord> output)
    {
        var reader = new Utf8JsonReader(value);
        reader.Read();
        return ParseData(ref reader, topic, type, ts, local, output);
    }

    /// <summary>
    /// For a <c>data</c> value that comes before the envelope's <c>topic</c>: finds <c>"topic":"…"</c> ahead in the
    /// bytes (compact form, no escapes), and only for topics whose data is read without <c>type</c> and <c>ts</c>
    /// (trades and liquidations), so the value can be parsed where it stands. The caller checks the guess against the
    /// topic the envelope actually names.
    /// </summary>
    private static bool TryGuessTopic(ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> topic)
    {
        topic = default;
        var key = rest.IndexOf("\"topic\":\""u8);
        if (key < 0)
        {
            return false;
        }

        var value = rest[(key + "\"topic\":\""u8.Length)..];
        var end = value.IndexOfAny((byte)'"', (byte)'\\');
        if (end <= 0 || end > MaxTopicLength || value[end] != (byte)'"'
            || !BybitTopics.TryParse(value[..end], out var kind, out _, out _)
            || kind is not (BybitTopicKind.PublicTrade or BybitTopicKind.AllLiquidation or BybitTopicKind.Liquidation))
        {
            return false;
        }

        topic = value[..end];
        return true;
    }

    /// <summary>Acknowledgements, errors and pongs.</summary>
    private static FrameParseResult ParseReply(ReadOnlySpan<byte> operation, bool? success, ReadOnlySpan<byte> returnMessage, ReadOnlySpan<byte> requestId)
    {
        // Pongs: linear/inverse and spot answer {"success":true,"ret_msg":"pong",…,"op":"ping"}; options and private
        // streams answer {"op":"pong","args":[ms]}.
        if (operation.SequenceEqual("pong"u8) || (operation.SequenceEqual("ping"u8) && (success != false || returnMessage.SequenceEqual("pong"u8))))
        {
            return new FrameParseResult(FrameKind.Heartbeat);
        }

        if (!operation.SequenceEqual("subscribe"u8) && !operation.SequenceEqual("unsubscribe"u8))
        {
            // auth and the like: not requests of a market-data connection, nothing to answer.
            return new FrameParseResult(FrameKind.Ignored, $"reply to op '{Encoding.UTF8.GetString(operation)}'");
        }

        // The collector's request ids are decimal numbers; an id it did not send cannot match a pending request.
        long? id = !requestId.IsEmpty && Utf8Parser.TryParse(requestId, out long parsed, out var consumed) && consumed == requestId.Length ? parsed : null;
        return success switch
        {
            true => new FrameParseResult(FrameKind.SubscriptionAck, RequestId: id),
            false => new FrameParseResult(
                FrameKind.SubscriptionError,
                $"Bybit rejected {Encoding.UTF8.GetString(operation)}: {(returnMessage.IsEmpty ? "no message" : Encoding.UTF8.GetString(returnMessage))}",
                id),
            null => FrameParseResult.Malformed($"{Encoding.UTF8.GetString(operation)} reply has no boolean 'success'"),
        };
    }

    private FrameParseResult ParseData(
        scoped ref Utf8JsonReader data, ReadOnlySpan<byte> topic, ReadOnlySpan<byte> type, long? ts, DateTime local, List<MarketRecord> output)
    {
        if (!BybitTopics.TryParse(topic, out var kind, out var depth, out var symbol))
        {
            return FrameParseResult.Malformed($"topic '{Encoding.UTF8.GetString(topic)}' is not '<name>.<symbol>'");
        }

        if (kind == BybitTopicKind.Other)
        {
            return NotCollected;
        }

        if (!_instruments.TryGet(symbol, out var instrument))
        {
            return FrameParseResult.Malformed($"topic '{Encoding.UTF8.GetString(topic)}': symbol '{Encoding.UTF8.GetString(symbol)}' cannot be normalized");
        }

        return kind switch
        {
            BybitTopicKind.PublicTrade => ParseTrades(ref data, instrument, symbol, local, output),
            BybitTopicKind.OrderBook => ParseOrderBook(ref data, instrument, symbol, depth, type, ts, local, output),
            BybitTopicKind.Tickers => ParseTicker(ref data, instrument, symbol, type, ts, local, output),
            BybitTopicKind.AllLiquidation => ParseAllLiquidations(ref data, instrument, symbol, local, output),
            _ => ParseLegacyLiquidation(ref data, instrument, symbol, local, output),
        };
    }

    /// <summary>The envelope's <c>ts</c> as UTC, or the reason it cannot be used.</summary>
    private static bool TryEnvelopeTime(long? ts, string topicName, out DateTime timestamp, out FrameParseResult failure)
    {
        if (ts is null)
        {
            timestamp = default;
            failure = FrameParseResult.Malformed($"{topicName}: field 'ts' is missing");
            return false;
        }

        if (!UnixMilliseconds.TryToUtc(ts.Value, out timestamp))
        {
            failure = FrameParseResult.Malformed($"{topicName}: field 'ts' is not a valid time");
            return false;
        }

        failure = default;
        return true;
    }

    /// <summary>A field <c>s</c>/<c>symbol</c> inside the data must name the topic's symbol.</summary>
    private static bool SameSymbol(ReadOnlySpan<byte> field, ReadOnlySpan<byte> topicSymbol) =>
        field.IsEmpty || field.SequenceEqual(topicSymbol);

    private static FrameParseResult Missing(string what, string field) =>
        FrameParseResult.Malformed($"{what}: field '{field}' is missing");

    private static FrameParseResult Invalid(string what, string field, string expected) =>
        FrameParseResult.Malformed($"{what}: field '{field}' is not {expected}");

    private static FrameParseResult OtherSymbol(string what, ReadOnlySpan<byte> field, ReadOnlySpan<byte> topicSymbol) =>
        FrameParseResult.Malformed($"{what}: symbol '{Encoding.UTF8.GetString(field)}' is not the topic's '{Encoding.UTF8.GetString(topicSymbol)}'");
}

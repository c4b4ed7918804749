using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Binance;

/// <summary>
/// Parses Binance spot, USDⓈ-M and COIN-M WebSocket frames (they share one format) into normalized records, in place
/// over the UTF-8 bytes with <see cref="Utf8JsonReader"/>. It understands combined-stream frames
/// (<c>{"stream":…,"data":…}</c>, keys in any order), raw frames (dispatched on <c>e</c>), the control replies
/// (<c>{"result":null,"id":n}</c> and both error shapes), <c>serverShutdown</c>, and the tardis-generated
/// <c>@depthSnapshot</c>/<c>@openInterest</c> wrappers found in recordings.
/// </summary>
/// <remarks>
/// <para>Allocation: a data frame allocates its output records and their level arrays, nothing else. Control and
/// malformed frames may allocate their message text.</para>
/// <para>Timestamps are the exchange's event time <c>E</c> wherever the event has one (depth, futures bookTicker, mark
/// price), so one data type means the same clock on every Binance market; trades and liquidations use their trade
/// time <c>T</c>; spot bookTicker, which carries no time at all, uses the receive time.</para>
/// <para><c>serverShutdown</c> is documented for spot ("A serverShutdown event will be sent when the server is about to
/// shutdown", Binance spot WebSocket Streams, general information) as an event <c>{"e":"serverShutdown","E":…}</c>;
/// the WebSocket API wraps the same event as <c>{"event":{…}}</c> (spot docs, "Connection events"). Both shapes, and
/// the event inside a combined-stream wrapper, become <see cref="FrameKind.ServerShutdownNotice"/>.</para>
/// <para>Raw (unwrapped) frames are dispatched on <c>e</c>, which cannot tell a partial-depth push (<c>depth5</c>,
/// a top-N book) from a diff (<c>depth</c>): both say <c>depthUpdate</c>. Raw connections must therefore carry only
/// diff depth; combined streams, which the collector uses, name the stream and have no such ambiguity.</para>
/// <para>Stateless apart from the instrument table: safe to share between connections.</para>
/// </remarks>
public sealed partial class BinanceFrameParser : IFrameParser, IFrameBodyParser
{
    /// <summary>
    /// A stream Binance documents that has no record in the schema (klines, tickers, partial depth, index prices):
    /// counted as ignored, with the reason, never as an error.
    /// </summary>
    private static readonly FrameParseResult NotCollected =
        new(FrameKind.Ignored, "a Binance stream MarketPrism does not normalize (kline, ticker, partial depth or index price)");

    private const int MaxStreamLength = 128;

    private readonly InstrumentTable _instruments;

    /// <param name="instruments">
    /// The market's instruments (see <see cref="BinanceSymbols.CreateTable"/>); symbols not in it are resolved once
    /// through the table's resolver, and frames for symbols that cannot be normalized are reported as malformed.
    /// </param>
    public BinanceFrameParser(InstrumentTable instruments)
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

        ReadOnlySpan<byte> stream = default;
        var hasStream = false;
        ReadOnlySpan<byte> eventType = default;
        var hasEventType = false;
        var dataParsed = false;
        var dataResult = FrameParseResult.Data;
        // Where a value to come back to starts and ends in the frame, not a saved reader: a reader is some 200 bytes that
        // every call would zero, for paths (data before stream, the event wrapper) that real traffic never takes.
        var deferredData = default(Range);
        var hasDeferredData = false;
        var eventWrapper = default(Range);
        var hasEventWrapper = false;
        var hasResult = false;
        long? requestId = null;
        long? errorCode = null;
        string? errorMessage = null;
        var hasError = false;
        var bookTickerKeys = 0;

        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("stream"u8))
            {
                stream = reader.TokenType == JsonTokenType.String ? JsonText.Get(ref reader) : default;
                if (stream.IsEmpty || stream.Length > MaxStreamLength)
                {
                    return FrameParseResult.Malformed("'stream' is not a stream name");
                }

                hasStream = true;
            }
            else if (name.SequenceEqual("data"u8))
            {
                var streamSymbol = default(ReadOnlySpan<byte>);
                var kind = hasStream ? BinanceEventKinds.FromStream(stream, out streamSymbol) : BinanceEventKind.Unknown;
                if (kind != BinanceEventKind.Unknown)
                {
                    // The usual order (stream first): parse the payload right here, in the same pass.
                    dataResult = ParseData(ref reader, kind, streamSymbol, local, output);
                    if (dataResult.Kind == FrameKind.Malformed)
                    {
                        return dataResult;
                    }

                    dataParsed = true;
                }
                else
                {
                    // Stream not seen yet (or not recognized): note where the value is and come back to it later.
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    deferredData = start..(int)reader.BytesConsumed;
                    hasDeferredData = true;
                }
            }
            else if (JsonText.IsKey(name, (byte)'e'))
            {
                if (reader.TokenType == JsonTokenType.String)
                {
                    eventType = JsonText.Get(ref reader);
                    hasEventType = true;
                }
            }
            else if (name.SequenceEqual("result"u8))
            {
                hasResult = true;
                reader.Skip();
            }
            else if (name.SequenceEqual("id"u8))
            {
                requestId = JsonScalars.TryReadInt64(ref reader, out var id) ? id : null;
            }
            else if (name.SequenceEqual("error"u8))
            {
                hasError = true;
                if (!TryReadError(ref reader, out errorCode, out errorMessage))
                {
                    return FrameParseResult.Malformed("'error' is not an object with 'code' and 'msg'");
                }
            }
            else if (name.SequenceEqual("code"u8))
            {
                hasError = true;
                errorCode = JsonScalars.TryReadInt64(ref reader, out var code) ? code : null;
            }
            else if (name.SequenceEqual("msg"u8))
            {
                hasError = true;
                errorMessage = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (name.SequenceEqual("event"u8))
            {
                hasEventWrapper = reader.TokenType == JsonTokenType.StartObject;
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                eventWrapper = start..(int)reader.BytesConsumed;
            }
            else
            {
                bookTickerKeys |= BookTickerKeyBit(name);
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

        if (dataParsed)
        {
            return dataResult;
        }

        if (hasDeferredData)
        {
            var streamSymbol = default(ReadOnlySpan<byte>);
            var kind = hasStream ? BinanceEventKinds.FromStream(stream, out streamSymbol) : BinanceEventKind.Unknown;
            return ParseAgain(frame[deferredData], kind, streamSymbol, local, output);
        }

        if (hasStream)
        {
            return FrameParseResult.Malformed($"stream '{Encoding.UTF8.GetString(stream)}' frame has no 'data'");
        }

        if (hasError)
        {
            var message = errorMessage ?? "no message";
            return new FrameParseResult(
                FrameKind.SubscriptionError,
                errorCode is { } code ? $"Binance error {code}: {message}" : $"Binance error: {message}",
                requestId);
        }

        if (hasResult)
        {
            return new FrameParseResult(FrameKind.SubscriptionAck, RequestId: requestId);
        }

        if (hasEventType)
        {
            // A raw-stream frame: the object itself is the payload.
            var kind = BinanceEventKinds.FromEventType(eventType);
            if (kind == BinanceEventKind.Unknown)
            {
                return UnknownEventType(eventType);
            }

            return ParseAgain(frame, kind, default, local, output);
        }

        if (hasEventWrapper)
        {
            return ParseEventWrapper(frame[eventWrapper]);
        }

        if (bookTickerKeys == AllBookTickerKeys)
        {
            // Raw spot bookTicker: the one Binance event without an 'e'.
            return ParseAgain(frame, BinanceEventKind.BookTicker, default, local, output);
        }

        return FrameParseResult.Malformed("unrecognized frame: no 'stream'/'data', no event type 'e', no 'result' or 'error'");
    }

    // The two methods below read part of the frame again with a reader of their own, declared in a method of its own
    // so that ParseFrame, which runs for every frame, does not zero one more reader on each call.

    /// <summary>
    /// Reads a value of the frame again once it is known what it is: a <c>data</c> value that came before its stream
    /// name, or a raw-stream frame (no <c>stream</c>/<c>data</c> envelope), whose object is itself the payload.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private FrameParseResult ParseAgain(
        ReadOnlySpan<byte> value, BinanceEventKind kind, ReadOnlySpan<byte> streamSymbol, DateTime local, List<MarketRecord> output)
    {
        var reader = new Utf8JsonReader(value);
        reader.Read();
        return ParseData(ref reader, kind, streamSymbol, local, output);
    }

    /// <summary>
    /// The WebSocket API wraps events as <c>{"event":{…}}</c>; of those only serverShutdown concerns market data.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FrameParseResult ParseEventWrapper(ReadOnlySpan<byte> wrapper)
    {
        var probe = new Utf8JsonReader(wrapper);
        probe.Read();
        return FindEventType(ref probe, out var wrapped) && wrapped.SequenceEqual("serverShutdown"u8)
            ? new FrameParseResult(FrameKind.ServerShutdownNotice)
            : FrameParseResult.Malformed("'event' wrapper does not carry a serverShutdown event");
    }

    /// <summary>
    /// Parses a combined-stream <c>data</c> value: one event object, or an array of them (<c>!markPrice@arr</c>).
    /// <paramref name="streamSymbol"/> is the symbol part of the stream name (empty for all-market streams).
    /// </summary>
    private FrameParseResult ParseData(
        scoped ref Utf8JsonReader reader, BinanceEventKind kind, ReadOnlySpan<byte> streamSymbol, DateTime local, List<MarketRecord> output)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return ParsePayload(ref reader, kind, streamSymbol, local, output);
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return FrameParseResult.Malformed($"'data' is a JSON {JsonTokenNames.Describe(reader.TokenType)}, not an object");
        }

        var produced = false;
        var ignored = NotCollected;
        ElementStep elementStep;
        while ((elementStep = JsonArrays.Next(ref reader)) == ElementStep.Value)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return FrameParseResult.Malformed($"'data' array holds a JSON {JsonTokenNames.Describe(reader.TokenType)}, not an event object");
            }

            var element = ParsePayload(ref reader, kind, streamSymbol, local, output);
            switch (element.Kind)
            {
                case FrameKind.Data:
                    produced = true;
                    break;
                case FrameKind.Ignored:
                    ignored = element;
                    break;
                default:
                    return element;
            }
        }

        if (elementStep == ElementStep.Truncated)
        {
            return Truncated;
        }

        return produced ? FrameParseResult.Data : ignored;
    }

    /// <summary>
    /// Parses one event object of <paramref name="kind"/> (decided from <c>e</c> when unknown). On return the reader
    /// is on the object's closing brace, so an enclosing object can continue.
    /// </summary>
    private FrameParseResult ParsePayload(
        scoped ref Utf8JsonReader reader, BinanceEventKind kind, ReadOnlySpan<byte> streamSymbol, DateTime local, List<MarketRecord> output)
    {
        if (kind == BinanceEventKind.Unknown)
        {
            var probe = reader;
            if (!FindEventType(ref probe, out var eventType))
            {
                reader.Skip();
                return FrameParseResult.Malformed("event has no type 'e' and its stream name is not recognized");
            }

            kind = BinanceEventKinds.FromEventType(eventType);
            if (kind == BinanceEventKind.Unknown)
            {
                var result = UnknownEventType(eventType);
                reader.Skip();
                return result;
            }
        }

        switch (kind)
        {
            case BinanceEventKind.Trade:
            case BinanceEventKind.AggTrade:
                return ParseTrade(ref reader, kind, streamSymbol, local, output);
            case BinanceEventKind.DepthUpdate:
                return ParseDepthUpdate(ref reader, streamSymbol, local, output);
            case BinanceEventKind.BookTicker:
                return ParseBookTicker(ref reader, streamSymbol, local, output);
            case BinanceEventKind.MarkPrice:
                return ParseMarkPrice(ref reader, streamSymbol, local, output);
            case BinanceEventKind.ForceOrder:
                return ParseForceOrder(ref reader, streamSymbol, local, output);
            case BinanceEventKind.DepthSnapshot:
                return ParseDepthSnapshot(ref reader, streamSymbol, local, output);
            case BinanceEventKind.OpenInterest:
                return ParseOpenInterest(ref reader, streamSymbol, local, output);
            case BinanceEventKind.ServerShutdown:
                reader.Skip();
                return new FrameParseResult(FrameKind.ServerShutdownNotice);
            default:
                reader.Skip();
                return NotCollected;
        }
    }

    private static FrameParseResult UnknownEventType(ReadOnlySpan<byte> eventType) =>
        FrameParseResult.Malformed($"unknown event type '{Encoding.UTF8.GetString(eventType)}'");

    /// <summary>Scans an object (reader on its start) for a string <c>e</c>; consumes the reader.</summary>
    private static bool FindEventType(scoped ref Utf8JsonReader reader, out ReadOnlySpan<byte> eventType)
    {
        eventType = default;
        while (JsonProperties.Next(ref reader, out var name) == PropertyStep.Value)
        {
            if (JsonText.IsKey(name, (byte)'e') && reader.TokenType == JsonTokenType.String)
            {
                eventType = JsonText.Get(ref reader);
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    /// <summary>Reads <c>{"code":…,"msg":…}</c> of an error reply.</summary>
    private static bool TryReadError(scoped ref Utf8JsonReader reader, out long? code, out string? message)
    {
        code = null;
        message = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (true)
        {
            var step = JsonProperties.Next(ref reader, out var name);
            if (step != PropertyStep.Value)
            {
                return step == PropertyStep.End;
            }

            if (name.SequenceEqual("code"u8))
            {
                code = JsonScalars.TryReadInt64(ref reader, out var value) ? value : null;
            }
            else if (name.SequenceEqual("msg"u8) && reader.TokenType == JsonTokenType.String)
            {
                message = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private const int AllBookTickerKeys = 0b11_1111;

    /// <summary>Marks the keys of a raw spot bookTicker (<c>u s b B a A</c>), which has no <c>e</c> to dispatch on.</summary>
    private static int BookTickerKeyBit(ReadOnlySpan<byte> name) =>
        name.Length != 1
            ? 0
            : name[0] switch
            {
                (byte)'u' => 1,
                (byte)'s' => 2,
                (byte)'b' => 4,
                (byte)'B' => 8,
                (byte)'a' => 16,
                (byte)'A' => 32,
                _ => 0,
            };
}

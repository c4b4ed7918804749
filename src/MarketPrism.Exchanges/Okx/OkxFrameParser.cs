using System.Text;
using System.Text.Json;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Okx;

/// <summary>
/// Parses OKX v5 public WebSocket frames into normalized records, in place over the UTF-8 bytes with
/// <see cref="Utf8JsonReader"/>. It understands the push envelope <c>{"arg":{…},"action"?:…,"data":[…]}</c> (keys in
/// any order), the control answers <c>{"event":"subscribe"|"unsubscribe"|"error"|"notice",…}</c>, and the bare text
/// <c>pong</c> OKX sends for a client's <c>ping</c>.
/// </summary>
/// <remarks>
/// <para>Channels: <c>trades</c>/<c>trades-all</c> → trade; <c>books</c>, <c>books-l2-tbt</c>, <c>books50-l2-tbt</c>
/// → book delta (the snapshot as an in-band snapshot); <c>bbo-tbt</c> and <c>tickers</c> → best bid/ask;
/// <c>funding-rate</c>, <c>open-interest</c>, <c>mark-price</c>; <c>liquidation-orders</c> (and the Tardis-generated
/// <c>liquidations</c> of recordings) → liquidation. <c>index-tickers</c> and <c>price-limit</c> are well-formed data
/// the schema has no record for and are reported as <see cref="FrameKind.Ignored"/> with the reason, like any other
/// channel that is not normalized.</para>
/// <para>Markets: one parser serves one market (its instrument table's). OKX spells the market in the instrument id,
/// so a frame of another market (a spot <c>BTC-USDT</c> on the perpetual parser) is ignored with the reason; an id
/// that is not OKX's at all is malformed.</para>
/// <para>Allocation: a data frame allocates its output records and their level arrays, nothing else. Control and
/// malformed frames may allocate their message text.</para>
/// <para>Stateless apart from the instrument table: safe to share between connections.</para>
/// </remarks>
public sealed partial class OkxFrameParser : IFrameParser, IFrameBodyParser
{
    /// <summary>OKX's notice code announcing that the connection will be closed for a service upgrade.</summary>
    private const string ServiceUpgradeNotice = "64008";

    private static readonly FrameParseResult Truncated = FrameParseResult.Malformed("frame is truncated");

    private readonly InstrumentTable _instruments;
    private readonly HashSet<Instrument>? _liquidationInstruments;

    /// <param name="instruments">The market's instruments (see <see cref="OkxSymbols.CreateTable"/>).</param>
    /// <param name="liquidationInstruments">
    /// The instruments whose liquidations are kept. <c>liquidation-orders</c> is subscribed per instrument type and
    /// carries every instrument of it; liquidations of the others are ignored (with the reason). Null keeps every
    /// instrument's, as <c>normalize</c> wants.
    /// </param>
    public OkxFrameParser(InstrumentTable instruments, IEnumerable<Instrument>? liquidationInstruments = null)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        _instruments = instruments;
        _liquidationInstruments = liquidationInstruments is null ? null : [.. liquidationInstruments];
    }

    public InstrumentTable Instruments => _instruments;

    /// <inheritdoc />
    public FrameParseResult Parse(ReadOnlySpan<byte> frame, DateTime localTimestamp, List<MarketRecord> output) =>
        FrameParsing.Parse(this, frame, localTimestamp, output);

    FrameParseResult IFrameBodyParser.ParseFrame(ReadOnlySpan<byte> frame, DateTime local, List<MarketRecord> output)
    {
        var trimmed = frame.Trim(" \t\r\n"u8);
        if (trimmed.IsEmpty)
        {
            return FrameParseResult.Malformed("empty frame");
        }

        if (trimmed.SequenceEqual("pong"u8))
        {
            return new FrameParseResult(FrameKind.Heartbeat);
        }

        if (trimmed[0] != (byte)'{')
        {
            return FrameParseResult.Malformed("frame is neither a JSON object nor OKX's text 'pong'");
        }

        var reader = new Utf8JsonReader(frame);
        reader.Read();
        var arg = default(Arg);
        var hasArg = false;
        ReadOnlySpan<byte> eventName = default;
        ReadOnlySpan<byte> action = default;
        ReadOnlySpan<byte> code = default;
        string? message = null;
        long? requestId = null;
        var deferredData = default(Utf8JsonReader);
        var hasData = false;
        FrameParseResult? parsedInPlace = null;

        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("arg"u8))
            {
                if (!TryReadArg(ref reader, out arg))
                {
                    return FrameParseResult.Malformed("'arg' is not an object of string fields with a 'channel'");
                }

                hasArg = true;
            }
            else if (name.SequenceEqual("data"u8))
            {
                hasData = true;
                if (hasArg && parsedInPlace is null && (!action.IsEmpty || ChannelKindOf(arg.Channel) != ChannelKind.Book))
                {
                    // OKX sends 'arg' (and a book's 'action') first: parse the data where it stands.
                    var value = reader;
                    parsedInPlace = ParseData(ref value, arg, action, local, output);
                    FrameParsing.ContinueAfterValue(ref reader, ref value);
                }
                else
                {
                    // Kept and parsed once the whole envelope is known: a book's 'action' may follow.
                    deferredData = reader;
                    reader.Skip();
                }
            }
            else if (name.SequenceEqual("event"u8))
            {
                if (!JsonText.TryRead(ref reader, out eventName))
                {
                    return FrameParseResult.Malformed("'event' is not a string");
                }
            }
            else if (name.SequenceEqual("action"u8))
            {
                if (!JsonText.TryRead(ref reader, out action))
                {
                    return FrameParseResult.Malformed("'action' is not a string");
                }
            }
            else if (name.SequenceEqual("code"u8))
            {
                code = reader.TokenType is JsonTokenType.String or JsonTokenType.Number ? JsonText.Get(ref reader) : default;
            }
            else if (name.SequenceEqual("msg"u8))
            {
                message = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (name.SequenceEqual("id"u8))
            {
                requestId = JsonScalars.TryReadInt64(ref reader, out var id) ? id : null;
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

        if (!eventName.IsEmpty)
        {
            return ParseEvent(eventName, hasArg ? arg : default, code, message, requestId);
        }

        if (hasData)
        {
            return hasArg
                ? parsedInPlace ?? ParseData(ref deferredData, arg, action, local, output)
                : FrameParseResult.Malformed("frame has 'data' but no 'arg' naming its channel");
        }

        return hasArg
            ? FrameParseResult.Malformed($"'{Encoding.UTF8.GetString(arg.Channel)}' frame has no 'data'")
            : FrameParseResult.Malformed("unrecognized frame: no 'event', no 'arg'/'data'");
    }

    /// <summary>
    /// <c>subscribe</c>/<c>unsubscribe</c> confirm one argument (reported by its stream name); <c>error</c> rejects a
    /// request (OKX names neither the argument nor the request, so it concerns every pending one); <c>notice</c> 64008
    /// announces a service upgrade that will close the connection.
    /// </summary>
    private static FrameParseResult ParseEvent(ReadOnlySpan<byte> eventName, Arg arg, ReadOnlySpan<byte> code, string? message, long? requestId)
    {
        if (eventName.SequenceEqual("subscribe"u8) || eventName.SequenceEqual("unsubscribe"u8))
        {
            return new FrameParseResult(FrameKind.SubscriptionAck, Stream: arg.StreamName());
        }

        var codeText = code.IsEmpty ? null : Encoding.UTF8.GetString(code);
        if (eventName.SequenceEqual("error"u8))
        {
            var reason = codeText is null ? $"OKX error: {message ?? "no message"}" : $"OKX error {codeText}: {message ?? "no message"}";
            return new FrameParseResult(FrameKind.SubscriptionError, reason, requestId, arg.StreamName());
        }

        if (eventName.SequenceEqual("notice"u8))
        {
            return codeText == ServiceUpgradeNotice
                ? new FrameParseResult(FrameKind.ServerShutdownNotice, message)
                : new FrameParseResult(FrameKind.Ignored, $"OKX notice {codeText}: {message}");
        }

        // login, channel-conn-count and other events concern private channels or bookkeeping, not market data.
        return new FrameParseResult(FrameKind.Ignored, $"OKX event '{Encoding.UTF8.GetString(eventName)}' is not about market data");
    }

    private FrameParseResult ParseData(scoped ref Utf8JsonReader reader, Arg arg, ReadOnlySpan<byte> action, DateTime local, List<MarketRecord> output)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return FrameParseResult.Malformed($"'data' is a JSON {JsonTokenNames.Describe(reader.TokenType)}, not an array");
        }

        var channel = arg.Channel;
        var kind = ChannelKindOf(channel);
        if (kind == ChannelKind.NotNormalized)
        {
            return new FrameParseResult(FrameKind.Ignored, NotNormalizedReason(channel));
        }

        var isSnapshot = false;
        if (kind == ChannelKind.Book)
        {
            if (action.SequenceEqual("snapshot"u8))
            {
                isSnapshot = true;
            }
            else if (!action.SequenceEqual("update"u8))
            {
                return FrameParseResult.Malformed(action.IsEmpty
                    ? $"'{Encoding.UTF8.GetString(channel)}' frame has no 'action'"
                    : $"'{Encoding.UTF8.GetString(channel)}' frame has unknown action '{Encoding.UTF8.GetString(action)}'");
            }
        }

        var produced = false;
        var ignored = FrameParseResult.Ignored;
        var skipped = 0;
        ElementStep elementStep;
        while ((elementStep = JsonArrays.Next(ref reader)) == ElementStep.Value)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return FrameParseResult.Malformed($"'data' holds a JSON {JsonTokenNames.Describe(reader.TokenType)}, not an object");
            }

            var element = kind switch
            {
                ChannelKind.Trade => ParseTrade(ref reader, arg, local, output),
                ChannelKind.Book => ParseBook(ref reader, arg, isSnapshot, local, output),
                ChannelKind.BestBidOffer => ParseBestBidOffer(ref reader, arg, local, output),
                ChannelKind.Ticker => ParseTicker(ref reader, arg, local, output),
                ChannelKind.FundingRate => ParseFundingRate(ref reader, arg, local, output),
                ChannelKind.OpenInterest => ParseOpenInterest(ref reader, arg, local, output),
                ChannelKind.MarkPrice => ParseMarkPrice(ref reader, arg, local, output),
                ChannelKind.LiquidationOrders => ParseLiquidationOrders(ref reader, local, output),
                _ => ParseGeneratedLiquidation(ref reader, arg, local, output),
            };

            switch (element.Kind)
            {
                case FrameKind.Data:
                    produced = true;
                    break;
                case FrameKind.Ignored:
                    ignored = element;
                    skipped++;
                    break;
                default:
                    return element;
            }
        }

        if (elementStep == ElementStep.Truncated)
        {
            return Truncated;
        }

        // A data frame reports the elements it skipped (a liquidation push names instruments of every kind), so they are
        // counted rather than lost silently.
        return produced ? (skipped == 0 ? FrameParseResult.Data : FrameParseResult.DataSkipping(skipped, ignored.Error)) : ignored;
    }

    /// <summary>
    /// Finds the instrument of an id of this parser's market. An id of another OKX market is ignored with the reason
    /// (a perpetual parser meeting a spot frame of a mixed capture); anything else is malformed.
    /// </summary>
    private bool TryResolve(ReadOnlySpan<byte> instId, string channel, out Instrument instrument, out FrameParseResult failure)
    {
        if (instId.IsEmpty)
        {
            instrument = null!;
            failure = FrameParseResult.Malformed($"{channel}: no instrument id");
            return false;
        }

        if (_instruments.TryGet(instId, out instrument))
        {
            failure = default;
            return true;
        }

        var text = Encoding.UTF8.GetString(instId);
        failure = OkxSymbols.MarketOf(text) is { } market && market != _instruments.MarketType
            ? new FrameParseResult(FrameKind.Ignored, $"{channel}: {text} is an OKX {market.ToWireName()} instrument; this parser reads {_instruments.MarketType.ToWireName()}")
            : FrameParseResult.Malformed($"{channel}: '{text}' is not an OKX instrument id");
        return false;
    }

    private static bool TryReadArg(scoped ref Utf8JsonReader reader, out Arg arg)
    {
        arg = default;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (true)
        {
            var step = JsonProperties.Next(ref reader, out var name);
            if (step == PropertyStep.End)
            {
                return !arg.Channel.IsEmpty;
            }

            if (step == PropertyStep.Truncated)
            {
                return false;
            }

            if (name.SequenceEqual("channel"u8))
            {
                if (!JsonText.TryRead(ref reader, out arg.Channel))
                {
                    return false;
                }
            }
            else if (name.SequenceEqual("instId"u8))
            {
                if (!JsonText.TryRead(ref reader, out arg.InstId))
                {
                    return false;
                }
            }
            else if (name.SequenceEqual("instType"u8))
            {
                if (!JsonText.TryRead(ref reader, out arg.InstType))
                {
                    return false;
                }
            }
            else
            {
                // instFamily, uly, and Tardis's "generated" flag.
                reader.Skip();
            }
        }
    }

    private static ChannelKind ChannelKindOf(ReadOnlySpan<byte> channel)
    {
        if (channel.SequenceEqual("trades"u8) || channel.SequenceEqual("trades-all"u8))
        {
            return ChannelKind.Trade;
        }

        if (channel.SequenceEqual("books"u8) || channel.SequenceEqual("books-l2-tbt"u8) || channel.SequenceEqual("books50-l2-tbt"u8))
        {
            return ChannelKind.Book;
        }

        if (channel.SequenceEqual("bbo-tbt"u8))
        {
            return ChannelKind.BestBidOffer;
        }

        if (channel.SequenceEqual("tickers"u8))
        {
            return ChannelKind.Ticker;
        }

        if (channel.SequenceEqual("funding-rate"u8))
        {
            return ChannelKind.FundingRate;
        }

        if (channel.SequenceEqual("open-interest"u8))
        {
            return ChannelKind.OpenInterest;
        }

        if (channel.SequenceEqual("mark-price"u8))
        {
            return ChannelKind.MarkPrice;
        }

        if (channel.SequenceEqual("liquidation-orders"u8))
        {
            return ChannelKind.LiquidationOrders;
        }

        return channel.SequenceEqual("liquidations"u8) ? ChannelKind.GeneratedLiquidations : ChannelKind.NotNormalized;
    }

    private static string NotNormalizedReason(ReadOnlySpan<byte> channel)
    {
        if (channel.SequenceEqual("index-tickers"u8))
        {
            // The schema carries an index price only beside the mark price it belongs to (mark_price, funding_rate);
            // OKX publishes the two on separate channels at different moments, and pairing them would invent a joint
            // observation OKX never made.
            return "index-tickers: an index price on its own has no record type; OKX mark prices carry none (see docs/schema.md)";
        }

        return $"channel '{Encoding.UTF8.GetString(channel)}' is not normalized";
    }

    private enum ChannelKind : byte
    {
        NotNormalized,
        Trade,
        Book,
        BestBidOffer,
        Ticker,
        FundingRate,
        OpenInterest,
        MarkPrice,
        LiquidationOrders,
        GeneratedLiquidations,
    }

    /// <summary>The subscription argument of a frame: slices of the frame, no copies.</summary>
    private ref struct Arg
    {
        public ReadOnlySpan<byte> Channel;
        public ReadOnlySpan<byte> InstId;
        public ReadOnlySpan<byte> InstType;

        /// <summary>The stream name this argument confirms (<see cref="OkxChannels.StreamName"/>), or null without a channel.</summary>
        public readonly string? StreamName()
        {
            if (Channel.IsEmpty)
            {
                return null;
            }

            var target = InstId.IsEmpty ? InstType : InstId;
            return target.IsEmpty
                ? Encoding.UTF8.GetString(Channel)
                : OkxChannels.StreamName(Encoding.UTF8.GetString(Channel), Encoding.UTF8.GetString(target));
        }
    }
}

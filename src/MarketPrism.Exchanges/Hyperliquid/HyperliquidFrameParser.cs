using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Hyperliquid;

/// <summary>
/// Parses Hyperliquid WebSocket frames (docs "Subscriptions") into normalized records, in place over the UTF-8 bytes
/// with <see cref="Utf8JsonReader"/>. Every server frame is <c>{"channel":…,"data":…}</c>: data channels
/// (<c>l2Book</c>, <c>bbo</c>, <c>trades</c>, <c>activeAssetCtx</c>), the answer to each subscription
/// (<c>subscriptionResponse</c>, echoing it), <c>pong</c> and <c>error</c> (whose data is a message text).
/// </summary>
/// <remarks>
/// <para>One parser per connection, fed its frames in order: it keeps each coin's last <c>l2Book</c> push to derive
/// the next one's changes (<see cref="HyperliquidBookRules"/>), and forgets it when the coin's book is subscribed again,
/// so the first push of a subscription is always loaded whole.</para>
/// <para>Allocation: a data frame allocates its output records and their level arrays; the first push of a coin its
/// book state. Control and malformed frames may allocate their message text.</para>
/// <para>Timestamps: books, best bid/ask and trades carry their own <c>time</c>; <c>activeAssetCtx</c> carries none,
/// so its records are stamped with the receive time.</para>
/// </remarks>
public sealed partial class HyperliquidFrameParser : IFrameParser, IFrameBodyParser
{
    private const int MaxChannelLength = 64;

    private static readonly FrameParseResult Truncated = FrameParseResult.Malformed("frame is truncated");

    /// <summary>A channel with no record in the schema (candles, allMids, user events...): counted as ignored, with the reason.</summary>
    private static readonly FrameParseResult NotCollected =
        new(FrameKind.Ignored, "a Hyperliquid channel MarketPrism does not normalize (not l2Book, bbo, trades or activeAssetCtx)");

    /// <summary>Spot pairs (<c>@107</c>, <c>PURR/USDC</c>) are not collected yet: they need spotMeta to be named.</summary>
    private static readonly FrameParseResult SpotNotCollected =
        new(FrameKind.Ignored, "a Hyperliquid spot pair (@index or BASE/QUOTE): MarketPrism collects Hyperliquid perpetuals only");

    private readonly InstrumentTable _instruments;

    public HyperliquidFrameParser(InstrumentTable instruments)
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

        ReadOnlySpan<byte> channel = default;
        var hasChannel = false;
        FrameParseResult? parsed = null;
        var data = default(Range);
        var hasData = false;

        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("channel"u8))
            {
                channel = reader.TokenType == JsonTokenType.String ? JsonText.Get(ref reader) : default;
                if (channel.IsEmpty || channel.Length > MaxChannelLength)
                {
                    return FrameParseResult.Malformed("'channel' is not a channel name");
                }

                hasChannel = true;
            }
            else if (name.SequenceEqual("data"u8) && !hasData)
            {
                hasData = true;
                if (hasChannel)
                {
                    // Hyperliquid sends channel before data: parse it where it stands.
                    var value = reader;
                    parsed = ParseData(ref value, channel, local, output);
                    FrameParsing.ContinueAfterValue(ref reader, ref value);
                }
                else
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    data = start..(int)reader.BytesConsumed;
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

        if (reader.Read())
        {
            return FrameParseResult.Malformed("unexpected data after the frame's JSON object");
        }

        if (!hasChannel)
        {
            return FrameParseResult.Malformed("unrecognized frame: no 'channel'");
        }

        if (channel.SequenceEqual("pong"u8))
        {
            return new FrameParseResult(FrameKind.Heartbeat);
        }

        if (!hasData)
        {
            return FrameParseResult.Malformed($"channel '{Encoding.UTF8.GetString(channel)}' frame has no 'data'");
        }

        return parsed ?? ParseDataAgain(frame[data], channel, local, output);
    }

    /// <summary>A <c>data</c> value that came before its <c>channel</c> (a re-serialized recording), read with a reader of its own.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private FrameParseResult ParseDataAgain(ReadOnlySpan<byte> value, ReadOnlySpan<byte> channel, DateTime local, List<MarketRecord> output)
    {
        var reader = new Utf8JsonReader(value);
        reader.Read();
        return ParseData(ref reader, channel, local, output);
    }

    private FrameParseResult ParseData(scoped ref Utf8JsonReader data, ReadOnlySpan<byte> channel, DateTime local, List<MarketRecord> output)
    {
        if (channel.SequenceEqual("l2Book"u8))
        {
            return ParseBook(ref data, local, output);
        }

        if (channel.SequenceEqual("trades"u8))
        {
            return ParseTrades(ref data, local, output);
        }

        if (channel.SequenceEqual("bbo"u8))
        {
            return ParseBestBidAsk(ref data, output, local);
        }

        if (channel.SequenceEqual("activeAssetCtx"u8))
        {
            return ParseAssetContext(ref data, local, output);
        }

        if (channel.SequenceEqual("subscriptionResponse"u8))
        {
            return ParseSubscriptionResponse(ref data);
        }

        if (channel.SequenceEqual("error"u8))
        {
            // {"channel":"error","data":"Invalid subscription …"}: the text is all there is; it names no request.
            var message = data.TokenType == JsonTokenType.String ? data.GetString() : "no message";
            return new FrameParseResult(FrameKind.SubscriptionError, $"Hyperliquid error: {message}");
        }

        if (channel.SequenceEqual("pong"u8))
        {
            return new FrameParseResult(FrameKind.Heartbeat);
        }

        return channel.SequenceEqual("activeSpotAssetCtx"u8) ? SpotNotCollected : NotCollected;
    }

    /// <summary>
    /// The instrument of a <c>coin</c> field, or the reason the frame gives no records: a spot pair is ignored, a coin
    /// no perpetual can have is malformed.
    /// </summary>
    private bool TryInstrument(ReadOnlySpan<byte> coin, string what, out Instrument instrument, out FrameParseResult failure)
    {
        if (_instruments.TryGet(coin, out instrument))
        {
            failure = default;
            return true;
        }

        failure = coin.Length > 0 && (coin[0] == (byte)'@' || coin.IndexOf((byte)'/') >= 0)
            ? SpotNotCollected
            : FrameParseResult.Malformed($"{what}: coin '{Encoding.UTF8.GetString(coin)}' is not a Hyperliquid perpetual");
        return false;
    }

    /// <summary>
    /// <c>{"method":"subscribe"|"unsubscribe","subscription":{"type":…,"coin":…}}</c>: the acknowledgement of the stream
    /// <c>type:coin</c>. A book subscribed again starts from its next push, whole.
    /// </summary>
    private FrameParseResult ParseSubscriptionResponse(scoped ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return FrameParseResult.Malformed("subscriptionResponse: 'data' is not an object");
        }

        string? type = null;
        string? coin = null;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("subscription"u8) && reader.TokenType == JsonTokenType.StartObject)
            {
                PropertyStep inner;
                while ((inner = JsonProperties.Next(ref reader, out var field)) == PropertyStep.Value)
                {
                    if (field.SequenceEqual("type"u8) && reader.TokenType == JsonTokenType.String)
                    {
                        type = reader.GetString();
                    }
                    else if (field.SequenceEqual("coin"u8) && reader.TokenType == JsonTokenType.String)
                    {
                        coin = reader.GetString();
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                if (inner == PropertyStep.Truncated)
                {
                    return Truncated;
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

        if (type is null)
        {
            return FrameParseResult.Malformed("subscriptionResponse: no subscription 'type'");
        }

        if (coin is null)
        {
            // allMids and user subscriptions name no coin: not streams the collector subscribes.
            return new FrameParseResult(FrameKind.SubscriptionAck, Stream: type);
        }

        if (type == "l2Book")
        {
            ForgetBook(coin);
        }

        return new FrameParseResult(FrameKind.SubscriptionAck, Stream: HyperliquidRequests.StreamName(type, coin));
    }

    private static FrameParseResult Missing(string what, string field) =>
        FrameParseResult.Malformed($"{what}: field '{field}' is missing");

    private static FrameParseResult Invalid(string what, string field, string expected) =>
        FrameParseResult.Malformed($"{what}: field '{field}' is not {expected}");
}

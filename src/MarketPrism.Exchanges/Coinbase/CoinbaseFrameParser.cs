using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Coinbase;

/// <summary>
/// Parses the frames of both Coinbase APIs into normalized records, in place over the UTF-8 bytes with
/// <see cref="Utf8JsonReader"/>. An Advanced Trade frame is an envelope
/// <c>{"channel","client_id"?,"timestamp","sequence_num","events":[…]}</c> (<c>.AdvancedTrade</c>); an Exchange feed
/// frame is a flat object with a <c>type</c> (<c>.ExchangeFeed</c>); keys may come in any order. Errors of both APIs
/// are <c>{"type":"error","message",…}</c>. Reading both with one parser lets <c>normalize</c> read either capture
/// with no option.
/// </summary>
/// <remarks>
/// <para>State: one parser reads one connection (see <see cref="IFrameParser"/>), and it is where losses on that
/// connection show: a jump in Advanced Trade's <c>sequence_num</c> or <c>heartbeat_counter</c> (every book of the
/// connection is suspect), or in a product's trade ids on the Exchange feed (<c>match</c>, or a <c>heartbeat</c>'s
/// <c>last_trade_id</c>: that product's book is suspect). The parser chains each product's book updates and breaks the
/// chain after a loss (<see cref="CoinbaseBookRules"/>), so the book synchronizer resubscribes the book and counts and
/// logs the gap as for every venue.</para>
/// <para>Allocation: a data frame allocates its output records and their level arrays, nothing else (the per-product
/// state is allocated once per product). Control and malformed frames may allocate their message text.</para>
/// </remarks>
public sealed partial class CoinbaseFrameParser : IFrameParser, IFrameBodyParser
{
    private static readonly FrameParseResult Truncated = FrameParseResult.Malformed("frame is truncated");

    private readonly InstrumentTable _instruments;
    private readonly CoinbaseApi _api;
    private readonly Dictionary<Instrument, ProductState> _products = new(ReferenceEqualityComparer.Instance);

    /// <summary>Advanced Trade: the last <c>sequence_num</c> seen on the connection, -1 before the first.</summary>
    private long _lastSequenceNum = -1;

    /// <summary>Advanced Trade: the last <c>heartbeat_counter</c> seen on the connection, -1 before the first.</summary>
    private long _lastHeartbeatCounter = -1;

    /// <summary>Losses seen on the connection as a whole (Advanced Trade); each breaks every book's chain.</summary>
    private int _connectionLosses;

    /// <summary>Advanced Trade: whether the answer to the opening <c>heartbeats</c> subscription has come.</summary>
    private bool _openingAnswered;

    /// <param name="instruments">The market's instruments (see <see cref="CoinbaseSymbols.CreateTable"/>).</param>
    /// <param name="api">
    /// The API the connection speaks. Both APIs' frames are read either way; it only says whether the connection opened
    /// with Advanced Trade's <c>heartbeats</c> subscription, whose answer is not the answer to a subscribe of the runtime.
    /// </param>
    public CoinbaseFrameParser(InstrumentTable instruments, CoinbaseApi api = CoinbaseApi.Exchange)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        _instruments = instruments;
        _api = api;
    }

    public InstrumentTable Instruments => _instruments;

    /// <summary>Losses this connection showed so far (sequence, heartbeat counter or trade id jumps), for tests and logs.</summary>
    public int LossesSeen { get; private set; }

    /// <inheritdoc />
    public FrameParseResult Parse(ReadOnlySpan<byte> frame, DateTime localTimestamp, List<MarketRecord> output) =>
        FrameParsing.Parse(this, frame, localTimestamp, output);

    FrameParseResult IFrameBodyParser.ParseFrame(ReadOnlySpan<byte> frame, DateTime local, List<MarketRecord> output)
    {
        if (!FrameParsing.TryOpenObject(frame, out var reader, out var notAnObject))
        {
            return notAnObject;
        }

        var fields = default(ExchangeFields);
        ReadOnlySpan<byte> channel = default;
        ReadOnlySpan<byte> timestamp = default;
        long? sequenceNum = null;
        var deferredEvents = default(Utf8JsonReader);
        var hasEvents = false;
        var sequenceObserved = false;
        FrameParseResult? eventsResult = null;

        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("channel"u8))
            {
                if (!JsonText.TryRead(ref reader, out channel) || channel.IsEmpty)
                {
                    return FrameParseResult.Malformed("'channel' is not a channel name");
                }
            }
            else if (name.SequenceEqual("events"u8))
            {
                hasEvents = true;
                if (!channel.IsEmpty && !timestamp.IsEmpty && sequenceNum is not null && eventsResult is null)
                {
                    // Coinbase sends the envelope's channel, timestamp and sequence_num first: the events are parsed
                    // where they stand, after the sequence is checked.
                    ObserveSequence(sequenceNum.Value);
                    sequenceObserved = true;
                    var value = reader;
                    eventsResult = ParseEvents(ref value, channel, timestamp, sequenceNum.Value, local, output);
                    FrameParsing.ContinueAfterValue(ref reader, ref value);
                }
                else
                {
                    deferredEvents = reader;
                    reader.Skip();
                }
            }
            else if (name.SequenceEqual("timestamp"u8))
            {
                if (!JsonText.TryRead(ref reader, out timestamp))
                {
                    return FrameParseResult.Malformed("'timestamp' is not a string");
                }
            }
            else if (name.SequenceEqual("sequence_num"u8))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var value) || value < 0)
                {
                    return FrameParseResult.Malformed("'sequence_num' is not a non-negative integer");
                }

                sequenceNum = value;
            }
            else if (!ReadExchangeField(ref reader, name, ref fields, out var invalid))
            {
                return invalid;
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

        if (channel.IsEmpty)
        {
            return hasEvents && fields.Type.IsEmpty
                ? FrameParseResult.Malformed("frame has 'events' but no 'channel'")
                : ParseExchangeMessage(ref fields, local, output);
        }

        if (sequenceNum is null)
        {
            return FrameParseResult.Malformed($"'{Encoding.UTF8.GetString(channel)}' frame has no 'sequence_num'");
        }

        if (!sequenceObserved)
        {
            ObserveSequence(sequenceNum.Value);
        }

        if (eventsResult is { } parsed)
        {
            return parsed;
        }

        if (!hasEvents)
        {
            return FrameParseResult.Malformed($"'{Encoding.UTF8.GetString(channel)}' frame has no 'events'");
        }

        return timestamp.IsEmpty
            ? FrameParseResult.Malformed($"'{Encoding.UTF8.GetString(channel)}' frame has no 'timestamp'")
            : ParseEvents(ref deferredEvents, channel, timestamp, sequenceNum.Value, local, output);
    }

    /// <summary>
    /// The instrument of a product id of this parser's market. A product of the other Coinbase market (a future on the
    /// spot parser) is ignored with the reason; anything else is malformed.
    /// </summary>
    private bool TryResolve(ReadOnlySpan<byte> productId, string what, out Instrument instrument, out FrameParseResult failure)
    {
        if (productId.IsEmpty)
        {
            instrument = null!;
            failure = FrameParseResult.Malformed($"{what}: no product_id");
            return false;
        }

        if (_instruments.TryGet(productId, out instrument))
        {
            failure = default;
            return true;
        }

        var text = Encoding.UTF8.GetString(productId);
        failure = CoinbaseSymbols.MarketOf(text) is { } market && market != _instruments.MarketType
            ? new FrameParseResult(FrameKind.Ignored, $"{what}: {text} is a Coinbase {market.ToWireName()} product; this parser reads {_instruments.MarketType.ToWireName()}")
            : FrameParseResult.Malformed($"{what}: '{text}' is not a Coinbase product id");
        return false;
    }

    /// <summary>The product's state on this connection, created on first use.</summary>
    private ref ProductState StateOf(Instrument instrument) => ref CollectionsMarshal.GetValueRefOrAddDefault(_products, instrument, out _);

    /// <summary>
    /// Advanced Trade numbers every message of a connection from 0, one up per message across channels: any other step
    /// means a message was lost (or came twice), and with no replay every book of the connection is suspect.
    /// </summary>
    private void ObserveSequence(long sequenceNum)
    {
        if (_lastSequenceNum >= 0 && sequenceNum != _lastSequenceNum + 1)
        {
            ConnectionLost();
        }

        _lastSequenceNum = sequenceNum;
    }

    private void ConnectionLost()
    {
        _connectionLosses++;
        LossesSeen++;
    }

    private void ProductLost(ref ProductState state)
    {
        state.Losses++;
        LossesSeen++;
    }

    /// <summary>
    /// The id a product's new book message chains to: its previous book message on this connection, unless the
    /// connection or the product lost something since (then <see cref="CoinbaseBookRules.AfterLoss"/>, a gap); and
    /// records this message as the new link.
    /// </summary>
    private long? ChainBook(ref ProductState state, long id, bool isSnapshot)
    {
        var epoch = _connectionLosses + state.Losses;
        long? previous = isSnapshot ? null : state.HasBook && state.BookEpoch == epoch ? state.BookId : CoinbaseBookRules.AfterLoss;
        state.HasBook = true;
        state.BookId = id;
        state.BookEpoch = epoch;
        return previous;
    }

    private static FrameParseResult Missing(string what, string field) =>
        FrameParseResult.Malformed($"{what}: missing field '{field}'");

    private static FrameParseResult Invalid(string what, string field, string expected) =>
        FrameParseResult.Malformed($"{what}: field '{field}' is not {expected}");

    /// <summary>
    /// <c>"buy"</c>/<c>"sell"</c> (Exchange) or <c>"BUY"</c>/<c>"SELL"</c> (Advanced Trade): the side of the resting
    /// (maker) order. Coinbase's Exchange docs: "The side field indicates the maker order side"; the same holds for
    /// Advanced Trade's public trades (the ticker of the same trade shows the opposite side, verified on the capture).
    /// The schema stores the taker's side, the opposite.
    /// </summary>
    private static bool TryTakerSideOfMaker(ReadOnlySpan<byte> makerSide, out Side takerSide)
    {
        if (makerSide.SequenceEqual("buy"u8) || makerSide.SequenceEqual("BUY"u8))
        {
            takerSide = Side.Sell;
            return true;
        }

        if (makerSide.SequenceEqual("sell"u8) || makerSide.SequenceEqual("SELL"u8))
        {
            takerSide = Side.Buy;
            return true;
        }

        takerSide = default;
        return false;
    }

    /// <summary>What the parser remembers of one product on its connection.</summary>
    private struct ProductState
    {
        /// <summary>Whether a book message of the product was seen (<see cref="BookId"/> is set).</summary>
        public bool HasBook;

        /// <summary>The id of the product's last book message: <c>sequence_num</c>, or its Exchange time-based id.</summary>
        public long BookId;

        /// <summary>The losses (connection's plus product's) when <see cref="BookId"/> was set.</summary>
        public int BookEpoch;

        /// <summary>Exchange: the time (microseconds) of the product's last book message.</summary>
        public long LastBookMicros;

        /// <summary>Exchange: how many book messages of the product came before the last one in its microsecond.</summary>
        public long SameMicrosecond;

        /// <summary>Exchange: the highest trade id seen in a <c>match</c> or <c>heartbeat</c>, 0 before the first.</summary>
        public long LastTradeId;

        /// <summary>Exchange: the product's <c>sequence</c> of that trade id, to tell an old heartbeat from a new one.</summary>
        public long LastTradeSequence;

        /// <summary>Losses of this product alone (Exchange trade id jumps).</summary>
        public int Losses;
    }
}

using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Abstractions;

/// <summary>
/// Everything the collector runtime needs to know about one market of one exchange (e.g. Binance USD-M
/// perpetuals): how symbols are spelled, which streams carry which data types, how to connect and subscribe, how to
/// parse frames, how its books stay in sync, and which REST endpoints are polled. Adding an exchange means adding a
/// folder with implementations of this interface; no pipeline code changes.
/// </summary>
public interface IExchangeVenue
{
    /// <summary>Lower-case exchange name, e.g. <c>binance</c>.</summary>
    string Exchange { get; }

    MarketType MarketType { get; }

    /// <summary>Public REST base address used when the config gives none.</summary>
    Uri DefaultRestUrl { get; }

    /// <summary>Public WebSocket base address used when the config gives none.</summary>
    Uri DefaultWsUrl { get; }

    VenueLimits Limits { get; }

    /// <summary>Data types this market can deliver.</summary>
    IReadOnlySet<DataType> SupportedDataTypes { get; }

    /// <summary>
    /// Trade ids of a symbol count up by exactly one, so a jump means trades were missed (Binance). When false, ids
    /// only suppress duplicates.
    /// </summary>
    bool HasContiguousTradeIds { get; }

    /// <summary>
    /// Numeric trade ids of a symbol only grow, so an id at or below the last one is a copy (every venue but
    /// Hyperliquid, whose <c>tid</c> is unique but in no order). When false, copies are recognized by a window of the
    /// instrument's recent ids, as for text ids. Default: true.
    /// </summary>
    bool HasOrderedTradeIds => true;

    /// <summary>The venue's book continuity rules.</summary>
    IBookSequenceRules BookRules { get; }

    /// <summary>
    /// This market as an entry's <c>options:</c> configure it: which streams it subscribes, how it reads them, its book
    /// rules, even its addresses (an option may pick one of a venue's APIs). The collector calls it once per feed with
    /// the options the exchange's plug-in created and the config bound, and uses only the market it returns. Default:
    /// the market itself, for a venue whose options change none of that.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="options"/> belong to another exchange.</exception>
    IExchangeVenue Configure(IVenueOptions options) => this;

    /// <summary>Builds the instrument for a normalized symbol (<c>BTC-USDT</c>); throws <see cref="ArgumentException"/> when invalid.</summary>
    Instrument CreateInstrument(string normalizedSymbol);

    /// <summary>A table holding the configured instruments that resolves any other symbol it meets.</summary>
    InstrumentTable CreateInstrumentTable(IEnumerable<Instrument> configured);

    /// <summary>A parser for one connection (see <see cref="IFrameParser"/>: each connection gets its own).</summary>
    IFrameParser CreateParser(InstrumentTable instruments);

    /// <summary>The streams to subscribe for an instrument and the data types wanted (a stream may feed several types).</summary>
    IReadOnlyList<StreamSubscription> GetStreams(Instrument instrument, IReadOnlySet<DataType> dataTypes);

    /// <summary>The WebSocket address for a connection carrying streams of <paramref name="connectionGroup"/>.</summary>
    Uri GetConnectionUri(Uri wsBaseUrl, string connectionGroup);

    /// <summary>The request frame that subscribes <paramref name="streams"/>; the venue echoes <paramref name="requestId"/> in its answer.</summary>
    ReadOnlyMemory<byte> BuildSubscribeRequest(IReadOnlyList<StreamSubscription> streams, long requestId);

    /// <summary>The request frame that unsubscribes <paramref name="streams"/> (used to resubscribe a broken in-band book).</summary>
    ReadOnlyMemory<byte> BuildUnsubscribeRequest(IReadOnlyList<StreamSubscription> streams, long requestId);

    /// <summary>Frames sent right after connecting, before subscribing (Deribit: <c>public/set_heartbeat</c>). Default: none.</summary>
    IReadOnlyList<ReadOnlyMemory<byte>> GetOpeningRequests(Func<long> nextRequestId) => [];

    /// <summary>The venue's client keep-alive, or null when the server's WebSocket pings suffice (Binance). Default: null.</summary>
    KeepAlive? KeepAlive => null;

    /// <summary>
    /// The longest a live connection goes without an application frame even when the market is quiet: the venue's own
    /// heartbeat (Deribit's <c>test_request</c>) or the answer to the client's keep-alive (OKX's and Bybit's
    /// <c>pong</c>). Null when the venue's keep-alive never reaches the application (Binance answers WebSocket pings
    /// inside the socket), so silence alone cannot tell a dead connection from a quiet one. Default: the keep-alive's
    /// interval.
    /// </summary>
    TimeSpan? HeartbeatInterval => KeepAlive?.Interval;

    /// <summary>The answer to a <see cref="FrameKind.HeartbeatRequest"/> (Deribit: <c>public/test</c>).</summary>
    ReadOnlyMemory<byte> BuildHeartbeatReply(long requestId) =>
        throw new NotSupportedException($"{Exchange} sends no heartbeat requests.");

    /// <summary>
    /// The response header in which the venue reports the request weight used in the current minute (Binance:
    /// <c>X-MBX-USED-WEIGHT-1M</c>), or null. Default: null.
    /// </summary>
    string? UsedWeightHeader => null;

    /// <summary>
    /// A cheap request made once before any other, to learn from <see cref="UsedWeightHeader"/> how much weight this IP
    /// already used this minute (a restart, another process). Default: none.
    /// </summary>
    RestRequest? WeightProbe => null;

    /// <summary>The venue's own REST weight limit per minute, which the configured budget never exceeds; null if unknown. Default: null.</summary>
    int? RestWeightPerMinute => null;

    /// <summary>The REST request for a depth snapshot of <paramref name="limit"/> levels.</summary>
    RestRequest GetDepthSnapshotRequest(Instrument instrument, int limit);

    /// <summary>Parses a depth snapshot body; throws <see cref="FormatException"/> with the reason when it cannot.</summary>
    DepthSnapshot ParseDepthSnapshot(ReadOnlySpan<byte> body, DateTime localTimestamp);

    /// <summary>REST endpoints polled on a schedule for this instrument (funding rate, open interest).</summary>
    IReadOnlyList<RestPoll> GetPolls(Instrument instrument, IReadOnlySet<DataType> dataTypes);

    /// <summary>Reads a venue error body (e.g. Binance <c>{"code":-1121,"msg":"Invalid symbol."}</c>) for logs; null if it is not one.</summary>
    string? DescribeError(ReadOnlySpan<byte> body);
}

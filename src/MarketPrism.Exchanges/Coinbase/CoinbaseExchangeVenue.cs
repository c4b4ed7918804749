using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Coinbase;

/// <summary>
/// One Coinbase market through one of its two public APIs (<see cref="CoinbaseApi"/>) as the collector runtime sees
/// it. Exchange feed (spot): <c>level2_batch</c> → book_delta/book_snapshot, <c>matches</c> → trade, <c>ticker</c> →
/// best_bid_ask, with <c>heartbeat</c> per product. Advanced Trade (spot and CDE futures): <c>level2</c> →
/// book_delta/book_snapshot, <c>market_trades</c> → trade, <c>ticker</c> → best_bid_ask, with <c>heartbeats</c>
/// subscribed first on every connection ("Most channels close within 60-90 seconds if no updates are sent. Subscribe
/// to heartbeats to keep all subscriptions open", …/websocket-channels). Both need a subscribe within 5 s of
/// connecting ("you are disconnected if no subscribe has been received within 5 seconds",
/// docs.cdp.coinbase.com/exchange/websocket-feed), which the runtime sends right after connecting. Books come in band
/// (<see cref="CoinbaseBookRules"/>); one parser reads both APIs' frames (<see cref="CoinbaseFrameParser"/>), so
/// <c>normalize</c> reads either capture. Nothing is polled: spot has no funding or open interest.
/// </summary>
public sealed class CoinbaseExchangeVenue : IExchangeVenue
{
    private static readonly DataType[] BookTypes = [DataType.BookDelta, DataType.BookSnapshot];

    public CoinbaseExchangeVenue(MarketType marketType, CoinbaseApi api)
    {
        if (marketType is not (MarketType.Spot or MarketType.Futures))
        {
            throw new ArgumentException($"Coinbase {marketType.ToWireName()} is not supported.", nameof(marketType));
        }

        if (marketType == MarketType.Futures && api == CoinbaseApi.Exchange)
        {
            throw new ArgumentException("Coinbase futures are listed on Advanced Trade only.", nameof(api));
        }

        MarketType = marketType;
        Api = api;
        DefaultWsUrl = new Uri(api == CoinbaseApi.Exchange ? CoinbaseEndpoints.ExchangeWebSocket : CoinbaseEndpoints.AdvancedTradeWebSocket);
        Limits = new VenueLimits(
            CoinbaseLimits.MaxStreamsPerConnection,
            api == CoinbaseApi.Exchange ? CoinbaseLimits.ExchangeClientMessagesPerSecond : CoinbaseLimits.AdvancedTradeClientMessagesPerSecond,
            api == CoinbaseApi.Exchange ? CoinbaseLimits.ExchangeStreamsPerRequest : CoinbaseLimits.AdvancedTradeStreamsPerRequest,
            ConnectionLifetime: null)
        {
            MaxConnectionsPerWindow = CoinbaseLimits.ConnectionsPerSecond,
        };
    }

    public string Exchange => CoinbaseSymbols.Exchange;

    public MarketType MarketType { get; }

    /// <summary>Which API this venue speaks.</summary>
    public CoinbaseApi Api { get; }

    public Uri DefaultRestUrl { get; } = new(CoinbaseEndpoints.RestBase);

    public Uri DefaultWsUrl { get; }

    public VenueLimits Limits { get; }

    public IReadOnlySet<DataType> SupportedDataTypes { get; } =
        new HashSet<DataType> { DataType.Trade, DataType.BookDelta, DataType.BookSnapshot, DataType.BestBidAsk };

    /// <summary>
    /// Trade ids count up by one per product on both APIs (verified on the Exchange capture's <c>match</c>es and the
    /// REST market trades, FORMATS.md 6a/6c), so a jump means trades were missed.
    /// </summary>
    public bool HasContiguousTradeIds => true;

    public IBookSequenceRules BookRules => CoinbaseBookRules.Instance;

    /// <summary>Both APIs send a heartbeat every second (<see cref="CoinbaseLimits.HeartbeatInterval"/>); no client keep-alive is needed.</summary>
    public TimeSpan? HeartbeatInterval => CoinbaseLimits.HeartbeatInterval;

    /// <summary>The same market through the other API (what the entry's <c>api</c> option picks).</summary>
    public CoinbaseExchangeVenue WithApi(CoinbaseApi api) => api == Api ? this : new CoinbaseExchangeVenue(MarketType, api);

    /// <summary>
    /// Advanced Trade serves most <c>-USDC</c> products' public data under their <c>-USD</c> twin
    /// (<see cref="CoinbaseSymbols.IsMirroredUsdc"/>); collecting one there would store <c>-USD</c> data, so it is
    /// refused with what to configure instead.
    /// </summary>
    public Instrument CreateInstrument(string normalizedSymbol)
    {
        if (!CoinbaseSymbols.TryCreateInstrument(normalizedSymbol, MarketType, out var instrument, out var error))
        {
            throw new ArgumentException(error, nameof(normalizedSymbol));
        }

        if (Api == CoinbaseApi.AdvancedTrade && CoinbaseSymbols.IsMirroredUsdc(instrument))
        {
            throw new ArgumentException(
                $"'{normalizedSymbol}': Coinbase Advanced Trade's public channels send the data of {instrument.BaseAsset}-USD for {instrument.ExchangeSymbol} (only USDT-USDC and EURC-USDC have their own); configure {instrument.BaseAsset}-USD.",
                nameof(normalizedSymbol));
        }

        return instrument;
    }

    public InstrumentTable CreateInstrumentTable(IEnumerable<Instrument> configured) => CoinbaseSymbols.CreateTable(MarketType, configured);

    public IFrameParser CreateParser(InstrumentTable instruments) => new CoinbaseFrameParser(instruments, Api);

    public IReadOnlyList<StreamSubscription> GetStreams(Instrument instrument, IReadOnlySet<DataType> dataTypes, VenueStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(dataTypes);
        var streams = new List<StreamSubscription>();
        var product = instrument.ExchangeSymbol;
        if (dataTypes.Contains(DataType.Trade))
        {
            Add(streams, Api == CoinbaseApi.Exchange ? CoinbaseChannels.Matches : CoinbaseChannels.MarketTrades, product, instrument, [DataType.Trade]);
        }

        if (dataTypes.Contains(DataType.BookDelta) || dataTypes.Contains(DataType.BookSnapshot))
        {
            Add(streams, Api == CoinbaseApi.Exchange ? CoinbaseChannels.Level2Batch : CoinbaseChannels.Level2, product, instrument, BookTypes);
        }

        if (dataTypes.Contains(DataType.BestBidAsk))
        {
            Add(streams, CoinbaseChannels.Ticker, product, instrument, [DataType.BestBidAsk]);
        }

        return streams;
    }

    public Uri GetConnectionUri(Uri wsBaseUrl, string connectionGroup) => CoinbaseEndpoints.WebSocketUri(wsBaseUrl);

    /// <summary>
    /// Coinbase echoes no request id: it answers every subscribe and unsubscribe, in order, with the list of the
    /// connection's subscriptions (<see cref="FrameParseResult.AnswersOldestRequest"/>).
    /// </summary>
    public ReadOnlyMemory<byte> BuildSubscribeRequest(IReadOnlyList<StreamSubscription> streams, long requestId) =>
        Api == CoinbaseApi.Exchange
            ? CoinbaseRequests.ExchangeRequest("subscribe", streams, withHeartbeat: true)
            : CoinbaseRequests.AdvancedTradeRequest("subscribe", streams);

    public ReadOnlyMemory<byte> BuildUnsubscribeRequest(IReadOnlyList<StreamSubscription> streams, long requestId) =>
        Api == CoinbaseApi.Exchange
            ? CoinbaseRequests.ExchangeRequest("unsubscribe", streams, withHeartbeat: false)
            : CoinbaseRequests.AdvancedTradeRequest("unsubscribe", streams);

    /// <summary>Advanced Trade: <c>heartbeats</c> first, so no subscription of the connection is closed for being idle.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> GetOpeningRequests(Func<long> nextRequestId) =>
        Api == CoinbaseApi.AdvancedTrade ? [CoinbaseRequests.SubscribeHeartbeats] : [];

    /// <summary>
    /// Advanced Trade's public <c>GET /api/v3/brokerage/market/product_book</c>. Books come in band on both APIs, so the
    /// runtime never needs it to sync; <c>normalize</c> reads captured answers as book snapshots.
    /// </summary>
    public RestRequest GetDepthSnapshotRequest(Instrument instrument, int limit)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return new RestRequest(CoinbaseEndpoints.ProductBookPath(instrument.ExchangeSymbol, limit), "product_book", 1);
    }

    public DepthSnapshot ParseDepthSnapshot(ReadOnlySpan<byte> body, DateTime localTimestamp) => CoinbaseRestParser.ParseProductBook(body, localTimestamp);

    /// <summary>Nothing to poll: every data type Coinbase has for these markets streams.</summary>
    public IReadOnlyList<RestPoll> GetPolls(Instrument instrument, IReadOnlySet<DataType> dataTypes) => [];

    public string? DescribeError(ReadOnlySpan<byte> body) => CoinbaseRestParser.DescribeError(body);

    private static void Add(List<StreamSubscription> streams, string channel, string product, Instrument instrument, IReadOnlyList<DataType> types) =>
        streams.Add(new StreamSubscription(CoinbaseChannels.StreamName(channel, product), instrument, types, CoinbaseEndpoints.PublicGroup));
}

using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Deribit;

/// <summary>
/// Deribit perpetuals, futures or options as the collector runtime sees them: one JSON-RPC WebSocket
/// (<c>/ws/api/v2</c>) carrying trades (liquidations are flagged trades), books with in-band snapshots chained by
/// change id, quotes, tickers (funding, open interest, mark price) and, on the option market, the DVOL volatility
/// index. The connection asks for heartbeats with <c>public/set_heartbeat</c> and answers each <c>test_request</c>
/// with <c>public/test</c>. Nothing is polled: every data type streams.
/// </summary>
public sealed class DeribitExchangeVenue : IExchangeVenue
{
    private const string ConnectionGroup = "public";

    public DeribitExchangeVenue(MarketType marketType)
    {
        if (marketType is not (MarketType.Perpetual or MarketType.Futures or MarketType.Option))
        {
            throw new ArgumentException($"Deribit {marketType.ToWireName()} is not supported.", nameof(marketType));
        }

        MarketType = marketType;
        DefaultRestUrl = new Uri(DeribitEndpoints.Rest);
        DefaultWsUrl = new Uri(DeribitEndpoints.WebSocket);
        Limits = new VenueLimits(
            DeribitLimits.MaxChannelsPerConnection,
            DeribitLimits.MaxClientMessagesPerSecond,
            DeribitLimits.MaxChannelsPerRequest,
            ConnectionLifetime: null);
        var types = new HashSet<DataType>
        {
            DataType.Trade, DataType.BookDelta, DataType.BookSnapshot, DataType.BestBidAsk,
            DataType.OpenInterest, DataType.Liquidation, DataType.MarkPrice,
        };
        if (marketType == MarketType.Perpetual)
        {
            types.Add(DataType.FundingRate);
        }

        if (marketType == MarketType.Option)
        {
            types.Add(DataType.VolatilityIndex);
        }

        SupportedDataTypes = types;
    }

    public string Exchange => DeribitSymbols.Exchange;

    public MarketType MarketType { get; }

    public Uri DefaultRestUrl { get; }

    public Uri DefaultWsUrl { get; }

    public VenueLimits Limits { get; }

    public IReadOnlySet<DataType> SupportedDataTypes { get; }

    /// <summary>
    /// Deribit's trade ids are not numbered per instrument (BTC ids count across all BTC instruments, ETH ids are
    /// text); copies are recognized by <c>trade_seq</c> (<see cref="TradeRecord.Sequence"/>) instead.
    /// </summary>
    public bool HasContiguousTradeIds => false;

    public IBookSequenceRules BookRules => DeribitBookRules.Instance;

    public Instrument CreateInstrument(string normalizedSymbol) =>
        DeribitSymbols.TryCreateInstrument(normalizedSymbol, MarketType, out var instrument, out var error)
            ? instrument
            : throw new ArgumentException(error, nameof(normalizedSymbol));

    public InstrumentTable CreateInstrumentTable(IEnumerable<Instrument> configured) => DeribitSymbols.CreateTable(MarketType, configured);

    public IFrameParser CreateParser(InstrumentTable instruments) => new DeribitFrameParser(instruments);

    public IReadOnlyList<StreamSubscription> GetStreams(Instrument instrument, IReadOnlySet<DataType> dataTypes)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(dataTypes);
        var streams = new List<StreamSubscription>();
        var carried = new Dictionary<string, List<DataType>>(StringComparer.Ordinal);
        foreach (var type in WireNames.AllDataTypes)
        {
            if (!dataTypes.Contains(type) || !SupportedDataTypes.Contains(type) || DeribitChannels.ChannelName(instrument, type) is not { } name)
            {
                continue;
            }

            // One channel feeds several types: trades give trades and liquidations, the book deltas and snapshots,
            // the ticker funding, open interest and mark price.
            if (!carried.TryGetValue(name, out var types))
            {
                types = [];
                carried[name] = types;
                streams.Add(new StreamSubscription(name, instrument, types, ConnectionGroup));
            }

            types.Add(type);
        }

        return streams;
    }

    public Uri GetConnectionUri(Uri wsBaseUrl, string connectionGroup) => DeribitEndpoints.WebSocketUri(wsBaseUrl);

    public ReadOnlyMemory<byte> BuildSubscribeRequest(IReadOnlyList<StreamSubscription> streams, long requestId) =>
        DeribitRequests.Subscribe(Names(streams), requestId);

    public ReadOnlyMemory<byte> BuildUnsubscribeRequest(IReadOnlyList<StreamSubscription> streams, long requestId) =>
        DeribitRequests.Unsubscribe(Names(streams), requestId);

    /// <summary><c>public/set_heartbeat</c> every <see cref="DeribitLimits.HeartbeatIntervalSeconds"/> seconds.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> GetOpeningRequests(Func<long> nextRequestId)
    {
        ArgumentNullException.ThrowIfNull(nextRequestId);
        return [DeribitRequests.SetHeartbeat(DeribitLimits.HeartbeatIntervalSeconds, nextRequestId())];
    }

    /// <summary>Deribit sends a <c>test_request</c> every heartbeat interval, whatever else it sends.</summary>
    public TimeSpan? HeartbeatInterval { get; } = TimeSpan.FromSeconds(DeribitLimits.HeartbeatIntervalSeconds);

    /// <summary><c>public/test</c>, which a <c>test_request</c> must be answered with or Deribit closes the connection.</summary>
    public ReadOnlyMemory<byte> BuildHeartbeatReply(long requestId) => DeribitRequests.Test(requestId);

    /// <summary><c>public/get_order_book</c>. The collector never needs it (books come with in-band snapshots).</summary>
    public RestRequest GetDepthSnapshotRequest(Instrument instrument, int limit)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return new RestRequest(DeribitRequests.OrderBookPath(instrument.ExchangeSymbol, DeribitLimits.OrderBookDepth(limit)), "get_order_book", Weight: 1);
    }

    public DepthSnapshot ParseDepthSnapshot(ReadOnlySpan<byte> body, DateTime localTimestamp) =>
        DeribitRestParser.ParseOrderBook(body, localTimestamp);

    /// <summary>Deribit streams funding and open interest on the ticker channel: nothing to poll.</summary>
    public IReadOnlyList<RestPoll> GetPolls(Instrument instrument, IReadOnlySet<DataType> dataTypes) => [];

    public string? DescribeError(ReadOnlySpan<byte> body) => DeribitRestParser.DescribeError(body);

    private static string[] Names(IReadOnlyList<StreamSubscription> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        var names = new string[streams.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = streams[i].Name;
        }

        return names;
    }
}

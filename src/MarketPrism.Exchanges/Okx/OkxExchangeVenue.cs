using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Okx;

/// <summary>
/// OKX v5 spot, perpetual swaps or dated futures as the collector runtime sees them: one public WebSocket
/// (<c>/ws/v5/public</c>) carrying <c>trades</c>, <c>books</c> (in-band snapshot, else a REST one; seqId and checksum), <c>bbo-tbt</c>,
/// <c>funding-rate</c>, <c>open-interest</c>, <c>mark-price</c> and <c>liquidation-orders</c>, kept alive by a text
/// <c>ping</c> after silence; REST polls for funding rate, open interest and the rubik long/short ratios.
/// </summary>
/// <remarks>
/// Best bid/ask comes from <c>bbo-tbt</c>, not <c>tickers</c>: it is pushed on every change of the top of the book
/// (like Binance's bookTicker), while tickers are throttled to at most one per 100 ms, pushed only on a trade or a
/// top-of-book change, and carry 24-hour statistics the schema does not keep.
/// </remarks>
public sealed class OkxExchangeVenue : IExchangeVenue
{
    /// <summary>The long/short ratio period polled; the scheduler job's default interval matches it.</summary>
    public const string LongShortRatioPeriod = "5m";

    /// <summary>
    /// Silence after which a <c>ping</c> goes out. OKX closes a connection that has had nothing pushed for 30 s; the
    /// runtime checks four times per interval, so the ping leaves between 15 and 19 s of silence, well before the cut.
    /// </summary>
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);

    private static readonly DataType[] BookTypes = [DataType.BookDelta, DataType.BookSnapshot];
    private static readonly LongShortRatioKind[] RatioKinds = [LongShortRatioKind.TopPosition, LongShortRatioKind.TopAccount, LongShortRatioKind.AllAccount];

    public OkxExchangeVenue(MarketType marketType)
    {
        if (marketType is not (MarketType.Spot or MarketType.Perpetual or MarketType.Futures))
        {
            throw new ArgumentException($"OKX {marketType.ToWireName()} is not supported.", nameof(marketType));
        }

        MarketType = marketType;
        var supported = new HashSet<DataType> { DataType.Trade, DataType.BookDelta, DataType.BookSnapshot, DataType.BestBidAsk };
        if (marketType != MarketType.Spot)
        {
            supported.UnionWith([DataType.OpenInterest, DataType.Liquidation, DataType.MarkPrice, DataType.LongShortRatio]);
        }

        if (marketType == MarketType.Perpetual)
        {
            supported.Add(DataType.FundingRate);
        }

        SupportedDataTypes = supported;
    }

    public string Exchange => OkxSymbols.Exchange;

    public MarketType MarketType { get; }

    public Uri DefaultRestUrl { get; } = new(OkxEndpoints.RestBase);

    public Uri DefaultWsUrl { get; } = new(OkxEndpoints.WebSocketBase);

    /// <summary>
    /// OKX publishes no per-connection channel limit, only 64 KB of arguments per request and 480 subscribe or
    /// unsubscribe requests per hour per connection; 400 streams per connection and 100 per request stay far inside
    /// both. Three client messages a second is OKX's connection-request rate, a safe pace for requests and pings.
    /// OKX does not cut connections at a fixed age.
    /// </summary>
    public VenueLimits Limits { get; } = new(MaxStreamsPerConnection: 400, MaxClientMessagesPerSecond: 3, MaxStreamsPerRequest: 100, ConnectionLifetime: null);

    public IReadOnlySet<DataType> SupportedDataTypes { get; }

    /// <summary>OKX trade ids increase per instrument but skip (aggregated pushes, other order types): no gap detection.</summary>
    public bool HasContiguousTradeIds => false;

    public IBookSequenceRules BookRules => OkxBookRules.Instance;

    public KeepAlive KeepAlive { get; } = new(KeepAliveInterval, KeepAliveTrigger.AfterSilence, OkxRequests.Ping);

    public Instrument CreateInstrument(string normalizedSymbol) =>
        OkxSymbols.TryCreateInstrument(normalizedSymbol, MarketType, out var instrument, out var error)
            ? instrument
            : throw new ArgumentException(error, nameof(normalizedSymbol));

    public InstrumentTable CreateInstrumentTable(IEnumerable<Instrument> configured) => OkxSymbols.CreateTable(MarketType, configured);

    /// <summary>
    /// The instruments in <paramref name="instruments"/> when the parser is created are the ones collected:
    /// <c>liquidation-orders</c> carries every instrument of its type, and only theirs are kept. An empty table (as
    /// <c>normalize</c> passes) keeps every instrument's.
    /// </summary>
    public IFrameParser CreateParser(InstrumentTable instruments)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        var collected = instruments.Instruments.ToArray();
        return new OkxFrameParser(instruments, collected.Length > 0 ? collected : null);
    }

    public IReadOnlyList<StreamSubscription> GetStreams(Instrument instrument, IReadOnlySet<DataType> dataTypes)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(dataTypes);
        var streams = new List<StreamSubscription>();
        var instId = instrument.ExchangeSymbol;
        if (dataTypes.Contains(DataType.Trade))
        {
            Add(streams, OkxChannels.Trades, instId, instrument, [DataType.Trade]);
        }

        if (dataTypes.Contains(DataType.BookDelta) || dataTypes.Contains(DataType.BookSnapshot))
        {
            Add(streams, OkxChannels.Books, instId, instrument, BookTypes);
        }

        if (dataTypes.Contains(DataType.BestBidAsk))
        {
            Add(streams, OkxChannels.BboTbt, instId, instrument, [DataType.BestBidAsk]);
        }

        if (MarketType == MarketType.Spot)
        {
            return streams;
        }

        if (MarketType == MarketType.Perpetual && dataTypes.Contains(DataType.FundingRate))
        {
            Add(streams, OkxChannels.FundingRate, instId, instrument, [DataType.FundingRate]);
        }

        if (dataTypes.Contains(DataType.OpenInterest))
        {
            Add(streams, OkxChannels.OpenInterest, instId, instrument, [DataType.OpenInterest]);
        }

        if (dataTypes.Contains(DataType.MarkPrice))
        {
            Add(streams, OkxChannels.MarkPrice, instId, instrument, [DataType.MarkPrice]);
        }

        if (dataTypes.Contains(DataType.Liquidation))
        {
            Add(streams, OkxChannels.LiquidationOrders, OkxSymbols.InstType(MarketType), instrument, [DataType.Liquidation]);
        }

        return streams;
    }

    public Uri GetConnectionUri(Uri wsBaseUrl, string connectionGroup) => OkxEndpoints.WebSocketUri(wsBaseUrl, connectionGroup);

    /// <summary>OKX echoes no request id: it confirms each argument (<see cref="FrameParseResult.Stream"/>).</summary>
    public ReadOnlyMemory<byte> BuildSubscribeRequest(IReadOnlyList<StreamSubscription> streams, long requestId) => OkxRequests.Subscribe(streams);

    public ReadOnlyMemory<byte> BuildUnsubscribeRequest(IReadOnlyList<StreamSubscription> streams, long requestId) => OkxRequests.Unsubscribe(streams);

    /// <summary>
    /// <c>GET /api/v5/market/books</c> with up to 400 levels a side (<paramref name="limit"/> clamped to OKX's range),
    /// fetched only when a book got no in-band snapshot in time (see <see cref="OkxBookRules"/>).
    /// </summary>
    public RestRequest GetDepthSnapshotRequest(Instrument instrument, int limit)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return new RestRequest(OkxEndpoints.BooksPath(instrument.ExchangeSymbol, limit), "depth", 1);
    }

    /// <summary>The <c>/api/v5/market/books</c> answer, its <c>seqId</c> as the update id (see <see cref="OkxRestParser.ParseBooks"/>).</summary>
    public DepthSnapshot ParseDepthSnapshot(ReadOnlySpan<byte> body, DateTime localTimestamp) => OkxRestParser.ParseBooks(body, localTimestamp);

    /// <summary>
    /// <c>funding_rate</c>: <c>/api/v5/public/funding-rate</c> (perpetuals); <c>open_interest</c>:
    /// <c>/api/v5/public/open-interest</c> (valued with the latest mark price when OKX sends no <c>oiUsd</c>);
    /// <c>long_short_ratio</c>: the three rubik contract ratios for the latest 5-minute period, each period handed on
    /// once however often it is polled.
    /// </summary>
    public IReadOnlyList<RestPoll> GetPolls(Instrument instrument, IReadOnlySet<DataType> dataTypes)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(dataTypes);
        if (MarketType == MarketType.Spot)
        {
            return [];
        }

        var polls = new List<RestPoll>();
        var instId = instrument.ExchangeSymbol;
        var parser = new OkxRestParser(CreateInstrumentTable([instrument]));
        if (MarketType == MarketType.Perpetual && dataTypes.Contains(DataType.FundingRate))
        {
            var request = new RestRequest(OkxEndpoints.FundingRatePath(instId), "funding_rate", 1);
            polls.Add(new RestPoll("funding_rate", instrument, request, (body, local, _, output) => output.AddRange(parser.ParseFundingRate(body, local))));
        }

        if (dataTypes.Contains(DataType.OpenInterest))
        {
            var request = new RestRequest(OkxEndpoints.OpenInterestPath(OkxSymbols.InstType(MarketType), instId), "open_interest", 1);
            polls.Add(new RestPoll("open_interest", instrument, request, (body, local, context, output) =>
                output.AddRange(parser.ParseOpenInterest(body, context.GetMarkPrice(instrument), local))));
        }

        if (dataTypes.Contains(DataType.LongShortRatio))
        {
            foreach (var kind in RatioKinds)
            {
                var request = new RestRequest(OkxEndpoints.LongShortRatioPath(kind, instId, LongShortRatioPeriod), $"long_short_ratio_{kind.ToWireName()}", 1);
                var watermark = new PollWatermark();
                polls.Add(new RestPoll("long_short_ratio", instrument, request, (body, local, _, output) =>
                    watermark.AddNewer(OkxRestParser.ParseLongShortRatio(body, instrument, kind, LongShortRatioPeriod, local), output)));
            }
        }

        return polls;
    }

    public string? DescribeError(ReadOnlySpan<byte> body) => OkxRestParser.DescribeError(body);

    private static void Add(List<StreamSubscription> streams, string channel, string target, Instrument instrument, IReadOnlyList<DataType> types) =>
        streams.Add(new StreamSubscription(OkxChannels.StreamName(channel, target), instrument, types, OkxEndpoints.PublicGroup));
}

using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Binance;

/// <summary>
/// Binance spot or USD-M perpetuals as the collector runtime sees them: the Binance folder's parsers, stream names,
/// requests, limits and book rules behind <see cref="IExchangeVenue"/>.
/// </summary>
public sealed class BinanceExchangeVenue : IExchangeVenue
{
    private static readonly DataType[] FundingTypes = [DataType.FundingRate, DataType.MarkPrice];
    private static readonly DataType[] BookTypes = [DataType.BookDelta, DataType.BookSnapshot];
    private static readonly LongShortRatioKind[] RatioKinds = [LongShortRatioKind.TopPosition, LongShortRatioKind.TopAccount, LongShortRatioKind.AllAccount];

    /// <summary>The long/short ratio period polled; the scheduler job's default interval matches it.</summary>
    public const string LongShortRatioPeriod = "5m";

    private readonly BinanceVenue _venue;

    private readonly BinanceTradeFeed _tradeFeed;

    /// <param name="marketType">Spot or perpetual.</param>
    /// <param name="tradeFeed">The stream that feeds <c>trade</c> records (the <c>trade_stream</c> option).</param>
    public BinanceExchangeVenue(MarketType marketType, BinanceTradeFeed tradeFeed = BinanceTradeFeed.Trade)
    {
        _tradeFeed = tradeFeed;
        _venue = marketType switch
        {
            MarketType.Spot => BinanceVenue.Spot,
            MarketType.Perpetual => BinanceVenue.UsdMargined,
            _ => throw new ArgumentException($"Binance {marketType.ToWireName()} is not supported.", nameof(marketType)),
        };
        MarketType = marketType;
        DefaultRestUrl = new Uri(BinanceEndpoints.RestBase(_venue));
        DefaultWsUrl = new Uri(BinanceEndpoints.WebSocketBase(_venue));
        Limits = new VenueLimits(
            BinanceLimits.MaxStreamsPerConnection,
            BinanceLimits.MaxIncomingMessagesPerSecond(_venue),
            MaxStreamsPerRequest: 200,
            BinanceLimits.MaxConnectionLifetime)
        {
            // "300 connections per attempt every 5 minutes per IP" (spot WebSocket limits; USD-M documents the same order).
            MaxConnectionsPerWindow = 300,
            ConnectionWindow = TimeSpan.FromMinutes(5),
        };
        SupportedDataTypes = marketType == MarketType.Spot
            ? new HashSet<DataType> { DataType.Trade, DataType.BookDelta, DataType.BookSnapshot, DataType.BestBidAsk }
            : new HashSet<DataType>(WireNames.AllDataTypes.Where(type => type is not DataType.VolatilityIndex));
        BookRules = marketType == MarketType.Spot ? BinanceSpotBookRules.Instance : BinanceFuturesBookRules.Instance;
    }

    public string Exchange => BinanceSymbols.Exchange;

    public MarketType MarketType { get; }

    public Uri DefaultRestUrl { get; }

    public Uri DefaultWsUrl { get; }

    public VenueLimits Limits { get; }

    public IReadOnlySet<DataType> SupportedDataTypes { get; }

    /// <summary>Binance numbers trades (and aggregate trades) of a symbol 1, 2, 3...: a jump means trades were missed.</summary>
    public bool HasContiguousTradeIds => true;

    public IBookSequenceRules BookRules { get; }

    public string? UsedWeightHeader => "X-MBX-USED-WEIGHT-1M";

    /// <summary><c>/api/v3/ping</c> or <c>/fapi/v1/ping</c>: weight 1, and its answer carries the used-weight header.</summary>
    public RestRequest? WeightProbe => new(_venue == BinanceVenue.Spot ? "/api/v3/ping" : "/fapi/v1/ping", "ping", 1);

    /// <summary>Binance's published limits: 6000 weight per minute on spot, 2400 on USD-M (the REST "Limits" sections).</summary>
    public int? RestWeightPerMinute => _venue == BinanceVenue.Spot ? 6000 : 2400;

    public Instrument CreateInstrument(string normalizedSymbol)
    {
        if (!BinanceSymbols.TryCreateInstrument(normalizedSymbol, MarketType, out var instrument, out var error))
        {
            throw new ArgumentException(error, nameof(normalizedSymbol));
        }

        if (BinanceSymbols.VenueOf(instrument) != _venue)
        {
            throw new ArgumentException(
                $"'{normalizedSymbol}' is a Binance COIN-M contract; MarketPrism collects Binance spot and USD-M markets.", nameof(normalizedSymbol));
        }

        return instrument;
    }

    public InstrumentTable CreateInstrumentTable(IEnumerable<Instrument> configured) => BinanceSymbols.CreateTable(MarketType, configured);

    public IFrameParser CreateParser(InstrumentTable instruments) => new BinanceFrameParser(instruments);

    /// <summary>This market reading trades from the stream the entry's <c>trade_stream</c> names.</summary>
    public IExchangeVenue Configure(IVenueOptions options) =>
        options is BinanceOptions binance
            ? binance.TradeFeed == _tradeFeed ? this : new BinanceExchangeVenue(MarketType, binance.TradeFeed)
            : throw new ArgumentException($"{options?.GetType().Name ?? "null"} are not Binance options.", nameof(options));

    public IReadOnlyList<StreamSubscription> GetStreams(Instrument instrument, IReadOnlySet<DataType> dataTypes)
    {
        var feed = _tradeFeed;
        var streams = new List<StreamSubscription>();
        foreach (var type in WireNames.AllDataTypes)
        {
            if (!dataTypes.Contains(type) || BinanceStreams.StreamName(instrument, type, feed) is not { } name
                || streams.Exists(stream => stream.Name == name))
            {
                continue;
            }

            // One stream feeds several types: depth gives deltas and snapshots, markPrice gives funding and mark price.
            IReadOnlyList<DataType> carried = type switch
            {
                DataType.BookDelta or DataType.BookSnapshot => BookTypes,
                DataType.FundingRate or DataType.MarkPrice => FundingTypes,
                _ => [type],
            };
            streams.Add(new StreamSubscription(name, instrument, carried, BinanceEndpoints.RouteOf(_venue, name).ToString()));
        }

        return streams;
    }

    public Uri GetConnectionUri(Uri wsBaseUrl, string connectionGroup) =>
        BinanceEndpoints.CombinedStreamUri(_venue, Enum.Parse<BinanceStreamRoute>(connectionGroup), wsBaseUrl.ToString());

    public ReadOnlyMemory<byte> BuildSubscribeRequest(IReadOnlyList<StreamSubscription> streams, long requestId)
    {
        var names = new string[streams.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = streams[i].Name;
        }

        return BinanceRequests.Subscribe(names, requestId);
    }

    public ReadOnlyMemory<byte> BuildUnsubscribeRequest(IReadOnlyList<StreamSubscription> streams, long requestId)
    {
        var names = new string[streams.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = streams[i].Name;
        }

        return BinanceRequests.Unsubscribe(names, requestId);
    }

    public RestRequest GetDepthSnapshotRequest(Instrument instrument, int limit)
    {
        var levels = BinanceLimits.DepthLimit(_venue, limit);
        var weight = _venue == BinanceVenue.Spot ? BinanceRequestWeights.SpotDepth(levels) : BinanceRequestWeights.FuturesDepth(levels);
        return new RestRequest(BinanceRequests.DepthSnapshotPath(_venue, instrument.ExchangeSymbol, levels), "depth", weight);
    }

    public DepthSnapshot ParseDepthSnapshot(ReadOnlySpan<byte> body, DateTime localTimestamp)
    {
        var result = BinanceRestParser.ParseDepthSnapshot(body, localTimestamp);
        return result.IsSuccess ? result.Value : throw new FormatException($"depth: Binance error {result.Error}");
    }

    public IReadOnlyList<RestPoll> GetPolls(Instrument instrument, IReadOnlySet<DataType> dataTypes)
    {
        if (MarketType != MarketType.Perpetual)
        {
            return [];
        }

        var polls = new List<RestPoll>();
        if (dataTypes.Contains(DataType.FundingRate))
        {
            var request = new RestRequest(BinanceRequests.PremiumIndexPath(_venue, instrument.ExchangeSymbol), "premium_index", BinanceRequestWeights.PremiumIndex);
            polls.Add(new RestPoll("funding_rate", instrument, request, (body, local, _, output) =>
            {
                var result = BinanceRestParser.ParsePremiumIndex(body, CreateInstrumentTable([instrument]), local);
                output.AddRange(result.IsSuccess ? result.Value : throw new FormatException($"premiumIndex: Binance error {result.Error}"));
            }));
        }

        if (dataTypes.Contains(DataType.OpenInterest))
        {
            var request = new RestRequest(BinanceRequests.OpenInterestPath(_venue, instrument.ExchangeSymbol), "open_interest", BinanceRequestWeights.OpenInterest);
            polls.Add(new RestPoll("open_interest", instrument, request, (body, local, context, output) =>
            {
                var result = BinanceRestParser.ParseOpenInterest(body, CreateInstrumentTable([instrument]), context.GetMarkPrice(instrument), local);
                output.Add(result.IsSuccess ? result.Value : throw new FormatException($"openInterest: Binance error {result.Error}"));
            }));
        }

        if (dataTypes.Contains(DataType.LongShortRatio))
        {
            foreach (var kind in RatioKinds)
            {
                var request = new RestRequest(
                    BinanceRequests.LongShortRatioPath(kind, instrument.ExchangeSymbol, LongShortRatioPeriod),
                    $"long_short_ratio_{kind.ToWireName()}",
                    BinanceRequestWeights.LongShortRatio);
                var watermark = new PollWatermark();
                polls.Add(new RestPoll("long_short_ratio", instrument, request, (body, local, _, output) =>
                {
                    var result = BinanceRestParser.ParseLongShortRatio(body, CreateInstrumentTable([instrument]), kind, LongShortRatioPeriod, local);
                    watermark.AddNewer(result.IsSuccess ? result.Value : throw new FormatException($"longShortRatio: Binance error {result.Error}"), output);
                }));
            }
        }

        return polls;
    }

    public string? DescribeError(ReadOnlySpan<byte> body) =>
        BinanceRestParser.TryParseError(body, out var error) ? error.ToString() : null;
}

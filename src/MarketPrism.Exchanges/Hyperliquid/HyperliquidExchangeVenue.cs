using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Hyperliquid;

/// <summary>
/// Hyperliquid perpetuals (the main dex and HIP-3 dexes) as the collector runtime sees them. Everything streams on
/// one connection type (<c>wss://api.hyperliquid.xyz/ws</c>), one subscription per coin and type: <c>trades</c>,
/// <c>l2Book</c> (the whole 20-level book on every push, from which deltas are derived), <c>bbo</c> and
/// <c>activeAssetCtx</c> (funding, open interest, mark and oracle prices). Funding and open interest are also polled
/// with one <c>metaAndAssetCtxs</c> request for every perpetual of a dex.
/// </summary>
public sealed class HyperliquidExchangeVenue : IExchangeVenue
{
    private const string ConnectionGroup = "public";

    private static readonly DataType[] BookTypes = [DataType.BookDelta, DataType.BookSnapshot];

    private static readonly KeepAlive Ping = new(HyperliquidLimits.PingInterval, KeepAliveTrigger.Periodic, HyperliquidRequests.Ping);

    public HyperliquidExchangeVenue(MarketType marketType)
    {
        if (marketType != MarketType.Perpetual)
        {
            throw new ArgumentException($"Hyperliquid {marketType.ToWireName()} is not supported.", nameof(marketType));
        }

        MarketType = marketType;
    }

    public string Exchange => HyperliquidSymbols.Exchange;

    public MarketType MarketType { get; }

    public Uri DefaultRestUrl { get; } = new(HyperliquidEndpoints.RestBase);

    public Uri DefaultWsUrl { get; } = new(HyperliquidEndpoints.WebSocketBase);

    public VenueLimits Limits { get; } = new(
        HyperliquidLimits.MaxSubscriptionsPerConnection,
        HyperliquidLimits.MaxClientMessagesPerSecond,
        HyperliquidLimits.MaxSubscriptionsPerRequest,
        ConnectionLifetime: null);

    public IReadOnlySet<DataType> SupportedDataTypes { get; } = new HashSet<DataType>
    {
        DataType.Trade, DataType.BookDelta, DataType.BookSnapshot, DataType.BestBidAsk, DataType.FundingRate,
        DataType.OpenInterest, DataType.MarkPrice,
    };

    /// <summary>A <c>tid</c> is unique but says nothing about trades missed.</summary>
    public bool HasContiguousTradeIds => false;

    /// <summary><c>tid</c>s are in no order: copies are found by a window of recent ids.</summary>
    public bool HasOrderedTradeIds => false;

    public IBookSequenceRules BookRules => HyperliquidBookRules.Instance;

    /// <summary>Client pings every 30 s, whatever arrives (the server drops a connection it sent nothing to for 60 s).</summary>
    public KeepAlive? KeepAlive => Ping;

    public int? RestWeightPerMinute => HyperliquidLimits.RestWeightPerMinute;

    public Instrument CreateInstrument(string normalizedSymbol) =>
        HyperliquidSymbols.TryCreateInstrument(normalizedSymbol, MarketType, out var instrument, out var error)
            ? instrument
            : throw new ArgumentException(error, nameof(normalizedSymbol));

    public InstrumentTable CreateInstrumentTable(IEnumerable<Instrument> configured) => HyperliquidSymbols.CreateTable(MarketType, configured);

    /// <summary>A parser keeps each coin's last book push to derive the next one's changes, so the runtime creates one per connection.</summary>
    public IFrameParser CreateParser(InstrumentTable instruments) => new HyperliquidFrameParser(instruments);

    public IReadOnlyList<StreamSubscription> GetStreams(Instrument instrument, IReadOnlySet<DataType> dataTypes)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(dataTypes);
        var streams = new List<StreamSubscription>();
        foreach (var type in WireNames.AllDataTypes)
        {
            if (!dataTypes.Contains(type) || ChannelFor(type) is not { } channel)
            {
                continue;
            }

            var name = HyperliquidRequests.StreamName(channel.ToWireName(), instrument.ExchangeSymbol);
            var existing = streams.FindIndex(stream => stream.Name == name);
            if (existing >= 0)
            {
                // activeAssetCtx carries funding, open interest and mark price: one subscription, several types.
                if (!streams[existing].DataTypes.Contains(type))
                {
                    streams[existing] = streams[existing] with { DataTypes = [.. streams[existing].DataTypes, type] };
                }

                continue;
            }

            IReadOnlyList<DataType> carried = type is DataType.BookDelta or DataType.BookSnapshot ? BookTypes : [type];
            streams.Add(new StreamSubscription(name, instrument, carried, ConnectionGroup));
        }

        return streams;
    }

    public Uri GetConnectionUri(Uri wsBaseUrl, string connectionGroup) => HyperliquidEndpoints.WebSocketUri(wsBaseUrl);

    /// <summary>One subscription per message (<see cref="HyperliquidLimits.MaxSubscriptionsPerRequest"/>); Hyperliquid echoes no id.</summary>
    public ReadOnlyMemory<byte> BuildSubscribeRequest(IReadOnlyList<StreamSubscription> streams, long requestId) =>
        HyperliquidRequests.Subscribe(Single(streams).Name);

    public ReadOnlyMemory<byte> BuildUnsubscribeRequest(IReadOnlyList<StreamSubscription> streams, long requestId) =>
        HyperliquidRequests.Unsubscribe(Single(streams).Name);

    /// <summary>
    /// <c>POST /info {"type":"l2Book","coin":…}</c> (weight 2): the same 20 levels as a push, whatever the limit. The
    /// runtime never needs it (every push is the whole book); tools may use it.
    /// </summary>
    public RestRequest GetDepthSnapshotRequest(Instrument instrument, int limit)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return new RestRequest(HyperliquidEndpoints.InfoPath, "l2Book", HyperliquidLimits.LightInfoWeight)
        {
            JsonBody = HyperliquidRequests.L2BookBody(instrument.ExchangeSymbol),
        };
    }

    public DepthSnapshot ParseDepthSnapshot(ReadOnlySpan<byte> body, DateTime localTimestamp) =>
        HyperliquidRestParser.ParseL2Book(body, localTimestamp);

    /// <summary>
    /// Funding and open interest from <c>metaAndAssetCtxs</c> (weight 20), one request for every perpetual of the
    /// instrument's dex: polls of several instruments with the same request are sent once per run (the feed shares
    /// the answer), and each reads its own coin's context.
    /// </summary>
    public IReadOnlyList<RestPoll> GetPolls(Instrument instrument, IReadOnlySet<DataType> dataTypes)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(dataTypes);
        var request = new RestRequest(HyperliquidEndpoints.InfoPath, "metaAndAssetCtxs", HyperliquidLimits.InfoWeight)
        {
            JsonBody = HyperliquidRequests.MetaAndAssetContextsBody(HyperliquidRequests.DexOf(instrument.ExchangeSymbol)),
        };
        var polls = new List<RestPoll>(2);
        if (dataTypes.Contains(DataType.FundingRate))
        {
            polls.Add(new RestPoll("funding_rate", instrument, request, (body, local, _, output) =>
                HyperliquidRestParser.ParseAssetContexts(body, instrument, DataType.FundingRate, local, output)));
        }

        if (dataTypes.Contains(DataType.OpenInterest))
        {
            polls.Add(new RestPoll("open_interest", instrument, request, (body, local, _, output) =>
                HyperliquidRestParser.ParseAssetContexts(body, instrument, DataType.OpenInterest, local, output)));
        }

        return polls;
    }

    public string? DescribeError(ReadOnlySpan<byte> body) => HyperliquidRestParser.TryParseError(body);

    private static HyperliquidChannel? ChannelFor(DataType type) => type switch
    {
        DataType.Trade => HyperliquidChannel.Trades,
        DataType.BookDelta or DataType.BookSnapshot => HyperliquidChannel.L2Book,
        DataType.BestBidAsk => HyperliquidChannel.Bbo,
        DataType.FundingRate or DataType.OpenInterest or DataType.MarkPrice => HyperliquidChannel.ActiveAssetCtx,
        _ => null,
    };

    private static StreamSubscription Single(IReadOnlyList<StreamSubscription> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        return streams.Count == 1
            ? streams[0]
            : throw new ArgumentException($"a Hyperliquid request names one subscription, got {streams.Count}", nameof(streams));
    }
}

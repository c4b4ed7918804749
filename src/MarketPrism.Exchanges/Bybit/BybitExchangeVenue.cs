using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Bybit;

/// <summary>
/// Bybit v5 spot, or Bybit v5 perpetuals (USDT and USDC linear contracts on <c>/v5/public/linear</c>, inverse USD
/// contracts on <c>/v5/public/inverse</c>, one connection group each), as the collector runtime sees them. Everything
/// streams: trades (<c>publicTrade</c>), the book with its in-band snapshot (<c>orderbook.{depth}</c>), the best bid
/// and ask (<c>orderbook.1</c>), funding, mark price and open interest (<c>tickers</c>) and liquidations
/// (<c>allLiquidation</c>); nothing is polled.
/// </summary>
/// <remarks>
/// The best bid and ask come from <c>orderbook.1</c>, not from the tickers' <c>bid1Price</c>/<c>ask1Price</c>: spot
/// tickers carry no best bid or ask at all, <c>orderbook.1</c> is pushed every 10 ms on every category (tickers every
/// 100 ms) and it carries the book's sequence numbers.
/// </remarks>
public sealed class BybitExchangeVenue : IExchangeVenue
{
    private static readonly DataType[] BookTypes = [DataType.BookDelta, DataType.BookSnapshot];

    private static readonly KeepAlive Ping = new(BybitLimits.PingInterval, KeepAliveTrigger.Periodic, BybitRequests.Ping);

    private readonly int _bookDepth;

    /// <param name="marketType">Spot or perpetual.</param>
    /// <param name="bookDepth">Levels of the <c>orderbook.{depth}</c> topic books are kept from; 0 for the default.</param>
    /// <param name="strictBookContinuity">Every skipped book update id resynchronizes (<see cref="BybitBookRules.Strict"/>).</param>
    /// <exception cref="ArgumentException">A market or book depth Bybit does not publish.</exception>
    public BybitExchangeVenue(MarketType marketType, int bookDepth = 0, bool strictBookContinuity = false)
    {
        if (marketType is not (MarketType.Spot or MarketType.Perpetual))
        {
            throw new ArgumentException($"Bybit {marketType.ToWireName()} is not supported.", nameof(marketType));
        }

        if (bookDepth != 0 && !BybitLimits.IsBookDepth(bookDepth))
        {
            throw new ArgumentException(
                $"Bybit has no {bookDepth}-level book topic; use one of {string.Join(", ", BybitTopics.BookDepths)}.", nameof(bookDepth));
        }

        _bookDepth = bookDepth;
        BookRules = strictBookContinuity ? BybitBookRules.Strict : BybitBookRules.Lenient;

        MarketType = marketType;
        var spot = marketType == MarketType.Spot;
        Limits = new VenueLimits(
            BybitLimits.MaxTopicsPerConnection,
            BybitLimits.MaxClientMessagesPerSecond,
            BybitLimits.MaxTopicsPerRequest(spot ? BybitCategory.Spot : BybitCategory.Linear),
            ConnectionLifetime: null);
        SupportedDataTypes = spot
            ? new HashSet<DataType> { DataType.Trade, DataType.BookDelta, DataType.BookSnapshot, DataType.BestBidAsk }
            : new HashSet<DataType>
            {
                DataType.Trade, DataType.BookDelta, DataType.BookSnapshot, DataType.BestBidAsk, DataType.FundingRate,
                DataType.OpenInterest, DataType.Liquidation, DataType.MarkPrice,
            };
    }

    public string Exchange => BybitSymbols.Exchange;

    public MarketType MarketType { get; }

    public Uri DefaultRestUrl { get; } = new(BybitEndpoints.RestBase);

    public Uri DefaultWsUrl { get; } = new(BybitEndpoints.WebSocketBase);

    public VenueLimits Limits { get; }

    public IReadOnlySet<DataType> SupportedDataTypes { get; }

    /// <summary>Bybit's trade ids are UUIDs on contracts: they only suppress duplicates, they reveal no gaps.</summary>
    public bool HasContiguousTradeIds => false;

    /// <summary>
    /// By default a skipped <c>u</c> is applied and counted (<see cref="BybitBookRules.Lenient"/>);
    /// <see cref="BybitBookRules.Strict"/> when the <c>book_continuity</c> option asks for it.
    /// </summary>
    public IBookSequenceRules BookRules { get; }

    /// <summary>This market with the entry's <c>book_depth</c> and <c>book_continuity</c>.</summary>
    public IExchangeVenue Configure(IVenueOptions options) =>
        options is BybitOptions bybit
            ? new BybitExchangeVenue(MarketType, bybit.BookDepth, bybit.BookContinuity == BybitOptions.StrictBookContinuity)
            : throw new ArgumentException($"{options?.GetType().Name ?? "null"} are not Bybit options.", nameof(options));

    /// <summary>Client pings every 20 s, whatever arrives.</summary>
    public KeepAlive? KeepAlive => Ping;

    public Instrument CreateInstrument(string normalizedSymbol)
    {
        if (!BybitSymbols.TryCreateInstrument(normalizedSymbol, MarketType, out var instrument, out var error))
        {
            throw new ArgumentException(error, nameof(normalizedSymbol));
        }

        return instrument;
    }

    public InstrumentTable CreateInstrumentTable(IEnumerable<Instrument> configured) => BybitSymbols.CreateTable(MarketType, configured);

    /// <summary>A parser keeps each symbol's merged ticker and top of book, so the runtime creates one per connection.</summary>
    public IFrameParser CreateParser(InstrumentTable instruments) => new BybitFrameParser(instruments);

    public IReadOnlyList<StreamSubscription> GetStreams(Instrument instrument, IReadOnlySet<DataType> dataTypes)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(dataTypes);

        var group = BybitSymbols.CategoryOf(instrument).ToWireName();
        var streams = new List<StreamSubscription>();
        foreach (var type in WireNames.AllDataTypes)
        {
            if (!dataTypes.Contains(type) || BybitTopics.TopicFor(instrument, type, _bookDepth) is not { } topic)
            {
                continue;
            }

            var existing = streams.FindIndex(stream => stream.Name == topic);
            if (existing >= 0)
            {
                // tickers carries funding, mark price and open interest: one subscription, several types.
                if (!streams[existing].DataTypes.Contains(type))
                {
                    streams[existing] = streams[existing] with { DataTypes = [.. streams[existing].DataTypes, type] };
                }

                continue;
            }

            IReadOnlyList<DataType> carried = type is DataType.BookDelta or DataType.BookSnapshot ? BookTypes : [type];
            streams.Add(new StreamSubscription(topic, instrument, carried, group));
        }

        return streams;
    }

    /// <summary>The category's public stream under the configured base (<c>…/v5/public/linear</c>); the group is the category.</summary>
    public Uri GetConnectionUri(Uri wsBaseUrl, string connectionGroup)
    {
        ArgumentNullException.ThrowIfNull(wsBaseUrl);
        return BybitSymbols.TryParseCategory(connectionGroup, out var category)
            ? BybitEndpoints.PublicStreamUri(category, wsBaseUrl.ToString())
            : throw new ArgumentException($"'{connectionGroup}' is not a Bybit category.", nameof(connectionGroup));
    }

    public ReadOnlyMemory<byte> BuildSubscribeRequest(IReadOnlyList<StreamSubscription> streams, long requestId) =>
        BybitRequests.Subscribe(Names(streams), requestId);

    public ReadOnlyMemory<byte> BuildUnsubscribeRequest(IReadOnlyList<StreamSubscription> streams, long requestId) =>
        BybitRequests.Unsubscribe(Names(streams), requestId);

    /// <summary>
    /// <c>/v5/market/orderbook</c>. The runtime never needs it (the snapshot arrives in-band), but it is Bybit's
    /// snapshot endpoint and tools may use it. Bybit counts requests, not weight: one each.
    /// </summary>
    public RestRequest GetDepthSnapshotRequest(Instrument instrument, int limit) =>
        new(BybitRequests.OrderBookPath(BybitSymbols.CategoryOf(instrument), instrument.ExchangeSymbol, limit), "orderbook", 1);

    public DepthSnapshot ParseDepthSnapshot(ReadOnlySpan<byte> body, DateTime localTimestamp) =>
        BybitRestParser.ParseOrderBook(body, localTimestamp);

    /// <summary>Funding and open interest stream on <c>tickers</c>: there is nothing to poll.</summary>
    public IReadOnlyList<RestPoll> GetPolls(Instrument instrument, IReadOnlySet<DataType> dataTypes) => [];

    public string? DescribeError(ReadOnlySpan<byte> body) =>
        BybitRestParser.TryParseError(body, out var error) ? error : null;

    private static string[] Names(IReadOnlyList<StreamSubscription> streams)
    {
        var names = new string[streams.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = streams[i].Name;
        }

        return names;
    }
}

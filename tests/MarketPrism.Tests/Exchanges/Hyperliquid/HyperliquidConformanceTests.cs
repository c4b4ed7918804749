using MarketPrism.Core.Model;
using MarketPrism.Tests.Exchanges.Conformance;

namespace MarketPrism.Tests.Exchanges.Hyperliquid;

/// <summary>
/// Hyperliquid perpetuals under every venue rule (<see cref="VenueConformanceTests"/>). The recordings: hftbacktest's
/// real BTC session (46 whole-book pushes and 9 trade frames, with receive times), JKorf's live subscribe exchanges
/// (requests, acknowledgements and one push per channel) and tardis-node's test messages (activeAssetCtx, bbo, spot
/// contexts). Books come in band: every push is the whole book, and the parser derives the deltas.
/// </summary>
public sealed class HyperliquidConformanceTests : VenueConformanceTests
{
    protected override string Exchange => "hyperliquid";

    protected override IReadOnlyList<VenueRecording> Recordings { get; } =
    [
        new("hyperliquid/hftbacktest_BTC_2025-01-26.txt", MarketType.Perpetual),
        new("hyperliquid/jkorf_subscriptions_hyperliquid.ndjson", MarketType.Perpetual) { IsSession = false },
        new("hyperliquid/tardis-node_mappers_hyperliquid.ndjson", MarketType.Perpetual) { IsSession = false },
    ];

    protected override IReadOnlyDictionary<MarketType, string[]> SampleSymbols { get; } = new Dictionary<MarketType, string[]>
    {
        [MarketType.Perpetual] = ["BTC-USD", "ETH-USD", "1000PEPE-USD", "flx:CRCL-USD"],
    };

    protected override IReadOnlyList<GoldenRequest> GoldenRequests { get; } =
    [
        new("subscribe-request.json", MarketType.Perpetual, ["BTC-USD"], [DataType.BookDelta], 1),
        new("subscribe-request-trades.json", MarketType.Perpetual, ["BTC-USD"], [DataType.Trade], 2),
        new("subscribe-request-bbo.json", MarketType.Perpetual, ["BTC-USD"], [DataType.BestBidAsk], 3),
        new("subscribe-request-asset-ctx.json", MarketType.Perpetual, ["BTC-USD"], [DataType.FundingRate], 4),
        new("subscribe-request-kpepe.json", MarketType.Perpetual, ["1000PEPE-USD"], [DataType.BookSnapshot], 5),
        new("subscribe-request-hip3.json", MarketType.Perpetual, ["flx:CRCL-USD"], [DataType.Trade], 6),
        new("unsubscribe-request.json", MarketType.Perpetual, ["BTC-USD"], [DataType.BookDelta], 7, Unsubscribe: true),
    ];

    protected override IReadOnlyList<string> UnknownChannelFrames(MarketType market) =>
    [
        """{"channel":"candle","data":{"t":1764806400000,"T":1764892799999,"s":"HYPE","i":"1d","o":"34.668","c":"34.868","h":"36.219","l":"34.251","v":"3495670.8399999999","n":102895}}""",
        """{"channel":"brandNewChannel","data":{"coin":"BTC"}}""",
    ];
}

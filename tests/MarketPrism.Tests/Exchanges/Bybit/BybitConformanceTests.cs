using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Bybit;
using MarketPrism.Tests.Exchanges.Conformance;

namespace MarketPrism.Tests.Exchanges.Bybit;

/// <summary>
/// Bybit spot and perpetuals under every venue rule (<see cref="VenueConformanceTests"/>). The recordings are
/// derivatives frames (tardis-node's test messages, NautilusTrader's <c>orderbook.500.XRPUSDT</c> session), read
/// through the perpetual market. Books come in band; the lost-update rule runs under the strict continuity policy,
/// since the default one applies a skipped <c>u</c> and reports it.
/// </summary>
public sealed class BybitConformanceTests : VenueConformanceTests
{
    protected override string Exchange => "bybit";

    /// <summary>Bybit applies and counts a skipped <c>u</c> by default; <c>book_continuity: strict</c> makes it a gap.</summary>
    protected override IExchangeVenue StrictVenueOf(MarketType market) =>
        VenueOf(market).Configure(new BybitOptions { BookContinuity = BybitOptions.StrictBookContinuity });

    protected override IReadOnlyList<VenueRecording> Recordings { get; } =
    [
        new("bybit/tardis-node_mappers_bybit-v5.ndjson", MarketType.Perpetual) { IsSession = false },
        new("bybit/2024-12-01_XRPUSDT_ob500.data", MarketType.Perpetual),
    ];

    protected override IReadOnlyDictionary<MarketType, string[]> SampleSymbols { get; } = new Dictionary<MarketType, string[]>
    {
        [MarketType.Spot] = ["BTC-USDT", "XRP-USDC", "ETH-BTC"],
        [MarketType.Perpetual] = ["BTC-USDT", "XRP-USDT", "BTC-USDC", "BTC-USD"],
    };

    protected override IReadOnlyList<GoldenRequest> GoldenRequests { get; } =
    [
        new("subscribe-request.json", MarketType.Perpetual, ["BTC-USDT"], [DataType.Trade, DataType.BookDelta, DataType.Liquidation], 1),
        new("unsubscribe-request.json", MarketType.Perpetual, ["BTC-USDT"], [DataType.BookDelta], 2, Unsubscribe: true),
        new("subscribe-request-spot.json", MarketType.Spot, ["BTC-USDT"], [DataType.Trade, DataType.BookDelta], 3),
    ];

    /// <summary>
    /// <c>orderbook.1</c> levels are read into two one-level arrays before the top of book takes their values: two
    /// arrays of one <see cref="BookLevel"/> each per frame, found by this rule. To remove: read the top level in place.
    /// </summary>
    protected override IReadOnlyDictionary<string, (long BytesPerFrame, string Why)> AllocationAllowances { get; } =
        new Dictionary<string, (long, string)>
        {
            ["perpetual best_bid_ask"] = (112, "orderbook.1 levels parsed into two one-level arrays before the top of book keeps them"),
        };

    protected override IReadOnlyList<string> UnknownChannelFrames(MarketType market) =>
    [
        """{"topic":"kline.5.BTCUSDT","type":"snapshot","ts":1700000000000,"data":[{"start":1700000000000,"open":"1","close":"1","confirm":false}]}""",
        """{"topic":"brandNewTopic.BTCUSDT","type":"snapshot","ts":1700000000000,"data":{"s":"BTCUSDT"}}""",
    ];
}

using MarketPrism.Core.Model;
using MarketPrism.Tests.Exchanges.Conformance;

namespace MarketPrism.Tests.Exchanges.Deribit;

/// <summary>
/// Deribit perpetuals, dated futures and options under every venue rule (<see cref="VenueConformanceTests"/>).
/// cryptofeed's capture is option books and tickers; tardis-node's messages mix perpetuals, options and combos and are
/// read through the perpetual market, as the parser resolves each instrument by its name. Books come in band.
/// </summary>
public sealed class DeribitConformanceTests : VenueConformanceTests
{
    protected override string Exchange => "deribit";

    protected override IReadOnlyList<VenueRecording> Recordings { get; } =
    [
        new("deribit/DERIBIT.ws.1.0", MarketType.Option),
        new("deribit/tardis-node_mappers_deribit.ndjson", MarketType.Perpetual) { IsSession = false },
    ];

    protected override IReadOnlyDictionary<MarketType, string[]> SampleSymbols { get; } = new Dictionary<MarketType, string[]>
    {
        [MarketType.Perpetual] = ["BTC-USD", "ETH-USD", "BTC-USDC"],
        [MarketType.Futures] = ["BTC-24DEC21", "ETH-25MAR22"],
        [MarketType.Option] = ["BTC-30JUL21-40000-C", "SOL_USDC-27DEC24-250-P", "ETH-10SEP21-3350-P"],
    };

    protected override IReadOnlyList<GoldenRequest> GoldenRequests { get; } =
    [
        new("subscribe-request.json", MarketType.Perpetual, ["BTC-USD"], [DataType.Trade, DataType.BookDelta, DataType.BestBidAsk], 42),
        new("unsubscribe-request.json", MarketType.Perpetual, ["BTC-USD"], [DataType.BookDelta], 43, Unsubscribe: true),
    ];

    protected override IReadOnlyList<string> UnknownChannelFrames(MarketType market) =>
    [
        """{"jsonrpc":"2.0","method":"subscription","params":{"channel":"brand_new.BTC-PERPETUAL.100ms","data":{"timestamp":1700000000000}}}""",
        """{"jsonrpc":"2.0","method":"brand/new_method","params":{"channel":"trades.BTC-PERPETUAL.100ms","data":[]}}""",
    ];
}

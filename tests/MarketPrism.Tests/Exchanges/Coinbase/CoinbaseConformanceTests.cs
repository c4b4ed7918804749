using MarketPrism.Core.Books;
using MarketPrism.Core.Model;
using MarketPrism.Tests.Exchanges.Conformance;

namespace MarketPrism.Tests.Exchanges.Coinbase;

/// <summary>
/// Coinbase spot and CDE futures under every venue rule (<see cref="VenueConformanceTests"/>). One parser reads both
/// APIs' frames, so the spot market reads the real Exchange-feed capture (cryptofeed, 2021), tardis-node's Exchange
/// messages, the real Advanced Trade frames (JKorf, 2024) and the Advanced Trade session built from the documented
/// shapes; the futures market reads the built BIT-24APR26-CDE session. Books come in band, whole.
/// </summary>
public sealed class CoinbaseConformanceTests : VenueConformanceTests
{
    protected override string Exchange => "coinbase";

    protected override IReadOnlyList<VenueRecording> Recordings { get; } =
    [
        new(CoinbaseRecordings.ExchangeCapture, MarketType.Spot),
        new(CoinbaseRecordings.ExchangeTardis, MarketType.Spot) { IsSession = false },
        new(CoinbaseRecordings.AdvancedTradeCapture, MarketType.Spot) { IsSession = false },
        new(CoinbaseRecordings.AdvancedTradeSpotSession, MarketType.Spot),

        // One connection's frames, its heartbeats and acknowledgements included: sequence_num counts them all.
        new(CoinbaseRecordings.AdvancedTradeFuturesSession, MarketType.Futures),
    ];

    protected override IReadOnlyDictionary<MarketType, string[]> SampleSymbols { get; } = new Dictionary<MarketType, string[]>
    {
        [MarketType.Spot] = ["BTC-USD", "ETH-EUR", "SKL-GBP", "USDT-USDC"],
        [MarketType.Futures] = ["BIT-24APR26-CDE", "BIP-20DEC30-CDE"],
    };

    protected override IReadOnlyList<GoldenRequest> GoldenRequests { get; } =
    [
        new("subscribe-request.json", MarketType.Spot, ["BTC-USD"], [DataType.Trade, DataType.BookDelta], 1),
        new("unsubscribe-request.json", MarketType.Spot, ["BTC-USD"], [DataType.BookDelta], 2, Unsubscribe: true),
        new("subscribe-request-futures.json", MarketType.Futures, ["BIT-24APR26-CDE"], [DataType.Trade], 3),
    ];

    /// <summary>tardis-node's test file hand-edits two Exchange frames (recordings/SOURCES.md): both must stay rejected.</summary>
    protected override IReadOnlyDictionary<string, string> RejectedRecordedFrames { get; } = new Dictionary<string, string>
    {
        [$"{CoinbaseRecordings.ExchangeTardis}:5"] = "l2update with the test's time 0001-01-01, an impossible timestamp",
        [$"{CoinbaseRecordings.ExchangeTardis}:6"] = "snapshot with the test's size \"0.-10000\", not a decimal",
    };

    protected override IReadOnlyList<string> UnknownChannelFrames(MarketType market) =>
    [
        """{"channel":"brand_new_channel","client_id":"","timestamp":"2026-04-07T00:28:59.000000000Z","sequence_num":7,"events":[{"type":"update"}]}""",
        """{"type":"brand_new_type","product_id":"BTC-USD","time":"2021-04-17T16:43:39.071731Z"}""",
    ];

    /// <summary>
    /// Coinbase sends its whole book in band: the capture's SKL-USD snapshot has 1,341 asks, past the default bound of
    /// 1,000 levels, which drops the deepest and cannot equal the rebuild once updates uncover them. The replay keeps
    /// every level, as <c>books.max_levels: 0</c> does (docs/configuration.md recommends it for Coinbase).
    /// </summary>
    protected override BookOptions ReplayBookOptions { get; } = new() { MaxLevels = 0 };
}

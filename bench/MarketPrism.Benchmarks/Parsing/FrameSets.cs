using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Binance;

namespace MarketPrism.Benchmarks.Parsing;

/// <summary>
/// Every venue and message type the parse benchmarks run on. Adding a venue is a few lines here: a parser factory
/// and one <see cref="FrameSet"/> per message type, pointing at its recorded capture.
/// </summary>
public static class FrameSets
{
    private const string SpotCapture = "binance/BINANCE.ws.1.0";
    private const string SpotTardis = "binance/tardis-node_mappers_binance.ndjson";
    private const string UsdmCapture = "binance-futures/BINANCE_FUTURES.ws.1.0";
    private const string UsdmTardis = "binance-futures/tardis-node_mappers_binance-futures.ndjson";
    private const string CoinmCapture = "binance-delivery/BINANCE_DELIVERY.ws.1.0";

    public static IReadOnlyList<FrameSet> All { get; } =
    [
        // Binance spot. The cryptofeed capture has no raw trades; tardis's recorded ones stand in.
        new("binance-spot/trade", SpotTardis, "\"e\":\"trade\"", BinanceSpot),
        new("binance-spot/aggTrade", SpotCapture, "\"e\":\"aggTrade\"", BinanceSpot),
        new("binance-spot/depthUpdate", SpotCapture, "\"e\":\"depthUpdate\"", BinanceSpot),
        new("binance-spot/bookTicker", SpotCapture, "@bookTicker\"", BinanceSpot),

        // Binance USD-M perpetuals. Mark price and liquidations exist only in tardis's recorded frames.
        new("binance-usdm/trade", UsdmTardis, "\"e\":\"trade\"", BinanceUsdm, exclude: "INSURANCE_FUND"),
        new("binance-usdm/aggTrade", UsdmCapture, "\"e\":\"aggTrade\"", BinanceUsdm),
        new("binance-usdm/depthUpdate", UsdmCapture, "\"e\":\"depthUpdate\"", BinanceUsdm),
        new("binance-usdm/bookTicker", UsdmCapture, "\"e\":\"bookTicker\"", BinanceUsdm),
        new("binance-usdm/markPriceUpdate", UsdmTardis, "\"e\":\"markPriceUpdate\"", BinanceUsdm),
        new("binance-usdm/forceOrder", UsdmTardis, "\"e\":\"forceOrder\"", BinanceUsdm),

        // Binance COIN-M: the largest capture (2,047 depth diffs of deep books).
        new("binance-coinm/depthUpdate", CoinmCapture, "\"e\":\"depthUpdate\"", BinanceUsdm),
    ];

    public static FrameSet Get(string name) =>
        All.FirstOrDefault(set => set.Name == name) ?? throw new ArgumentException($"No frame set '{name}'.", nameof(name));

    private static BinanceFrameParser BinanceSpot() => new BinanceFrameParser(BinanceSymbols.CreateTable(MarketType.Spot, []));

    // USD-M and COIN-M share the futures table: the symbol's shape (BTCUSD_PERP) tells linear from inverse.
    private static BinanceFrameParser BinanceUsdm() => new BinanceFrameParser(BinanceSymbols.CreateTable(MarketType.Perpetual, []));
}

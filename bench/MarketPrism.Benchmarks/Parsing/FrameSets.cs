using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Binance;
using MarketPrism.Exchanges.Bybit;
using MarketPrism.Exchanges.Coinbase;
using MarketPrism.Exchanges.Deribit;
using MarketPrism.Exchanges.Okx;

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
    private const string OkxCapture = "okx/OKX.ws.1.0";
    private const string OkxSpotTardis = "okx/tardis-node_mappers_okex-spot-v5.ndjson";
    private const string OkxSwapTardis = "okx/tardis-node_mappers_okex-swap-v5.ndjson";
    private const string OkxFuturesTardis = "okx/tardis-node_mappers_okex-futures-v5.ndjson";
    private const string BybitTardis = "bybit/tardis-node_mappers_bybit-v5.ndjson";
    private const string BybitBook500 = "bybit/2024-12-01_XRPUSDT_ob500.data";
    private const string DeribitCapture = "deribit/DERIBIT.ws.1.0";
    private const string DeribitTardis = "deribit/tardis-node_mappers_deribit.ndjson";
    private const string CoinbaseCapture = "coinbase/COINBASE.ws.28.0";
    private const string CoinbaseTardis = "coinbase/tardis-node_mappers_coinbase.ndjson";
    private const string CoinbaseAdvancedTrade = "coinbase/jkorf_advanced-trade_heartbeats_market_trades.ndjson";
    private const string CoinbaseSpotSession = "coinbase/docs-shape_advanced-trade_BTC-USD_session.ndjson";
    private const string CoinbaseFuturesSession = "coinbase/docs-shape_advanced-trade_BIT-24APR26-CDE_session.ndjson";

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

        // OKX v5. The cryptofeed capture mixes three markets (BTC-USDT spot, UNI-USD-SWAP, BTC-USD-220527) and a parser
        // reads one, so its markers name the instrument; a marker starting at the frame's "{"arg" leaves out the
        // subscription acks ({"event":"subscribe","arg":…}). The other channels exist only in tardis's recorded frames.
        new("okx-spot/trades", OkxCapture, "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"}", OkxSpot),
        new("okx-spot/trades-all", OkxSpotTardis, "{\"arg\":{\"channel\":\"trades-all\"", OkxSpot),
        new("okx-spot/books", OkxCapture, "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}", OkxSpot),
        new("okx-spot/books-l2-tbt", OkxSpotTardis, "{\"arg\":{\"channel\":\"books-l2-tbt\"", OkxSpot),
        new("okx-spot/tickers", OkxCapture, "{\"arg\":{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"}", OkxSpot),
        new("okx-swap/trades", OkxCapture, "{\"arg\":{\"channel\":\"trades\",\"instId\":\"UNI-USD-SWAP\"}", OkxSwap),
        new("okx-swap/books", OkxCapture, "{\"arg\":{\"channel\":\"books\",\"instId\":\"UNI-USD-SWAP\"}", OkxSwap),
        new("okx-swap/books-l2-tbt", OkxSwapTardis, "{\"arg\":{\"channel\":\"books-l2-tbt\"", OkxSwap),
        new("okx-swap/bbo-tbt", OkxSwapTardis, "{\"arg\":{\"channel\":\"bbo-tbt\"", OkxSwap),
        new("okx-swap/tickers", OkxCapture, "{\"arg\":{\"channel\":\"tickers\",\"instId\":\"UNI-USD-SWAP\"}", OkxSwap),

        // SOS-USDT-SWAP's push states no current fundingRate (only nextFundingRate), which the parser rightly ignores.
        new("okx-swap/funding-rate", OkxSwapTardis, "{\"arg\":{\"channel\":\"funding-rate\"", OkxSwap, exclude: "\"instId\":\"SOS-USDT-SWAP\""),
        new("okx-swap/mark-price", OkxSwapTardis, "{\"arg\":{\"channel\":\"mark-price\"", OkxSwap),
        new("okx-swap/open-interest", OkxSwapTardis, "{\"arg\":{\"channel\":\"open-interest\"", OkxSwap),
        new("okx-futures/trades", OkxCapture, "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USD-220527\"}", OkxFutures),
        new("okx-futures/books", OkxCapture, "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USD-220527\"}", OkxFutures),
        new("okx-futures/books-l2-tbt", OkxFuturesTardis, "{\"arg\":{\"channel\":\"books-l2-tbt\"", OkxFutures),
        new("okx-futures/tickers", OkxCapture, "{\"arg\":{\"channel\":\"tickers\",\"instId\":\"BTC-USD-220527\"}", OkxFutures),
        new("okx-futures/mark-price", OkxFuturesTardis, "{\"arg\":{\"channel\":\"mark-price\"", OkxFutures),
        new("okx-futures/open-interest", OkxFuturesTardis, "{\"arg\":{\"channel\":\"open-interest\"", OkxFutures),
        new("okx-futures/liquidation-orders", OkxFuturesTardis, "{\"arg\":{\"channel\":\"liquidation-orders\"", OkxFutures),

        // Tardis-generated: REST-polled liquidation details under an arg naming the instrument.
        new("okx-futures/liquidations", OkxFuturesTardis, "{\"arg\":{\"channel\":\"liquidations\"", OkxFutures),

        // Bybit v5 derivatives (the recordings hold no spot frames). The markets are Bybit's categories, told apart by
        // the topic's symbol: BTCUSDT, LTCUSDT, BTCPERP, XRPUSDT, GALAUSDT, PIPPINUSDT linear; BTCUSD, XRPUSD inverse.
        // The ob500 file is the only long real sequence (1 snapshot, 49 deltas).
        new("bybit-linear/publicTrade", BybitTardis, "\"topic\":\"publicTrade.LTCUSDT\"", BybitContracts),
        new("bybit-linear/orderbook.1", BybitTardis, "\"topic\":\"orderbook.1.", BybitContracts),
        new("bybit-linear/orderbook.50", BybitTardis, "\"topic\":\"orderbook.50.", BybitContracts),
        new("bybit-linear/orderbook.500", BybitBook500, "\"topic\":\"orderbook.500.", BybitContracts),
        new("bybit-linear/tickers", BybitTardis, "\"topic\":\"tickers.BTCUSDT\"", BybitContracts),
        new("bybit-linear/liquidation", BybitTardis, "\"topic\":\"liquidation.GALAUSDT\"", BybitContracts),
        new("bybit-linear/allLiquidation", BybitTardis, "\"topic\":\"allLiquidation.", BybitContracts),
        new("bybit-inverse/publicTrade", BybitTardis, "\"topic\":\"publicTrade.BTCUSD\"", BybitContracts),
        new("bybit-inverse/tickers", BybitTardis, "\"topic\":\"tickers.BTCUSD\"", BybitContracts),

        // The dated inverse contract: its snapshot only. Its recorded delta changes no funding, mark price or open
        // interest field, so the parser rightly ignores it.
        new("bybit-inverse-futures/tickers", BybitTardis, "\"topic\":\"tickers.BTCUSDU23\",\"type\":\"snapshot\"", BybitContracts),
        new("bybit-inverse/liquidation", BybitTardis, "\"topic\":\"liquidation.XRPUSD\"", BybitContracts),

        // Deribit. The cryptofeed capture holds only options (books and tickers); perpetual trades, books, tickers and
        // quotes exist only in tardis's recorded frames. Markers on "channel" leave out the subscribe answer.
        new("deribit-perpetual/trades", DeribitTardis, "\"channel\":\"trades.", DeribitPerpetual),

        // ETH-10SEP21-3350-P is tardis's one option book change; option books are measured on the real capture below.
        new("deribit-perpetual/book", DeribitTardis, "\"channel\":\"book.", DeribitPerpetual, exclude: "\"channel\":\"book.ETH-10SEP21-3350-P.raw\""),
        new("deribit-perpetual/ticker", DeribitTardis, "\"channel\":\"ticker.BTC-PERPETUAL.raw\"", DeribitPerpetual),
        new("deribit-perpetual/quote", DeribitTardis, "\"channel\":\"quote.", DeribitPerpetual),
        new("deribit-option/book", DeribitCapture, "\"channel\":\"book.", DeribitOption),
        new("deribit-option/ticker", DeribitCapture, "\"channel\":\"ticker.", DeribitOption),

        // Coinbase. The Exchange feed from cryptofeed's real capture (level2, matches; its 2021 tickers carry no sizes
        // and are rightly ignored, so tardis's sized one stands in). Advanced Trade: JKorf's real market_trades frame;
        // its book and ticker frames exist only in the sessions built from the documented shapes (recordings/SOURCES.md).
        // Heartbeats and acknowledgements give no records and are not measured.
        new("coinbase-exchange/l2update", CoinbaseCapture, "{\"type\":\"l2update\"", CoinbaseSpot),
        new("coinbase-exchange/snapshot", CoinbaseCapture, "{\"type\":\"snapshot\"", CoinbaseSpot),
        new("coinbase-exchange/match", CoinbaseCapture, "\"type\":\"match\"", CoinbaseSpot),
        new("coinbase-exchange/ticker", CoinbaseTardis, "\"best_bid_size\"", CoinbaseSpot),
        new("coinbase-advanced-trade/market_trades", CoinbaseAdvancedTrade, "\"channel\":\"market_trades\"", CoinbaseSpot),
        new("coinbase-advanced-trade/l2_data", CoinbaseSpotSession, "\"channel\":\"l2_data\"", CoinbaseSpot),
        new("coinbase-advanced-trade/ticker", CoinbaseSpotSession, "\"channel\":\"ticker\"", CoinbaseSpot),
        new("coinbase-futures/l2_data", CoinbaseFuturesSession, "\"channel\":\"l2_data\"", CoinbaseFutures),
    ];

    public static FrameSet Get(string name) =>
        All.FirstOrDefault(set => set.Name == name) ?? throw new ArgumentException($"No frame set '{name}'.", nameof(name));

    private static BinanceFrameParser BinanceSpot() => new BinanceFrameParser(BinanceSymbols.CreateTable(MarketType.Spot, []));

    // USD-M and COIN-M share the futures table: the symbol's shape (BTCUSD_PERP) tells linear from inverse.
    private static BinanceFrameParser BinanceUsdm() => new BinanceFrameParser(BinanceSymbols.CreateTable(MarketType.Perpetual, []));

    // OKX spells the market in the instrument id; a parser reads one market. No liquidation filter: keep them all.
    private static OkxFrameParser OkxSpot() => new OkxFrameParser(OkxSymbols.CreateTable(MarketType.Spot, []));

    private static OkxFrameParser OkxSwap() => new OkxFrameParser(OkxSymbols.CreateTable(MarketType.Perpetual, []));

    private static OkxFrameParser OkxFutures() => new OkxFrameParser(OkxSymbols.CreateTable(MarketType.Futures, []));

    // The contract table resolves linear, inverse and dated symbols by their shape. The parser keeps per-symbol ticker
    // and top-of-book state, so each set gets its own.
    private static BybitFrameParser BybitContracts() => new BybitFrameParser(BybitSymbols.CreateTable(MarketType.Perpetual, []));

    // Deribit names decide their own market; the table's market is the one the frames belong to.
    private static DeribitFrameParser DeribitPerpetual() => new DeribitFrameParser(DeribitSymbols.CreateTable(MarketType.Perpetual, []));

    private static DeribitFrameParser DeribitOption() => new DeribitFrameParser(DeribitSymbols.CreateTable(MarketType.Option, []));

    // One parser reads both Coinbase APIs; it keeps per-connection sequence state, which a set replayed in a loop only
    // counts as losses (the cost of a frame is the same).
    private static CoinbaseFrameParser CoinbaseSpot() => new CoinbaseFrameParser(CoinbaseSymbols.CreateTable(MarketType.Spot, []));

    private static CoinbaseFrameParser CoinbaseFutures() => new CoinbaseFrameParser(CoinbaseSymbols.CreateTable(MarketType.Futures, []), CoinbaseApi.AdvancedTrade);
}

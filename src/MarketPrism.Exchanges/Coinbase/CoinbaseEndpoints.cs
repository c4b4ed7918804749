using System.Globalization;

namespace MarketPrism.Exchanges.Coinbase;

/// <summary>Coinbase's public addresses and REST paths (relative to the REST base).</summary>
public static class CoinbaseEndpoints
{
    /// <summary>
    /// The Exchange feed (docs.cdp.coinbase.com/exchange/websocket-feed: "Coinbase Market Data is our traditional feed
    /// which is available without authentication"). <c>ws-direct</c> needs authentication and is not used.
    /// </summary>
    public const string ExchangeWebSocket = "wss://ws-feed.exchange.coinbase.com";

    /// <summary>Advanced Trade market data (…/advanced-trade-apis/websocket/websocket-overview); public channels need no key.</summary>
    public const string AdvancedTradeWebSocket = "wss://advanced-trade-ws.coinbase.com";

    /// <summary>The REST base of Advanced Trade's public <c>/market/…</c> endpoints (no key), used by both APIs' entries.</summary>
    public const string RestBase = "https://api.coinbase.com";

    /// <summary>The connection group: both APIs carry every channel on one endpoint.</summary>
    public const string PublicGroup = "public";

    /// <summary>Most levels <c>product_book</c> is asked for; Coinbase documents no cap [doc-mem], the in-band book is full depth anyway.</summary>
    public const int MaxProductBookLimit = 1000;

    /// <summary>Most candles one <c>candles</c> request returns (FORMATS.md 6b: 350 [doc-mem]).</summary>
    public const int MaxCandles = 350;

    private const string MarketPath = "/api/v3/brokerage/market";

    /// <summary><c>GET /api/v3/brokerage/market/product_book?product_id=&amp;limit=</c>: the order book, <c>{pricebook:{…},…}</c>.</summary>
    public static string ProductBookPath(string productId, int limit) =>
        $"{MarketPath}/product_book?product_id={Escape(productId)}&limit={Math.Clamp(limit, 1, MaxProductBookLimit).ToString(CultureInfo.InvariantCulture)}";

    /// <summary><c>GET /api/v3/brokerage/market/products/{id}/ticker?limit=</c>: the latest market trades, newest first.</summary>
    public static string MarketTradesPath(string productId, int limit) =>
        $"{MarketPath}/products/{Escape(productId)}/ticker?limit={limit.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// <c>GET /api/v3/brokerage/market/products/{id}/candles?start=&amp;end=&amp;granularity=</c>, <c>start</c>/<c>end</c> in
    /// UNIX seconds, <paramref name="granularity"/> one of <c>ONE_MINUTE</c>…<c>ONE_DAY</c>.
    /// </summary>
    public static string CandlesPath(string productId, DateTimeOffset start, DateTimeOffset end, string granularity) =>
        $"{MarketPath}/products/{Escape(productId)}/candles?start={start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}&end={end.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}&granularity={Escape(granularity)}";

    /// <summary><c>GET /api/v3/brokerage/market/products?product_type=SPOT|FUTURE</c>: the product list for the instrument catalogue.</summary>
    public static string ProductsPath(string productType) => $"{MarketPath}/products?product_type={Escape(productType)}";

    /// <summary>The WebSocket address: the configured base as it is (the simulator serves each API under its own path).</summary>
    public static Uri WebSocketUri(Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        return baseAddress;
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);
}

namespace MarketPrism.Simulator.Binance;

/// <summary>
/// What differs between Binance spot and USD-M futures on the wire: paths, limits, depth limits and their
/// request weights, and which recorded addresses belong to the market.
/// </summary>
internal sealed class BinanceMarket
{
    public static readonly BinanceMarket Spot = new(
        venueName: "binance-spot",
        pathPrefix: "/binance/spot",
        isFutures: false,
        webSocketRoots: [""],
        restRoot: "/api/v3",
        defaultDepthLimit: 100);

    // The 2025/26 split serves high-frequency streams under /public and the rest under /market; the rule that
    // decides which stream lives where is not published, so every stream is served on every root.
    public static readonly BinanceMarket UsdM = new(
        venueName: "binance-futures",
        pathPrefix: "/binance/futures",
        isFutures: true,
        webSocketRoots: ["", "/public", "/market"],
        restRoot: "/fapi/v1",
        defaultDepthLimit: 500);

    private static readonly int[] FuturesDepthLimits = [5, 10, 20, 50, 100, 500, 1000];

    private BinanceMarket(string venueName, string pathPrefix, bool isFutures, string[] webSocketRoots, string restRoot, int defaultDepthLimit)
    {
        VenueName = venueName;
        PathPrefix = pathPrefix;
        IsFutures = isFutures;
        WebSocketRoots = webSocketRoots;
        RestRoot = restRoot;
        DefaultDepthLimit = defaultDepthLimit;
    }

    public string VenueName { get; }

    public string PathPrefix { get; }

    public bool IsFutures { get; }

    /// <summary>Roots under which <c>/ws</c>, <c>/ws/&lt;streams&gt;</c> and <c>/stream</c> are served.</summary>
    public string[] WebSocketRoots { get; }

    /// <summary><c>/api/v3</c> or <c>/fapi/v1</c>.</summary>
    public string RestRoot { get; }

    public int DefaultDepthLimit { get; }

    /// <summary>Whether a recorded WebSocket address is this market's (by host).</summary>
    public bool OwnsStreamUrl(Uri url) => IsFutures
        ? url.Host.StartsWith("fstream", StringComparison.OrdinalIgnoreCase)
        : url.Host.Equals("stream.binance.com", StringComparison.OrdinalIgnoreCase)
          || url.Host.Equals("data-stream.binance.vision", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a recorded REST address is this market's depth endpoint.</summary>
    public bool OwnsDepthUrl(Uri url) =>
        url.AbsolutePath.Equals(RestRoot + "/depth", StringComparison.Ordinal);

    /// <summary>
    /// The number of levels a depth request returns, or false if Binance rejects the limit. Spot accepts any
    /// positive limit and truncates above 5000; USD-M accepts only 5, 10, 20, 50, 100, 500, 1000.
    /// </summary>
    public bool TryGetDepthLevels(int requested, out int levels)
    {
        if (IsFutures)
        {
            levels = requested;
            return Array.IndexOf(FuturesDepthLimits, requested) >= 0;
        }

        levels = Math.Min(requested, 5000);
        return requested >= 1;
    }

    /// <summary>
    /// Request weight of a depth request, from Binance's published tables:
    /// spot <c>GET /api/v3/depth</c> (developers.binance.com, Spot REST API, Market data, Order book):
    /// limit 1–100 → 5, 101–500 → 25, 501–1000 → 50, 1001–5000 → 250;
    /// USD-M <c>GET /fapi/v1/depth</c> (developers.binance.com, USDⓈ-M Futures, Market Data, Order Book):
    /// 5, 10, 20, 50 → 2; 100 → 5; 500 → 10; 1000 → 20.
    /// </summary>
    public int DepthWeight(int levels) => IsFutures
        ? levels switch { <= 50 => 2, <= 100 => 5, <= 500 => 10, _ => 20 }
        : levels switch { <= 100 => 5, <= 500 => 25, <= 1000 => 50, _ => 250 };
}

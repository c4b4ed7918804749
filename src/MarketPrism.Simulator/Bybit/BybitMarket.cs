namespace MarketPrism.Simulator.Bybit;

/// <summary>
/// One Bybit v5 category as the simulator serves it: where it listens, which book depths its <c>orderbook</c> topic
/// has, and how its frames differ (spot tickers are snapshots only and spot trades have no tick direction; only
/// contracts have liquidations).
/// </summary>
internal sealed class BybitMarket
{
    /// <summary>Spot, under <c>/bybit/spot</c>: <c>/bybit/spot/v5/public/spot</c>, <c>/bybit/spot/v5/market/…</c>.</summary>
    public static readonly BybitMarket Spot = new("bybit-spot", "/bybit/spot", "spot", isSpot: true, [1, 50, 200, 1000], maxArgsPerRequest: 10, maxRestDepth: 200, defaultRestDepth: 1);

    /// <summary>
    /// USDT and USDC contracts, under <c>/bybit/linear</c>. Depth 500 is served besides today's 1, 50, 200 and 1000
    /// because the recording is an <c>orderbook.500</c> session (linear had that depth in 2024).
    /// </summary>
    public static readonly BybitMarket Linear = new("bybit-linear", "/bybit/linear", "linear", isSpot: false, [1, 50, 200, 500, 1000], maxArgsPerRequest: 0, maxRestDepth: 500, defaultRestDepth: 25);

    private BybitMarket(string venueName, string pathPrefix, string category, bool isSpot, int[] depths, int maxArgsPerRequest, int maxRestDepth, int defaultRestDepth)
    {
        VenueName = venueName;
        PathPrefix = pathPrefix;
        Category = category;
        IsSpot = isSpot;
        Depths = depths;
        MaxArgsPerRequest = maxArgsPerRequest;
        MaxRestDepth = maxRestDepth;
        DefaultRestDepth = defaultRestDepth;
    }

    public string VenueName { get; }

    public string PathPrefix { get; }

    /// <summary>The v5 category: <c>spot</c> or <c>linear</c>.</summary>
    public string Category { get; }

    public bool IsSpot { get; }

    /// <summary>The public stream's path under the prefix: <c>/v5/public/spot</c> or <c>/v5/public/linear</c>.</summary>
    public string StreamPath => "/v5/public/" + Category;

    /// <summary>Depths of the <c>orderbook</c> topic, smallest first; depth 1 is the top of book (snapshots only).</summary>
    public IReadOnlyList<int> Depths { get; }

    /// <summary>Topics one subscribe request may carry; 0 = no limit (contracts). Spot: "up to 10 args".</summary>
    public int MaxArgsPerRequest { get; }

    /// <summary>Largest <c>limit</c> of <c>/v5/market/orderbook</c>: spot 200, linear 500.</summary>
    public int MaxRestDepth { get; }

    /// <summary><c>limit</c> when the request has none: spot 1, linear 25.</summary>
    public int DefaultRestDepth { get; }
}

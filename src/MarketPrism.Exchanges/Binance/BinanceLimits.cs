namespace MarketPrism.Exchanges.Binance;

/// <summary>
/// Binance's published WebSocket and REST limits. Sources: spot "WebSocket Streams" general information
/// (developers.binance.com/docs/binance-spot-api-docs/web-socket-streams) and the USDⓈ-M / COIN-M "Websocket Market
/// Streams" pages (developers.binance.com/docs/derivatives/…/websocket-market-streams), read via the search tool.
/// </summary>
public static class BinanceLimits
{
    /// <summary>
    /// Streams one connection may carry, on every venue. Note: a mirror of the USDⓈ-M page (developers.binance.me)
    /// still shows the older 200; the current pages say 1024.
    /// </summary>
    public const int MaxStreamsPerConnection = 1024;

    /// <summary>Messages (SUBSCRIBE, pong, …) a spot connection may send per second; more disconnects it.</summary>
    public const int SpotMaxIncomingMessagesPerSecond = 5;

    /// <summary>Messages a USDⓈ-M or COIN-M connection may send per second; more disconnects it.</summary>
    public const int FuturesMaxIncomingMessagesPerSecond = 10;

    /// <summary>Spot connection attempts allowed per IP per 5 minutes.</summary>
    public const int SpotMaxConnectionsPerFiveMinutes = 300;

    /// <summary>Largest <c>limit</c> of spot <c>/api/v3/depth</c>.</summary>
    public const int SpotMaxDepthLimit = 5000;

    /// <summary>The <c>limit</c> values <c>/fapi/v1/depth</c> and <c>/dapi/v1/depth</c> accept.</summary>
    public static ReadOnlySpan<int> FuturesDepthLimits => [5, 10, 20, 50, 100, 500, 1000];

    /// <summary>Binance closes every connection at this age ("only valid for 24 hours").</summary>
    public static TimeSpan MaxConnectionLifetime { get; } = TimeSpan.FromHours(24);

    /// <summary>Spot sends a WebSocket ping frame this often.</summary>
    public static TimeSpan SpotPingInterval { get; } = TimeSpan.FromSeconds(20);

    /// <summary>Spot disconnects a client whose pong has not arrived within this time.</summary>
    public static TimeSpan SpotPongTimeout { get; } = TimeSpan.FromMinutes(1);

    /// <summary>USDⓈ-M and COIN-M send a WebSocket ping frame this often.</summary>
    public static TimeSpan FuturesPingInterval { get; } = TimeSpan.FromMinutes(3);

    /// <summary>USDⓈ-M and COIN-M disconnect a client whose pong has not arrived within this time.</summary>
    public static TimeSpan FuturesPongTimeout { get; } = TimeSpan.FromMinutes(10);

    public static int MaxIncomingMessagesPerSecond(BinanceVenue venue) =>
        venue == BinanceVenue.Spot ? SpotMaxIncomingMessagesPerSecond : FuturesMaxIncomingMessagesPerSecond;

    public static TimeSpan PingInterval(BinanceVenue venue) =>
        venue == BinanceVenue.Spot ? SpotPingInterval : FuturesPingInterval;

    public static TimeSpan PongTimeout(BinanceVenue venue) =>
        venue == BinanceVenue.Spot ? SpotPongTimeout : FuturesPongTimeout;

    /// <summary>
    /// The depth-snapshot <c>limit</c> to request for a wanted number of levels: spot takes any value up to 5000;
    /// futures only the listed steps, so the smallest step that covers the request (at most 1000).
    /// </summary>
    public static int DepthLimit(BinanceVenue venue, int requestedLevels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requestedLevels, 1);
        if (venue == BinanceVenue.Spot)
        {
            return Math.Min(requestedLevels, SpotMaxDepthLimit);
        }

        foreach (var step in FuturesDepthLimits)
        {
            if (step >= requestedLevels)
            {
                return step;
            }
        }

        return FuturesDepthLimits[^1];
    }
}

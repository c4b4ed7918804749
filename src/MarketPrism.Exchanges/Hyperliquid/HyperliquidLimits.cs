namespace MarketPrism.Exchanges.Hyperliquid;

/// <summary>
/// Hyperliquid's published limits (docs "Rate limits",
/// hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/rate-limits, re-read for this venue): per IP, "REST
/// requests share an aggregated weight limit of 1200 per minute", "Maximum of 100 websocket connections", "Maximum of
/// 1000 websocket subscriptions", "Maximum of 2000 messages sent to Hyperliquid per minute across all websocket
/// connections"; and the collector's choices that keep a plan inside them.
/// </summary>
public static class HyperliquidLimits
{
    /// <summary>REST weight per minute per IP, shared by every <c>POST /info</c>.</summary>
    public const int RestWeightPerMinute = 1200;

    /// <summary>"The following info requests have weight 2: l2Book, allMids, …".</summary>
    public const int LightInfoWeight = 2;

    /// <summary>
    /// "All other documented info requests have weight 20" (<c>meta</c>, <c>spotMeta</c>, <c>metaAndAssetCtxs</c>,
    /// <c>fundingHistory</c>, <c>candleSnapshot</c>). fundingHistory and candleSnapshot are also said to cost more per
    /// 20 or 60 items returned; the collector only polls <c>metaAndAssetCtxs</c>, which has no such surcharge.
    /// </summary>
    public const int InfoWeight = 20;

    /// <summary>WebSocket subscriptions per IP.</summary>
    public const int MaxSubscriptionsPerIp = 1000;

    /// <summary>WebSocket connections per IP.</summary>
    public const int MaxConnectionsPerIp = 100;

    /// <summary>Messages the client may send per minute per IP, across all its connections.</summary>
    public const int MaxMessagesPerMinutePerIp = 2000;

    /// <summary>
    /// Subscriptions the collector puts on one connection. Hyperliquid sets no per-connection limit; 250 spreads a plan
    /// of the full 1000 subscriptions per IP over 4 connections (far below the 100 allowed), so a lost connection
    /// loses a quarter of the streams at most.
    /// </summary>
    public const int MaxSubscriptionsPerConnection = 250;

    /// <summary>
    /// Messages the collector sends per second on one connection: at most 4 connections (<see cref="MaxSubscriptionsPerConnection"/>)
    /// at 8 per second are 1920 a minute, under the 2000 per IP even with the keep-alive pings.
    /// </summary>
    public const double MaxClientMessagesPerSecond = 8;

    /// <summary>Each subscribe message names one subscription (<c>{"method":"subscribe","subscription":{…}}</c>).</summary>
    public const int MaxSubscriptionsPerRequest = 1;

    /// <summary>Levels per side of every <c>l2Book</c> push (20 + 20 in every push of the recorded BTC session).</summary>
    public const int BookLevels = 20;

    /// <summary>
    /// Docs "Timeouts and heartbeats": the server closes a connection it has sent nothing to for 60 s; a client
    /// <c>{"method":"ping"}</c> is answered with <c>{"channel":"pong"}</c>. Sent every 30 s whatever arrives, half the
    /// limit, so a quiet connection always has an answer in time.
    /// </summary>
    public static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(30);

    /// <summary>Funding is paid every hour on the hour (docs "Funding": the rate is hourly, unlike 8-hour venues).</summary>
    public static readonly TimeSpan FundingInterval = TimeSpan.FromHours(1);
}

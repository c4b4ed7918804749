namespace MarketPrism.Exchanges.Coinbase;

/// <summary>Coinbase's documented WebSocket limits and the collector's choices within them.</summary>
public static class CoinbaseLimits
{
    /// <summary>
    /// New connections per second per IP, on both APIs: Exchange "8 requests per second per IP (bursts up to 20)"
    /// (docs.cdp.coinbase.com/exchange/websocket-feed/rate-limits); Advanced Trade "connections: 8 per second per IP"
    /// (…/advanced-trade-apis/websocket/websocket-rate-limits).
    /// </summary>
    public const int ConnectionsPerSecond = 8;

    /// <summary>Exchange feed: "100 client messages per second per IP" (…/exchange/websocket-feed/rate-limits).</summary>
    public const double ExchangeClientMessagesPerSecond = 100;

    /// <summary>Advanced Trade: "unauthenticated messages: 8 per second per IP" (…/websocket-rate-limits).</summary>
    public const double AdvancedTradeClientMessagesPerSecond = 8;

    /// <summary>
    /// Exchange feed: "at most 10 subscriptions per product per channel" (…/exchange/websocket-feed/rate-limits). One
    /// connection subscribes each product's channel once, so this bounds the connections that may carry one stream:
    /// the collector never opens more than two for a stream (a connection and its hand-over successor).
    /// </summary>
    public const int SubscriptionsPerProductPerChannel = 10;

    /// <summary>
    /// Streams per connection. Coinbase publishes no cap on either API; every subscription of a connection shares its
    /// one <c>sequence_num</c> (Advanced Trade) or its send buffer, so a few hundred keep one loss from touching too
    /// many books and one connection's start-up short.
    /// </summary>
    public const int MaxStreamsPerConnection = 300;

    /// <summary>Exchange feed streams per subscribe message: any number of channels and products fit in one.</summary>
    public const int ExchangeStreamsPerRequest = 50;

    /// <summary>Advanced Trade: "one channel per subscribe message" [doc-mem, FORMATS.md 6a]; one stream per request keeps it so.</summary>
    public const int AdvancedTradeStreamsPerRequest = 1;

    /// <summary>
    /// How often both APIs send a heartbeat: Advanced Trade's <c>heartbeats</c> channel "every second"
    /// (…/websocket-channels), the Exchange feed's <c>heartbeat</c> channel "once a second" per product.
    /// </summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(1);
}

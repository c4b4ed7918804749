using MarketPrism.Simulator.Plugins;

namespace MarketPrism.Simulator.Coinbase;

/// <summary>Coinbase (<c>coinbase</c>): the Exchange market-data feed and Advanced Trade, served side by side.</summary>
public sealed class CoinbaseVenueOptions : VenueOptions
{
    public CoinbaseVenueOptions()
        : base(CoinbaseVenue.VenueName)
    {
        Options =
        [
            VenueOption.Duration("subscribe_timeout", "Close a connection that has sent no subscribe this long after opening (Coinbase: 5 s, both APIs).", () => SubscribeTimeout, value => SubscribeTimeout = value),
            VenueOption.Duration("idle_subscription_timeout", "Advanced Trade: drop the subscriptions of a connection that was sent nothing for this long (Coinbase: 60-90 s; heartbeats keep them open).", () => IdleSubscriptionTimeout, value => IdleSubscriptionTimeout = value),
            VenueOption.Duration("heartbeat_interval", "Time between two heartbeats: Advanced Trade's heartbeats channel and the Exchange feed's heartbeat of each product (Coinbase: 1 s).", () => HeartbeatInterval, value => HeartbeatInterval = value),
            VenueOption.Count("exchange_messages_per_second", "Exchange feed: client messages allowed per sliding second before the connection is closed (Coinbase: 100).", () => ExchangeMessagesPerSecond, value => ExchangeMessagesPerSecond = value),
            VenueOption.Count("advanced_trade_messages_per_second", "Advanced Trade: client messages allowed per sliding second before the connection is closed (Coinbase: 8 unauthenticated).", () => AdvancedTradeMessagesPerSecond, value => AdvancedTradeMessagesPerSecond = value),
            VenueOption.Count("rest_requests_per_minute", "REST requests per minute and client address; beyond it requests get 429 (Coinbase public endpoints: 10 per second).", () => RestRequestsPerMinute, value => RestRequestsPerMinute = value),
        ];
    }

    /// <summary>
    /// A connection that has not subscribed this long after opening is closed: "you are disconnected if no subscribe
    /// has been received within 5 seconds" (Exchange WebSocket overview; Advanced Trade's overview says the same).
    /// Default: 5s.
    /// </summary>
    public TimeSpan SubscribeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Advanced Trade: "Most channels close within 60-90 seconds if no updates are sent. Subscribe to heartbeats to keep
    /// all subscriptions open." A connection that was sent nothing for this long loses its subscriptions, silently.
    /// Default: 60s.
    /// </summary>
    public TimeSpan IdleSubscriptionTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Advanced Trade's <c>heartbeats</c> and the Exchange feed's <c>heartbeat</c> channels send one message per second. Default: 1s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Exchange feed: "Messages sent by the client on each connection are rate-limited to 100 every second per IP". Default: 100.</summary>
    public int ExchangeMessagesPerSecond { get; set; } = 100;

    /// <summary>Advanced Trade: unauthenticated clients may send 8 messages per second per IP. Default: 8.</summary>
    public int AdvancedTradeMessagesPerSecond { get; set; } = 8;

    /// <summary>REST requests per minute and client address (public endpoints: 10 per second per IP). Default: 600.</summary>
    public int RestRequestsPerMinute { get; set; } = 600;

    public override IReadOnlyList<VenueOption> Options { get; }
}

using MarketPrism.Simulator.Plugins;

namespace MarketPrism.Simulator.Hyperliquid;

/// <summary>
/// Hyperliquid (<c>hyperliquid</c>). The limits are Hyperliquid's published per-IP limits ("Rate limits and user
/// limits", hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/rate-limits-and-user-limits) and its idle rule
/// ("Timeouts and heartbeats": the server closes a connection it has sent nothing to for 60 s).
/// </summary>
public sealed class HyperliquidVenueOptions : VenueOptions
{
    public HyperliquidVenueOptions()
        : base(HyperliquidVenue.VenueName)
    {
        Options =
        [
            VenueOption.Duration("idle_timeout", "Close a connection the server has sent nothing to for this long (Hyperliquid: 60 s); a client keeps it open with {\"method\":\"ping\"}.", () => IdleTimeout, value => IdleTimeout = value),
            VenueOption.Count("max_connections", "WebSocket connections per client address; a further upgrade is answered 429 (Hyperliquid: 100).", () => MaxConnections, value => MaxConnections = value),
            VenueOption.Count("max_subscriptions", "WebSocket subscriptions per client address over all its connections; a further subscribe gets an error frame (Hyperliquid: 1000).", () => MaxSubscriptions, value => MaxSubscriptions = value),
            VenueOption.Count("messages_per_minute", "Messages a client address may send over all its WebSocket connections per sliding minute; the one beyond it closes its connection with 1008 (Hyperliquid: 2000).", () => MessagesPerMinute, value => MessagesPerMinute = value),
            VenueOption.Count("rest_weight_per_minute", "POST /info weight per client address and minute; beyond it 429 (Hyperliquid: 1200).", () => RestWeightPerMinute, value => RestWeightPerMinute = value),
        ];
    }

    /// <summary>
    /// A connection the server has sent nothing to (no data, no acknowledgement, no pong) for this long is closed,
    /// as Hyperliquid does after 60 s; a client keeps a quiet connection open with <c>{"method":"ping"}</c>. Default: 60s.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>"Maximum of 100 websocket connections" per IP. Default: 100.</summary>
    public int MaxConnections { get; set; } = 100;

    /// <summary>"Maximum of 1000 websocket subscriptions" per IP. Default: 1000.</summary>
    public int MaxSubscriptions { get; set; } = 1000;

    /// <summary>"Maximum of 2000 messages sent to Hyperliquid per minute across all websocket connections" per IP. Default: 2000.</summary>
    public int MessagesPerMinute { get; set; } = 2000;

    /// <summary>"REST requests share an aggregated weight limit of 1200 per minute" per IP. Default: 1200.</summary>
    public int RestWeightPerMinute { get; set; } = 1200;

    public override IReadOnlyList<VenueOption> Options { get; }
}

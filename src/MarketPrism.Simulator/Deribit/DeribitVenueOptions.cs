using MarketPrism.Simulator.Plugins;

namespace MarketPrism.Simulator.Deribit;

/// <summary>Deribit JSON-RPC v2 (<c>deribit</c>).</summary>
public sealed class DeribitVenueOptions : VenueOptions
{
    public DeribitVenueOptions()
        : base(DeribitVenue.VenueName)
    {
        Options =
        [
            VenueOption.Duration("ping_interval", "Interval of the server's WebSocket ping frames (Deribit relies on its own heartbeats; default 30 s).", () => PingInterval, value => PingInterval = value, "--ping-interval"),
            VenueOption.Duration("pong_timeout", "A client that does not answer a ping within this is dropped (default 60 s).", () => PongTimeout, value => PongTimeout = value, "--pong-timeout"),
            VenueOption.Count("messages_per_second", "Requests per second a connection may send before it is answered too_many_requests and closed.", () => MessagesPerSecond, value => MessagesPerSecond = value),
            VenueOption.Count("requests_per_minute", "REST requests per minute and client address; beyond it requests get 429.", () => RequestsPerMinute, value => RequestsPerMinute = value),
        ];
    }

    /// <summary>Interval of the server's WebSocket ping frames (Deribit relies on its own heartbeats). Default: 30s.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A client that does not answer a ping within this is dropped. Default: 60s.</summary>
    public TimeSpan PongTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Requests per second a connection may send before it is answered <c>too_many_requests</c> and closed
    /// (Deribit's credits refill at 20 non-matching-engine requests per second). Default: 20.
    /// </summary>
    public int MessagesPerSecond { get; set; } = 20;

    /// <summary>REST requests per minute and client address; beyond it requests get 429. Default: 1200.</summary>
    public int RequestsPerMinute { get; set; } = 1200;

    public override IReadOnlyList<VenueOption> Options { get; }
}

using MarketPrism.Simulator.Plugins;

namespace MarketPrism.Simulator.Bybit;

/// <summary>Bybit v5 spot or linear (<c>bybit-spot</c>, <c>bybit-linear</c>).</summary>
public sealed class BybitVenueOptions : VenueOptions
{
    internal BybitVenueOptions(BybitMarket market)
        : base(market.VenueName)
    {
        Options =
        [
            VenueOption.Duration("heartbeat_timeout", "Cut a connection that sends no {\"op\":\"ping\"} for this long (default 10m).", () => HeartbeatTimeout, value => HeartbeatTimeout = value, "--heartbeat-timeout"),
        ];
    }

    /// <summary>
    /// A connection that has sent no <c>{"op":"ping"}</c> for this long is cut (without a close frame). Bybit
    /// documents a 10-minute cut for a connection with neither ping-pong nor data and asks clients to ping every
    /// 20 s; the simulator is stricter and counts only pings, so a client that never pings is caught even while data
    /// flows. Default: 10 min.
    /// </summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public override IReadOnlyList<VenueOption> Options { get; }
}

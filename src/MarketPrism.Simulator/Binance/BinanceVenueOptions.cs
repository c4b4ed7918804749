using MarketPrism.Simulator.Plugins;

namespace MarketPrism.Simulator.Binance;

/// <summary>
/// Binance spot or USD-M futures (<c>binance-spot</c>, <c>binance-futures</c>): its heartbeat and limits, with
/// Binance's published values as defaults (developers.binance.com: WebSocket Streams, Limits).
/// </summary>
public sealed class BinanceVenueOptions : VenueOptions
{
    internal BinanceVenueOptions(BinanceMarket market)
        : base(market.VenueName)
    {
        var futures = market.IsFutures;
        PingInterval = TimeSpan.FromSeconds(futures ? 180 : 20);
        PongTimeout = TimeSpan.FromSeconds(futures ? 600 : 60);
        MessagesPerSecond = futures ? 10 : 5;
        RequestWeightPerMinute = futures ? 2400 : 6000;
        Options =
        [
            VenueOption.Duration("ping_interval", "Interval of the server's WebSocket ping frames (each venue's default is listed under --venue-option).", () => PingInterval, value => PingInterval = value, "--ping-interval"),
            VenueOption.Duration("pong_timeout", "A client that does not answer a ping within this is dropped (each venue's default is listed under --venue-option).", () => PongTimeout, value => PongTimeout = value, "--pong-timeout"),
            VenueOption.Count("messages_per_second", "Incoming messages per second a connection may send before it is closed.", () => MessagesPerSecond, value => MessagesPerSecond = value),
            VenueOption.Count("rest_weight_per_minute", "REST request weight per minute and client address; beyond it requests get 429.", () => RequestWeightPerMinute, value => RequestWeightPerMinute = value, "--rest-weight-per-minute"),
        ];
    }

    /// <summary>Interval of the server's WebSocket ping frames. Default: 20 s spot, 180 s USD-M.</summary>
    public TimeSpan PingInterval { get; set; }

    /// <summary>A client that does not answer a ping within this is dropped. Default: 60 s spot, 600 s USD-M.</summary>
    public TimeSpan PongTimeout { get; set; }

    /// <summary>Incoming messages per second a connection may send before it is closed. Default: 5 spot, 10 USD-M.</summary>
    public int MessagesPerSecond { get; set; }

    /// <summary>REST request weight per minute and client address; beyond it requests get 429. Default: 6000 spot, 2400 USD-M.</summary>
    public int RequestWeightPerMinute { get; set; }

    public override IReadOnlyList<VenueOption> Options { get; }
}

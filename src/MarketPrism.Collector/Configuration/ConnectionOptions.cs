namespace MarketPrism.Collector.Configuration;

/// <summary>WebSocket connection behaviour (config section <c>connections</c>).</summary>
public sealed class ConnectionOptions
{
    /// <summary>
    /// A connection is replaced (make-before-break) after this long, before the venue's own cut (Binance: 24h).
    /// Default: 23h.
    /// </summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromHours(23);

    /// <summary>
    /// First reconnect delay; doubles per failure up to <see cref="ReconnectMaxDelay"/>, with full jitter. A connection
    /// lost within <see cref="ReconnectMaxDelay"/> of opening is a failure too; one up longer resets the count. Default: 1s.
    /// </summary>
    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the reconnect delay. Default: 60s.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Time allowed to open a connection and have its subscriptions confirmed. Default: 10s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A connection that delivers nothing at all for this long is treated as dead and replaced. Default: 60s.</summary>
    public TimeSpan NoDataTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A stream counts as stalled when it has been silent for this many times its usual gap between records (learned
    /// per stream) and at least <see cref="StallFloor"/>; it is then resubscribed, and a second stall in a row replaces
    /// its connection. Quiet streams (liquidations) learn long gaps, so they are not mistaken for dead ones. Default: 20.
    /// </summary>
    public int StallFactor { get; set; } = 20;

    /// <summary>No stream counts as stalled before this much silence. Default: 30s.</summary>
    public TimeSpan StallFloor { get; set; } = TimeSpan.FromSeconds(30);
}

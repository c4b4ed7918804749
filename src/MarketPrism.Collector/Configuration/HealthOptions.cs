namespace MarketPrism.Collector.Configuration;

/// <summary>When <c>/health</c> turns unhealthy or degraded (config section <c>health</c>).</summary>
public sealed class HealthOptions
{
    /// <summary>Missed heartbeats after which a connection that receives nothing at all is dead (when <see cref="ConnectionSilence"/> is 0).</summary>
    public const int MissedHeartbeats = 3;

    /// <summary>
    /// A connection that has not been up, or a book that has received updates but not resynchronized, for longer than
    /// this makes the collector unhealthy. Default: 10s.
    /// </summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A connection that is up but has received no frame of any kind (data, heartbeat, pong, subscription answer) for
    /// this long is dead: the collector is unhealthy. Checked on connections whose venue sends heartbeats the collector
    /// sees (Deribit, OKX, Bybit) or that carry a book, quote or mark price stream. 0 (the default) derives it per venue:
    /// <see cref="MissedHeartbeats"/> heartbeat intervals (Deribit 30 s, OKX 45 s, Bybit 60 s); on Binance, whose
    /// pings never reach the application, the connection's own no-data watchdog (<c>connections.no_data_timeout</c>)
    /// drops and reconnects a silent connection instead. Default: 0s.
    /// </summary>
    public TimeSpan ConnectionSilence { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Per data type: the least silence after which a stream of the type, on a connection that is alive, is reported
    /// stale. A stream whose cadence the stall detector has learned is stale only past that cadence too
    /// (<c>connections.stall_factor</c> times its usual gap). Stale streams make the report <c>degraded</c> (HTTP 200),
    /// not unhealthy: a quiet market is not a dead connection. 0 turns the floor off for the type: its streams are
    /// then judged by their learned cadence alone, and not at all before it is learned. Defaults: book_delta,
    /// book_snapshot, best_bid_ask, mark_price 60s; funding_rate 2h; open_interest 1h; trade and liquidation 0
    /// (sparse: an option or an illiquid instrument goes hours without a trade).
    /// </summary>
    public Dictionary<string, TimeSpan> StaleAfter { get; set; } = new()
    {
        ["trade"] = TimeSpan.Zero,
        ["book_delta"] = TimeSpan.FromSeconds(60),
        ["book_snapshot"] = TimeSpan.FromSeconds(60),
        ["best_bid_ask"] = TimeSpan.FromSeconds(60),
        ["mark_price"] = TimeSpan.FromSeconds(60),
        ["funding_rate"] = TimeSpan.FromHours(2),
        ["open_interest"] = TimeSpan.FromHours(1),
        ["liquidation"] = TimeSpan.Zero,
    };
}

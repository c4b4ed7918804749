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
    /// Per data type: the least silence after which a stream of the type that normally flows is stale while its
    /// connection is alive. Only streams whose cadence the stall detector has learned are judged, and only past it
    /// (<c>connections.stall_factor</c> times the usual gap, at least <c>connections.stall_floor</c>): a stream that has
    /// not shown it normally flows is a quiet one. Stale streams make the report <c>degraded</c> (HTTP 200), not
    /// unhealthy: a quiet market is not a dead connection. Sparse types get an hour, so an instrument that traded in a
    /// burst and then goes quiet, as options do, is not called stale. 0: no floor beyond the learned cadence.
    /// Defaults: book_delta, book_snapshot, best_bid_ask, mark_price 60s; trade 1h; liquidation 1h; open_interest 1h;
    /// funding_rate 2h.
    /// </summary>
    public Dictionary<string, TimeSpan> StaleAfter { get; set; } = new()
    {
        ["trade"] = TimeSpan.FromHours(1),
        ["book_delta"] = TimeSpan.FromSeconds(60),
        ["book_snapshot"] = TimeSpan.FromSeconds(60),
        ["best_bid_ask"] = TimeSpan.FromSeconds(60),
        ["mark_price"] = TimeSpan.FromSeconds(60),
        ["funding_rate"] = TimeSpan.FromHours(2),
        ["open_interest"] = TimeSpan.FromHours(1),
        ["liquidation"] = TimeSpan.FromHours(1),
    };
}

namespace MarketPrism.Collector.Configuration;

/// <summary>When /health reports the collector unhealthy (config section <c>health</c>).</summary>
public sealed class HealthOptions
{
    /// <summary>
    /// A connection that has not been up, or a book that has received updates but not resynchronized, for longer than
    /// this makes the collector unhealthy. Default: 10s.
    /// </summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Per data type: the collector is unhealthy when no record of the type has arrived on a market for this long
    /// (0 turns the check off for the type). Sparse types get hours. Defaults: trade, book_delta, book_snapshot,
    /// best_bid_ask, mark_price 60s; funding_rate 2h; open_interest 1h; liquidation 1h.
    /// </summary>
    public Dictionary<string, TimeSpan> StaleAfter { get; set; } = new()
    {
        ["trade"] = TimeSpan.FromSeconds(60),
        ["book_delta"] = TimeSpan.FromSeconds(60),
        ["book_snapshot"] = TimeSpan.FromSeconds(60),
        ["best_bid_ask"] = TimeSpan.FromSeconds(60),
        ["mark_price"] = TimeSpan.FromSeconds(60),
        ["funding_rate"] = TimeSpan.FromHours(2),
        ["open_interest"] = TimeSpan.FromHours(1),
        ["liquidation"] = TimeSpan.FromHours(1),
    };
}

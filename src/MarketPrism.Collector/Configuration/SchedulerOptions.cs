namespace MarketPrism.Collector.Configuration;

/// <summary>Periodic REST jobs (config section <c>scheduler</c>), as the plan sketches them.</summary>
public sealed class SchedulerOptions
{
    /// <summary>
    /// Jobs by name: <c>funding_rate</c> (default every 1h: REST funding polls), <c>open_interest</c> (default every
    /// 15m), <c>liquidation_monitor</c> (default every 1m: checks every liquidation stream is alive and polls REST where
    /// a venue offers liquidations there), <c>long_short_ratio</c> (default every 5m, the period the venues' ratios are
    /// polled for).
    /// </summary>
    public Dictionary<string, JobOptions> Jobs { get; set; } = new()
    {
        ["funding_rate"] = new JobOptions { Interval = "1h" },
        ["open_interest"] = new JobOptions { Interval = "15m" },
        ["liquidation_monitor"] = new JobOptions { Interval = "1m" },
        ["long_short_ratio"] = new JobOptions { Interval = "5m" },
    };
}

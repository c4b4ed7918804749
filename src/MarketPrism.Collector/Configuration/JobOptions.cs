namespace MarketPrism.Collector.Configuration;

/// <summary>One scheduled job (<c>scheduler.jobs.&lt;name&gt;</c>).</summary>
public sealed class JobOptions
{
    /// <summary>Whether the job runs. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often it runs: a duration such as <c>30s</c>, <c>15m</c>, <c>1h</c>.</summary>
    public string Interval { get; set; } = "1h";

    /// <summary>Also run once right after start. Default: true.</summary>
    public bool RunAtStart { get; set; } = true;
}

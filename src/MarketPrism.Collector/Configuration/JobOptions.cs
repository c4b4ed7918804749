namespace MarketPrism.Collector.Configuration;

/// <summary>One scheduled job (<c>scheduler.jobs.&lt;name&gt;</c>).</summary>
public sealed class JobOptions
{
    /// <summary>Whether the job runs. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// When it runs: a duration such as <c>30s</c>, <c>15m</c>, <c>1h</c>, or a cron expression (UTC; five fields, or six
    /// with seconds) such as <c>*/5 * * * *</c>.
    /// </summary>
    public string Interval { get; set; } = "1h";

    /// <summary>
    /// Each job's first run waits a random time up to this, so collectors started together (and jobs within one) do
    /// not all call the exchange in the same second. Default: 5s.
    /// </summary>
    public TimeSpan StartJitter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Also run once right after start. Default: true.</summary>
    public bool RunAtStart { get; set; } = true;
}

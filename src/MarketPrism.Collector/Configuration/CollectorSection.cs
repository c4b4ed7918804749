namespace MarketPrism.Collector.Configuration;

/// <summary>Process-wide settings (config section <c>collector</c>).</summary>
public sealed class CollectorSection
{
    /// <summary>Name of this collector instance, in logs and health output. Default: <c>marketprism</c>.</summary>
    public string Name { get; set; } = "marketprism";

    /// <summary>Run the periodic REST jobs of <c>scheduler.jobs</c> (the plan's switch). Default: true.</summary>
    public bool EnableScheduler { get; set; } = true;

    /// <summary>Log output: <c>text</c> or <c>json</c> (one JSON object per line). Default: text.</summary>
    public LogFormat LogFormat { get; set; } = LogFormat.Text;

    /// <summary>Minimum log level: trace, debug, information, warning, error, critical, none. Default: information.</summary>
    public string LogLevel { get; set; } = "information";

    /// <summary>How long a graceful stop (SIGINT/SIGTERM) may take to drain and close files. Default: 30s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

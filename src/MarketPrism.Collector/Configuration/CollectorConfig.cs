using MarketPrism.Core.Books;

namespace MarketPrism.Collector.Configuration;

/// <summary>
/// The whole collector configuration (<c>config/collector.yaml</c>). YAML keys are the snake_case forms of these
/// property names; see docs/configuration.md for every key, its default and its environment variable.
/// </summary>
public sealed class CollectorConfig
{
    public CollectorSection Collector { get; set; } = new();

    public List<ExchangeOptions> Exchanges { get; set; } = [];

    public BookOptions Books { get; set; } = new();

    public PipelineOptions Pipeline { get; set; } = new();

    public SinksOptions Sinks { get; set; } = new();

    public ConnectionOptions Connections { get; set; } = new();

    public RestOptions Rest { get; set; } = new();

    public SchedulerOptions Scheduler { get; set; } = new();

    public HttpOptions Http { get; set; } = new();

    public HealthOptions Health { get; set; } = new();
}

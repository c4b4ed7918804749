using MarketPrism.Sinks.ClickHouse;
using MarketPrism.Sinks.FileStore;
using MarketPrism.Sinks.Nats;

namespace MarketPrism.Collector.Configuration;

/// <summary>Where records go (config section <c>sinks</c>). Every enabled sink receives every record.</summary>
public sealed class SinksOptions
{
    public FileStoreOptions File { get; set; } = new();

    public NatsSinkOptions Nats { get; set; } = new();

    public ClickHouseSinkOptions Clickhouse { get; set; } = new();

    public SpoolOptions Spool { get; set; } = new();
}

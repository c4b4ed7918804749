using MarketPrism.Sinks.FileStore;

namespace MarketPrism.Collector.Configuration;

/// <summary>Where records go (config section <c>sinks</c>).</summary>
public sealed class SinksOptions
{
    public FileStoreOptions File { get; set; } = new();
}

using MarketPrism.Core.Sinks;

namespace MarketPrism.Collector.Hosting;

/// <summary>A sink the config enables, and whether it spools to disk while it cannot keep up (network sinks do).</summary>
internal sealed record ConfiguredSink(IRecordSink Sink, bool UsesSpool);

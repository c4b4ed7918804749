using MarketPrism.Collector.Pipeline;
using MarketPrism.Core.Sinks;

namespace MarketPrism.Collector.Hosting;

/// <summary>
/// A sink the config enables, whether it spools to disk while it cannot keep up (network sinks do), and how often it
/// wants to be written to (null: every batch as it comes).
/// </summary>
internal sealed record ConfiguredSink(IRecordSink Sink, bool UsesSpool, WriteCadence? Cadence = null);

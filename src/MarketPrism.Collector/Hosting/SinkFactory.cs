using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Pipeline;
using MarketPrism.Sinks.ClickHouse;
using MarketPrism.Sinks.FileStore;
using MarketPrism.Sinks.Nats;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Collector.Hosting;

/// <summary>Creates the sinks the config enables, in a fixed order: file, nats, clickhouse.</summary>
internal static class SinkFactory
{
    public static IReadOnlyList<ConfiguredSink> Create(CollectorConfig config, TimeProvider time, ILoggerFactory loggerFactory)
    {
        var sinks = new List<ConfiguredSink>();
        var spool = config.Sinks.Spool.Enabled;
        if (config.Sinks.File.Enabled)
        {
            // The file store is local disk itself: a spool would only write the same records to the same disk twice.
            sinks.Add(new ConfiguredSink(new FileStoreSink(config.Sinks.File, time, loggerFactory.CreateLogger<FileStoreSink>()), UsesSpool: false));
        }

        if (config.Sinks.Nats.Enabled)
        {
            sinks.Add(new ConfiguredSink(new NatsSink(config.Sinks.Nats, config.Collector.Name, loggerFactory.CreateLogger<NatsSink>()), spool));
        }

        if (config.Sinks.Clickhouse.Enabled)
        {
            // ClickHouse wants about one insert per table per second (each insert is a part to merge), not one per batch.
            var clickHouse = config.Sinks.Clickhouse;
            sinks.Add(new ConfiguredSink(
                new ClickHouseSink(clickHouse, loggerFactory.CreateLogger<ClickHouseSink>(), time),
                spool,
                new WriteCadence(clickHouse.InsertInterval, clickHouse.InsertMaxRows)));
        }

        return sinks;
    }
}

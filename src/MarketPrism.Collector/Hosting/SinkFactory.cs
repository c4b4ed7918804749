using MarketPrism.Collector.Configuration;
using MarketPrism.Core.Sinks;
using MarketPrism.Sinks.FileStore;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Collector.Hosting;

/// <summary>Creates the sinks the config enables.</summary>
internal static class SinkFactory
{
    public static IReadOnlyList<IRecordSink> Create(CollectorConfig config, TimeProvider time, ILoggerFactory loggerFactory)
    {
        var sinks = new List<IRecordSink>();
        if (config.Sinks.File.Enabled)
        {
            sinks.Add(new FileStoreSink(config.Sinks.File, time, loggerFactory.CreateLogger<FileStoreSink>()));
        }

        return sinks;
    }
}

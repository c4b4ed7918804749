using MarketPrism.Core.Sinks;
using MarketPrism.Sinks.FileStore;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Collector.Benchmarking;

/// <summary>Creates the sink an end-to-end run measures, configured as the collector would configure it.</summary>
internal static class BenchSinks
{
    public static bool TryParse(string text, out BenchSinkKind kind) =>
        Enum.TryParse(text, ignoreCase: true, out kind) && Enum.IsDefined(kind);

    public static IRecordSink Create(BenchSinkKind kind, FileStoreOptions store, TimeProvider time, ILoggerFactory loggerFactory) => kind switch
    {
        BenchSinkKind.Null => new NullSink(),
        BenchSinkKind.Parquet or BenchSinkKind.Jsonl => new FileStoreSink(store, time, loggerFactory.CreateLogger<FileStoreSink>()),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No such sink."),
    };
}

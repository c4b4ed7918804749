using MarketPrism.Core.Configuration;
using MarketPrism.Core.Sinks;
using MarketPrism.Sinks.FileStore;
using MarketPrism.Sinks.Nats;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace MarketPrism.Collector.Benchmarking;

/// <summary>Creates the sink an end-to-end run measures, configured as the collector would configure it.</summary>
internal static class BenchSinks
{
    /// <summary>
    /// The JetStream stream a NATS run publishes to: a stream of its own, so a run never mixes with a collector's
    /// <c>MARKETPRISM</c> stream. It captures the same subjects, so give a run a server that no collector publishes to.
    /// </summary>
    public const string NatsStream = "MARKETPRISM_BENCH";

    public static bool TryParse(string text, out BenchSinkKind kind) =>
        Enum.TryParse(text, ignoreCase: true, out kind) && Enum.IsDefined(kind);

    /// <summary>
    /// Fails at once, with what to do, when the sink's server does not answer: a run against an absent server would
    /// only measure retries (the collector treats it as an outage and keeps trying).
    /// </summary>
    public static async Task ProbeAsync(ThroughputOptions options, CancellationToken cancellationToken)
    {
        if (options.Sink != BenchSinkKind.Nats)
        {
            return;
        }

        await using var connection = new NatsConnection(NatsOpts.Default with
        {
            Url = options.NatsUrl,
            Name = "marketprism-bench-e2e-probe",
            ConnectTimeout = TimeSpan.FromSeconds(5),
        });
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }
        catch (Exception ex) when (ex is NatsException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"--sink nats: no NATS server answers at {options.NatsUrl} ({ex.Message}). Start one with JetStream (nats-server -js) or pass --nats-url.", ex);
        }
    }

    /// <summary>The sink <paramref name="options"/> names; the file store is configured by <paramref name="store"/>.</summary>
    public static IRecordSink Create(ThroughputOptions options, FileStoreOptions store, TimeProvider time, ILoggerFactory loggerFactory) => options.Sink switch
    {
        BenchSinkKind.Null => new NullSink(),
        BenchSinkKind.Parquet or BenchSinkKind.Jsonl => new FileStoreSink(store, time, loggerFactory.CreateLogger<FileStoreSink>()),
        BenchSinkKind.Nats => new NatsSink(
            new NatsSinkOptions
            {
                Enabled = true,
                Url = options.NatsUrl,
                Stream = NatsStream,

                // Bounded, so repeated runs cannot fill the server's disk; old messages go first.
                MaxBytes = ByteSize.FromMegabytes(2048),
                MaxAge = TimeSpan.FromHours(1),
            },
            "marketprism-bench-e2e",
            loggerFactory.CreateLogger<NatsSink>()),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Sink, "No such sink."),
    };
}

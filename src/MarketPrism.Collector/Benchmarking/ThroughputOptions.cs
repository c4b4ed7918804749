using MarketPrism.Core.Model;
using MarketPrism.Exchanges;

namespace MarketPrism.Collector.Benchmarking;

/// <summary>What an end-to-end run (<c>marketprism bench-e2e</c>) measures and for how long.</summary>
public sealed class ThroughputOptions
{
    /// <summary>
    /// The exchange collected, one the simulator serves. Default: the first exchange of the catalog, the one whose
    /// simulated venue makes the renamed copies that large runs need.
    /// </summary>
    public string Exchange { get; set; } = ExchangeCatalog.Exchanges[0];

    /// <summary>The market of <see cref="Exchange"/> collected. Default: perpetual.</summary>
    public MarketType Market { get; set; } = MarketType.Perpetual;

    /// <summary>Whole run, warm-up included. Default: 60s.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Start-up left out of the figures (connecting, subscribing, book sync). Default: 10s.</summary>
    public TimeSpan Warmup { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Symbols collected, each on the market's streams of trades, book, best bid/ask, funding and mark price: the
    /// recorded ones, then the simulator's renamed copies of them where its venue makes copies. Default: 20.
    /// </summary>
    public int Symbols { get; set; } = 20;

    /// <summary>Where records go. Default: Parquet.</summary>
    public BenchSinkKind Sink { get; set; } = BenchSinkKind.Parquet;

    /// <summary>Simulator pace: 0 = firehose (as fast as the socket takes), 1 = the recorded pace. Default: 0.</summary>
    public double Speed { get; set; }

    /// <summary>Resource samples (RSS, GC heap, sockets, handles) are taken this often. Default: 5s.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Records per batch (<c>pipeline.batch_size</c>). Default: 100, the collector's default.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Partial batches are flushed after this (<c>pipeline.flush_interval</c>). Default: 1s.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Rows per Parquet row group (<c>sinks.file.row_group_size</c>). Default: 100000, the store's default.</summary>
    public int RowGroupSize { get; set; } = 100_000;

    /// <summary>Memory the store's Parquet partitions may buffer (<c>sinks.file.buffer_budget</c>); null = the store's default.</summary>
    public MarketPrism.Core.Configuration.ByteSize? BufferBudget { get; set; }

    /// <summary>The NATS server of <see cref="BenchSinkKind.Nats"/> runs. Default: <c>nats://127.0.0.1:4222</c>.</summary>
    public string NatsUrl { get; set; } = "nats://127.0.0.1:4222";

    /// <summary>Folder of recorded sessions for the simulator.</summary>
    public string RecordingsDirectory { get; set; } = "recordings";

    /// <summary>Store folder; null = a temporary folder deleted after the run.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>CSV file for every resource sample; null = none.</summary>
    public string? SamplesFile { get; set; }

    /// <summary>Soak mode: judge the resource trends and fail the run (exit 1) when one rises. Default: false.</summary>
    public bool Soak { get; set; }

    /// <summary>Print a progress line every second. Default: true.</summary>
    public bool Progress { get; set; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!VenueCatalog.TryGet(Exchange, Market, out _))
        {
            throw new ArgumentException(
                $"--exchange/--market: no '{Exchange}' {Market.ToWireName()} market; known: {string.Join(", ", VenueCatalog.All.Select(venue => $"{venue.Exchange} {venue.MarketType.ToWireName()}"))}.");
        }

        if (Duration <= TimeSpan.Zero || Warmup < TimeSpan.Zero || Warmup >= Duration)
        {
            throw new ArgumentException($"--duration must be positive and longer than --warmup; got {Duration} and {Warmup}.");
        }

        if (Symbols is < 1 or > 40_000)
        {
            throw new ArgumentException($"--symbols must be 1..40000; got {Symbols}.");
        }

        if (double.IsNaN(Speed) || double.IsInfinity(Speed) || Speed < 0)
        {
            throw new ArgumentException($"--speed must be 0 (firehose) or a positive factor; got {Speed}.");
        }

        if (SampleInterval < TimeSpan.FromMilliseconds(100))
        {
            throw new ArgumentException($"--sample-interval must be at least 100ms; got {SampleInterval}.");
        }

        if (BatchSize < 1 || FlushInterval <= TimeSpan.Zero || RowGroupSize < 1)
        {
            throw new ArgumentException("--batch-size, --flush-interval and --row-group-size must be positive.");
        }
    }
}

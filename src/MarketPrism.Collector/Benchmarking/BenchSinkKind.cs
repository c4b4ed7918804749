namespace MarketPrism.Collector.Benchmarking;

/// <summary>Where the end-to-end run writes (<see cref="BenchSinks"/>).</summary>
public enum BenchSinkKind
{
    /// <summary>Nothing is kept: the cost of receiving, parsing, book keeping and batching alone.</summary>
    Null,

    /// <summary>The Parquet file store with its journal (the default store).</summary>
    Parquet,

    /// <summary>The file store writing JSON lines.</summary>
    Jsonl,

    /// <summary>
    /// NATS JetStream at <see cref="ThroughputOptions.NatsUrl"/>: every record published and acknowledged by the
    /// server, into the stream <see cref="BenchSinks.NatsStream"/>.
    /// </summary>
    Nats,
}

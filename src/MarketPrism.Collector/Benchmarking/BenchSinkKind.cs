namespace MarketPrism.Collector.Benchmarking;

/// <summary>Where the end-to-end run writes. A message-bus sink (NATS) joins here as one more case of <see cref="BenchSinks"/>.</summary>
public enum BenchSinkKind
{
    /// <summary>Nothing is kept: the cost of receiving, parsing, book keeping and batching alone.</summary>
    Null,

    /// <summary>The Parquet file store with its journal (the default store).</summary>
    Parquet,

    /// <summary>The file store writing JSON lines.</summary>
    Jsonl,
}

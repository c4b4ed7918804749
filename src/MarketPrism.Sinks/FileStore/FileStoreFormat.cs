namespace MarketPrism.Sinks.FileStore;

public enum FileStoreFormat
{
    /// <summary>Columnar Parquet files, one schema per data type (default).</summary>
    Parquet,

    /// <summary>One JSON record per line, the same form <c>normalize</c> prints.</summary>
    Jsonl,
}

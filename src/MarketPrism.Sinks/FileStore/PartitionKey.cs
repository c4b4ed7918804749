using MarketPrism.Core.Model;

namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// What a file holds: one exchange's market type and data type on one UTC date, in one format (a Parquet store
/// writes a jsonl file beside a Parquet one for the rare record Parquet's decimal cannot hold).
/// </summary>
internal readonly record struct PartitionKey(string Exchange, MarketType MarketType, DataType DataType, DateOnly Date, FileStoreFormat Format)
{
    /// <summary>The same stream of records on any date.</summary>
    public StreamKey Stream => new(Exchange, MarketType, DataType, Format);
}

/// <summary>A partition key without the date: the records whose files roll over at midnight.</summary>
internal readonly record struct StreamKey(string Exchange, MarketType MarketType, DataType DataType, FileStoreFormat Format);

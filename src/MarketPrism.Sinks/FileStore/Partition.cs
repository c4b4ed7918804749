using MarketPrism.Core.Model;

namespace MarketPrism.Sinks.FileStore;

/// <summary>One partition directory and the file it currently writes (at most one).</summary>
internal sealed class Partition
{
    public Partition(PartitionKey key, string directory, PartitionNames names)
    {
        Key = key;
        Directory = directory;
        Names = names;
        DataTypeName = key.DataType.ToWireName();
        var dayStart = key.Date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        DayStartTicks = dayStart.Ticks;
        DayEndTicks = dayStart.Ticks + TimeSpan.TicksPerDay;
    }

    public PartitionKey Key { get; }

    /// <summary>Full path of the partition directory.</summary>
    public string Directory { get; }

    /// <summary>Next free file name of the directory, shared with the partition of the other format in it.</summary>
    public PartitionNames Names { get; }

    public string DataTypeName { get; }

    /// <summary>First tick of the partition's date (UTC), for a quick "same date" test on each record.</summary>
    public long DayStartTicks { get; }

    public long DayEndTicks { get; }

    public PartitionFile? File { get; set; }

    /// <summary>The Parquet schema and row buffers, kept across the partition's files.</summary>
    public ParquetTable? Table { get; set; }

    /// <summary>Set once a later date has started for the stream: the time after which this partition's file is closed.</summary>
    public DateTimeOffset? CloseBy { get; set; }

    /// <summary>Whether the current batch wrote to this partition.</summary>
    public bool Touched { get; set; }

    /// <summary>Whether the current file was opened by the current batch (and is deleted if the batch is not accepted).</summary>
    public bool OpenedInBatch { get; set; }

    public FileCheckpoint Checkpoint { get; set; }

    /// <summary>Whether the "record diverted to jsonl" warning was logged for this partition.</summary>
    public bool DivertWarned { get; set; }

    public bool Contains(MarketRecord record, long timestampTicks) =>
        timestampTicks >= DayStartTicks
        && timestampTicks < DayEndTicks
        && record.DataType == Key.DataType
        && record.MarketType == Key.MarketType
        && string.Equals(record.ExchangeName, Key.Exchange, StringComparison.Ordinal);
}

using MarketPrism.Core.Configuration;

namespace MarketPrism.Sinks.FileStore;

/// <summary>The embedded file store (config section <c>sinks.file</c>).</summary>
public sealed class FileStoreOptions
{
    /// <summary>Whether records are written to local files. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Root directory; files go under <c>{exchange}/{market_type}/{data_type}/date=YYYY-MM-DD/</c>. Default: <c>data</c>.</summary>
    public string Directory { get; set; } = "data";

    /// <summary>File format. Default: parquet.</summary>
    public FileStoreFormat Format { get; set; } = FileStoreFormat.Parquet;

    /// <summary>A file is closed and a new one started after this long. Default: 1h.</summary>
    public TimeSpan RollInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// When the first record of a new UTC date arrives for a stream, the previous date's open file stays open this
    /// long for records that arrive late (other symbols' records are a few milliseconds behind), then it is closed.
    /// A record for a date whose file was closed opens a new file in that date's directory. Default: 30s.
    /// </summary>
    public TimeSpan DateRollDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A file is closed and a new one started once it reaches about this size. Default: 256MB.</summary>
    public ByteSize RollSize { get; set; } = ByteSize.FromMegabytes(256);

    /// <summary>
    /// Rows buffered per Parquet row group before it is written (a row group is written earlier when the store's
    /// buffers reach <see cref="BufferBudget"/>). Default: 100000.
    /// </summary>
    public int RowGroupSize { get; set; } = 100_000;

    /// <summary>
    /// A Parquet file is closed and a new one started once it holds this many row groups. Why: the footer describes
    /// every row group, and Parquet.Net keeps that description in memory (about 14 KB per row group of 24 columns)
    /// until the file is closed; with hundreds of symbols the buffer budget makes row groups small and frequent, and
    /// an hour's file gathered tens of megabytes of them (a 30-minute soak's GC heap rose by 93 MiB/h). Default: 128.
    /// </summary>
    public int MaxRowGroups { get; set; } = 128;

    /// <summary>
    /// Memory all open Parquet files together may use for rows waiting for their row group. When a batch takes the
    /// waiting rows over it, the files with the most waiting rows write them as a (smaller) row group at once, largest
    /// first, until half the budget is left; quiet partitions keep their rows, so busy ones get large row groups even
    /// when many files are open. Row groups are encoded in the background while the next rows fill a second set of
    /// buffers; buffers that hold no row are released while all of them hold more than four times this. Default: 4MB:
    /// with 500 symbols x 4 streams it took 26 MiB less than 8MB, and it wrote as fast as 16MB (220k messages/s into
    /// Parquet; bench/RESULTS.md, sections 7 and 10).
    /// </summary>
    public ByteSize BufferBudget { get; set; } = ByteSize.FromMegabytes(4);

    /// <summary>
    /// Keep a line journal beside each open Parquet file, so the rows of a file that was being written when the
    /// process was killed are recovered on the next start. Default: true.
    /// </summary>
    public bool Journal { get; set; } = true;

    /// <summary>Call fsync after each batch (safer against power loss, slower). Default: false.</summary>
    public bool FsyncEachBatch { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
        {
            throw new ArgumentException("sinks.file.directory must name a directory.");
        }

        if (!Enum.IsDefined(Format))
        {
            throw new ArgumentException($"sinks.file.format '{Format}' is not parquet or jsonl.");
        }

        if (RollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"sinks.file.roll_interval must be positive (got {RollInterval}).");
        }

        if (RollSize.Bytes <= 0)
        {
            throw new ArgumentException($"sinks.file.roll_size must be positive (got {RollSize}).");
        }

        if (RowGroupSize <= 0)
        {
            throw new ArgumentException($"sinks.file.row_group_size must be positive (got {RowGroupSize}).");
        }

        if (BufferBudget.Bytes <= 0)
        {
            throw new ArgumentException($"sinks.file.buffer_budget must be positive (got {BufferBudget}).");
        }

        if (MaxRowGroups <= 0)
        {
            throw new ArgumentException($"sinks.file.max_row_groups must be positive (got {MaxRowGroups}).");
        }

        if (DateRollDelay < TimeSpan.Zero)
        {
            throw new ArgumentException($"sinks.file.date_roll_delay must not be negative (got {DateRollDelay}).");
        }
    }
}

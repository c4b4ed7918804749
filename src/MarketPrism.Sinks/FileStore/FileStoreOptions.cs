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

    /// <summary>A file is closed and a new one started once it reaches about this size. Default: 256MB.</summary>
    public ByteSize RollSize { get; set; } = ByteSize.FromMegabytes(256);

    /// <summary>Rows buffered per Parquet row group before it is written. Default: 100000.</summary>
    public int RowGroupSize { get; set; } = 100_000;

    /// <summary>
    /// Keep a line journal beside each open Parquet file, so the rows of a file that was being written when the
    /// process was killed are recovered on the next start. Default: true.
    /// </summary>
    public bool Journal { get; set; } = true;

    /// <summary>Call fsync after each batch (safer against power loss, slower). Default: false.</summary>
    public bool FsyncEachBatch { get; set; }
}

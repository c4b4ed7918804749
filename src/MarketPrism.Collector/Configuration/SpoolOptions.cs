using MarketPrism.Core.Configuration;

namespace MarketPrism.Collector.Configuration;

/// <summary>
/// The on-disk spool of the network sinks (config section <c>sinks.spool</c>): when NATS or ClickHouse is down or
/// slower than the market, their batches are written to <c>{directory}/{sink}/</c> and replayed in order when it
/// catches up, also after a restart. The file store writes to local disk itself and has no spool.
/// </summary>
public sealed class SpoolOptions
{
    /// <summary>Whether the NATS and ClickHouse sinks spool to disk; without it they hold back the pipeline while down. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Root directory; each sink spools to its own subdirectory. Default: <c>spool</c>.</summary>
    public string Directory { get; set; } = "spool";

    /// <summary>Disk space each sink's spool may take. Default: 1GB.</summary>
    public ByteSize MaxSize { get; set; } = new(1024L * 1024 * 1024);

    /// <summary>What happens when a sink's spool is full: drop_oldest, drop_newest or block. Default: drop_oldest.</summary>
    public SpoolFullPolicy FullPolicy { get; set; } = SpoolFullPolicy.DropOldest;
}

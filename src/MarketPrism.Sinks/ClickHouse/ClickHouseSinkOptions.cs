using MarketPrism.Core.Configuration;

namespace MarketPrism.Sinks.ClickHouse;

/// <summary>
/// The ClickHouse sink (config section <c>sinks.clickhouse</c>): one table per data type in <see cref="Database"/>,
/// created at start when missing, filled over HTTP with <c>INSERT ... FORMAT JSONEachRow</c>.
/// </summary>
public sealed class ClickHouseSinkOptions
{
    /// <summary>Whether records are inserted into ClickHouse. Default: false.</summary>
    public bool Enabled { get; set; }

    /// <summary>The server's HTTP interface. Default: <c>http://127.0.0.1:8123</c>.</summary>
    public string Url { get; set; } = "http://127.0.0.1:8123";

    /// <summary>Database of the tables; created when missing. Default: <c>marketprism</c>.</summary>
    public string Database { get; set; } = "marketprism";

    /// <summary>User name. Default: <c>default</c>.</summary>
    public string User { get; set; } = "default";

    /// <summary>Password; best given as <c>MARKETPRISM_SINKS__CLICKHOUSE__PASSWORD</c>. Default: empty.</summary>
    public string Password { get; set; } = "";

    /// <summary>An insert (or a table check at start) that has not answered after this long is failed and retried. Default: 30s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The least time between two inserts into a table while ClickHouse keeps up: batches that come meanwhile wait in
    /// memory and go in one insert per table (ClickHouse advises about one insert per second per table; every insert
    /// is a part it must merge). 0 inserts every batch as it comes. Default: 1s.
    /// </summary>
    public TimeSpan InsertInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Records waiting that force an insert before <see cref="InsertInterval"/> has passed, and the most one insert
    /// round takes (so memory stays bounded when the market is busy). Default: 10000.
    /// </summary>
    public int InsertMaxRows { get; set; } = 10_000;

    /// <summary>
    /// Where rows ClickHouse refuses for good (a table that does not match, rows it cannot parse) are kept, one
    /// subdirectory per table, until <c>marketprism replay-dead-letters</c> inserts them. Default: <c>dead-letters/clickhouse</c>.
    /// </summary>
    public string DeadLetterDirectory { get; set; } = "dead-letters/clickhouse";

    /// <summary>
    /// The most the dead-letter files may take together; refused rows beyond it are dropped, counted
    /// (<c>marketprism_sink_dead_letter_dropped_records_total</c>) and logged. Default: 1GB.
    /// </summary>
    public ByteSize DeadLetterMaxSize { get; set; } = new(1024L * 1024 * 1024);
}

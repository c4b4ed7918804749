using Microsoft.Extensions.Logging;

namespace MarketPrism.Sinks.ClickHouse;

/// <summary>Every log line the ClickHouse sink writes.</summary>
internal static partial class ClickHouseSinkLog
{
    [LoggerMessage(751, LogLevel.Information, "ClickHouse database {Database} ready: {Matching} of {Tables} tables match the schema (server {Version} at {Url})")]
    public static partial void SchemaReady(ILogger logger, string database, int matching, int tables, string version, string url);

    [LoggerMessage(752, LogLevel.Warning, "ClickHouse at {Url} is unreachable at start ({Reason}); records are spooled until it answers")]
    public static partial void UnreachableAtStart(ILogger logger, string url, string reason);

    [LoggerMessage(753, LogLevel.Warning, "Record {Key} has a value Decimal(38,18) cannot hold exactly; stored whole as JSON in unrepresentable_records")]
    public static partial void Unrepresentable(ILogger logger, string key);

    [LoggerMessage(754, LogLevel.Error, "ClickHouse table {Database}.{Table} does not match the schema MarketPrism writes: {Problems}. Its rows go to dead letters under {Directory} (the other tables keep being written); fix or drop the table (it is checked again every {Interval}), then run `marketprism replay-dead-letters --table {Table}`")]
    public static partial void TableMismatch(ILogger logger, string database, string table, string problems, string directory, TimeSpan interval);

    [LoggerMessage(755, LogLevel.Information, "ClickHouse table {Database}.{Table} matches the schema again: its rows are inserted again; what went to dead letters under {Directory} meanwhile is replayed with `marketprism replay-dead-letters --table {Table}`")]
    public static partial void TableMatchesAgain(ILogger logger, string database, string table, string directory);

    [LoggerMessage(756, LogLevel.Error, "ClickHouse refused rows for {Database}.{Table} with code {Code} ({CodeName}), an error retrying cannot cure: {Error}. This batch's rows of the table and any refused after it go to dead letters under {Directory}; the other tables keep being written")]
    public static partial void TableRefusesRows(ILogger logger, string database, string table, int code, string codeName, string error, string directory);

    [LoggerMessage(757, LogLevel.Information, "ClickHouse table {Database}.{Table} accepts rows again; rows it refused are under {Directory}: replay them with `marketprism replay-dead-letters --table {Table}`")]
    public static partial void TableAcceptsRowsAgain(ILogger logger, string database, string table, string directory);

    [LoggerMessage(758, LogLevel.Warning, "{Rows} rows of ClickHouse table {Table} wait in {Files} dead-letter files under {Directory}; once the table is fixed, run `marketprism replay-dead-letters --table {Table}`")]
    public static partial void DeadLettersWaiting(ILogger logger, int rows, string table, int files, string directory);

    [LoggerMessage(759, LogLevel.Warning, "ClickHouse table {Database}.{Table} has columns MarketPrism does not write, which get their default in every row: {Columns}")]
    public static partial void TableHasExtraColumns(ILogger logger, string database, string table, string columns);

    [LoggerMessage(760, LogLevel.Warning, "ClickHouse table {Database}.{Table} is sorted by ({Found}), not by ({Expected}) as MarketPrism creates it now: rows are written the same, but {Consequence}")]
    public static partial void TableSortingKeyDiffers(ILogger logger, string database, string table, string found, string expected, string consequence);

    [LoggerMessage(761, LogLevel.Error, "Dropped {Rows} rows of ClickHouse table {Database}.{Table}: the dead-letter directory {Directory} is full ({MaxBytes} bytes, sinks.clickhouse.dead_letter_max_size), so rows ClickHouse refuses are lost for ClickHouse (the other sinks still have them) until the table is fixed and `marketprism replay-dead-letters` empties it, or the cap is raised. They were refused because: {Reason}")]
    public static partial void DeadLettersFull(ILogger logger, int rows, string database, string table, string directory, long maxBytes, string reason);

    [LoggerMessage(763, LogLevel.Information, "Added column {Column} to ClickHouse table {Database}.{Table}, which an earlier MarketPrism created without it; rows stored before read it as null")]
    public static partial void ColumnAdded(ILogger logger, string column, string database, string table);

    [LoggerMessage(764, LogLevel.Warning, "Could not add column {Column} to ClickHouse table {Database}.{Table}, which an earlier MarketPrism created without it: {Reason}. The table stays failed (its rows go to dead letters) until the column exists: run `{Statement}` as a user allowed to alter it")]
    public static partial void ColumnNotAdded(ILogger logger, string column, string database, string table, string reason, string statement);

    [LoggerMessage(762, LogLevel.Information, "Dead letters of ClickHouse table {Database}.{Table} are written to {Directory} again (it has room)")]
    public static partial void DeadLettersWritableAgain(ILogger logger, string database, string table, string directory);
}

using Microsoft.Extensions.Logging;

namespace MarketPrism.Sinks.ClickHouse;

/// <summary>Every log line the ClickHouse sink writes.</summary>
internal static partial class ClickHouseSinkLog
{
    [LoggerMessage(751, LogLevel.Information, "ClickHouse database {Database} ready with {Tables} tables (server {Version} at {Url})")]
    public static partial void SchemaReady(ILogger logger, string database, int tables, string version, string url);

    [LoggerMessage(752, LogLevel.Warning, "ClickHouse at {Url} is unreachable at start ({Reason}); records are spooled until it answers")]
    public static partial void UnreachableAtStart(ILogger logger, string url, string reason);

    [LoggerMessage(753, LogLevel.Warning, "Record {Key} has a value Decimal(38,18) cannot hold exactly; stored whole as JSON in unrepresentable_records")]
    public static partial void Unrepresentable(ILogger logger, string key);
}

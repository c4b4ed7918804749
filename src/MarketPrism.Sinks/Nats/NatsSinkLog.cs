using Microsoft.Extensions.Logging;

namespace MarketPrism.Sinks.Nats;

/// <summary>Every log line the NATS sink writes.</summary>
internal static partial class NatsSinkLog
{
    [LoggerMessage(701, LogLevel.Information, "NATS stream {Stream} ready on {Url} (subjects {Subjects}; {Messages} messages stored)")]
    public static partial void StreamReady(ILogger logger, string stream, string subjects, long messages, string url);

    [LoggerMessage(702, LogLevel.Warning, "NATS at {Url} is unreachable at start ({Reason}); records are spooled until it answers")]
    public static partial void UnreachableAtStart(ILogger logger, string url, string reason);

    [LoggerMessage(703, LogLevel.Warning, "NATS connection to {Url} lost ({Reason}); reconnecting")]
    public static partial void Disconnected(ILogger logger, string url, string reason);

    [LoggerMessage(704, LogLevel.Information, "NATS connected to {Url}")]
    public static partial void Connected(ILogger logger, string url);

    [LoggerMessage(705, LogLevel.Information, "NATS sink closed: {Stored} messages stored, {Duplicates} copies dropped by the server as duplicates")]
    public static partial void Closed(ILogger logger, long stored, long duplicates);
}

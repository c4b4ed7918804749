namespace MarketPrism.Collector.Health;

/// <summary>The body of /health and /ready (serialized with snake_case names).</summary>
/// <param name="Status"><c>healthy</c>/<c>unhealthy</c>, or <c>ready</c>/<c>not_ready</c>.</param>
/// <param name="Reasons">Why it is not healthy or not ready; empty when it is.</param>
/// <param name="Markets">Per exchange and market type.</param>
/// <param name="CheckedAt">When the report was made.</param>
public sealed record HealthReport(string Status, IReadOnlyList<string> Reasons, IReadOnlyList<MarketHealth> Markets, DateTimeOffset CheckedAt)
{
    /// <summary>The scheduler's jobs: when each last ran and succeeded.</summary>
    public IReadOnlyList<JobHealth> Jobs { get; init; } = [];
}

/// <summary>One scheduler job.</summary>
public sealed record JobHealth(
    string Name,
    double IntervalSeconds,
    DateTimeOffset? LastRun,
    DateTimeOffset? LastSuccess,
    double? LastDurationSeconds,
    string? LastError,
    bool Healthy);

/// <summary>One exchange market.</summary>
public sealed record MarketHealth(
    string Exchange,
    string MarketType,
    string Status,
    IReadOnlyList<ConnectionHealth> Connections,
    IReadOnlyList<DataTypeHealth> DataTypes,
    IReadOnlyList<BookHealth> Books);

/// <summary>One connection: its state since when, the streams it carries, and why it is down.</summary>
public sealed record ConnectionHealth(string Id, string State, int SubscribedStreams, DateTimeOffset Since, string? Reason);

/// <summary>Freshness of one data type on one market.</summary>
/// <param name="LastMessageAgeSeconds">Seconds since the last record of the type; null when none has arrived yet.</param>
public sealed record DataTypeHealth(string DataType, double? LastMessageAgeSeconds, double? StaleAfterSeconds, bool Stale);

/// <summary>One order book.</summary>
public sealed record BookHealth(string Symbol, string State, long LastUpdateId);

namespace MarketPrism.Collector.Health;

/// <summary>The body of /health and /ready (serialized with snake_case names).</summary>
/// <param name="Status"><c>healthy</c>/<c>degraded</c>/<c>unhealthy</c>, or <c>ready</c>/<c>not_ready</c>.</param>
/// <param name="Reasons">Why it is unhealthy or not ready; empty when it is not.</param>
/// <param name="Markets">Per exchange and market type.</param>
/// <param name="CheckedAt">When the report was made.</param>
public sealed record HealthReport(string Status, IReadOnlyList<string> Reasons, IReadOnlyList<MarketHealth> Markets, DateTimeOffset CheckedAt)
{
    /// <summary>The scheduler's jobs: when each last ran and succeeded.</summary>
    public IReadOnlyList<JobHealth> Jobs { get; init; } = [];

    /// <summary>Why it is degraded: streams silent past their usual cadence while their connection is alive (HTTP stays 200).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
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
    IReadOnlyList<BookHealth> Books)
{
    /// <summary>The streams found stale (silent past their limit on a live connection); the others are not listed.</summary>
    public IReadOnlyList<StreamHealth> StaleStreams { get; init; } = [];
}

/// <summary>One connection: its state since when, the streams it carries, and why it is down.</summary>
public sealed record ConnectionHealth(string Id, string State, int SubscribedStreams, DateTimeOffset Since, string? Reason)
{
    /// <summary>Seconds since the connection in service last received a frame of any kind (data, heartbeat, pong, answer); null when none is in service.</summary>
    public double? LastFrameAgeSeconds { get; init; }

    /// <summary>Silence after which the connection counts as dead; null when silence cannot tell (no heartbeat the collector sees).</summary>
    public double? DeadAfterSeconds { get; init; }
}

/// <summary>Freshness of one data type on one market.</summary>
/// <param name="LastMessageAgeSeconds">Seconds since the last record of the type; null when none has arrived yet.</param>
/// <param name="StaleAfterSeconds">The type's <c>health.stale_after</c> floor; null when off.</param>
/// <param name="Stale">A stream carrying the type is stale (see <see cref="MarketHealth.StaleStreams"/>).</param>
public sealed record DataTypeHealth(string DataType, double? LastMessageAgeSeconds, double? StaleAfterSeconds, bool Stale);

/// <summary>One order book.</summary>
public sealed record BookHealth(string Symbol, string State, long LastUpdateId);

/// <summary>A stream silent past its limit while its connection is alive.</summary>
/// <param name="SilentSeconds">Since its last record (or since its connection came up, when later).</param>
/// <param name="UsualGapSeconds">The gap between its records the stall detector learned.</param>
/// <param name="StaleAfterSeconds">The limit it passed: its learned stall timeout, at least its types' <c>stale_after</c>.</param>
/// <param name="Stalls">Stalls the detector handled since its last record: 1 resubscribed it, 2 or more replaced its connection.</param>
public sealed record StreamHealth(
    string Stream, string Symbol, string Connection, double SilentSeconds, double UsualGapSeconds, double StaleAfterSeconds, int Stalls);

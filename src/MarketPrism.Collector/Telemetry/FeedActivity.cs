using MarketPrism.Core.Model;

namespace MarketPrism.Collector.Telemetry;

/// <summary>
/// How long a feed's connections and streams have been silent, read when a health report is made (never on the hot
/// path): health tells a dead connection (no frame of any kind, not even a heartbeat) from a quiet market with it.
/// </summary>
public sealed record FeedActivity(IReadOnlyList<ConnectionActivity> Connections, IReadOnlyList<StreamStatus> Streams);

/// <summary>One logical connection's liveness.</summary>
/// <param name="Id">The connection id (as in <see cref="IFeedTelemetry.ConnectionStateChanged"/>).</param>
/// <param name="SinceLastFrame">Since the socket in service last received a frame of any kind; null when none is in service.</param>
/// <param name="HeartbeatInterval">The venue's heartbeat or keep-alive answer interval; null when the application never sees one (Binance).</param>
/// <param name="CarriesRegularStream">It carries a book, quote or mark price stream, which a live venue never leaves quiet for long.</param>
public sealed record ConnectionActivity(string Id, TimeSpan? SinceLastFrame, TimeSpan? HeartbeatInterval, bool CarriesRegularStream);

/// <summary>One subscribed stream and the cadence the stall detector learned for it.</summary>
/// <param name="Stream">The venue's stream name.</param>
/// <param name="Symbol">The instrument, as logs and /health name it.</param>
/// <param name="DataTypes">The data types the stream carries.</param>
/// <param name="ConnectionId">The connection carrying it.</param>
/// <param name="ConnectionUp">That connection is in service, subscribed and receiving.</param>
/// <param name="SinceLastRecord">Since its last record; null when it has delivered none yet.</param>
/// <param name="StallTimeout">The silence after which the stall detector calls it stalled; null until its cadence is learned.</param>
/// <param name="MeanGapSeconds">Its learned usual gap between records.</param>
/// <param name="ConsecutiveStalls">Stalls the detector handled in a row without a record since (1: resubscribed, 2+: connection replaced).</param>
public sealed record StreamStatus(
    string Stream,
    string Symbol,
    IReadOnlyList<DataType> DataTypes,
    string ConnectionId,
    bool ConnectionUp,
    TimeSpan? SinceLastRecord,
    TimeSpan? StallTimeout,
    double MeanGapSeconds,
    int ConsecutiveStalls);

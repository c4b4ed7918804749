namespace MarketPrism.Exchanges.Abstractions;

/// <summary>A venue's published WebSocket limits, which the connection manager stays within.</summary>
/// <param name="MaxStreamsPerConnection">Streams one connection may carry.</param>
/// <param name="MaxClientMessagesPerSecond">Messages a client may send per second on one connection.</param>
/// <param name="MaxStreamsPerRequest">Streams the collector puts in one subscribe request.</param>
/// <param name="ConnectionLifetime">When the venue cuts a connection regardless (null: never).</param>
public sealed record VenueLimits(
    int MaxStreamsPerConnection,
    double MaxClientMessagesPerSecond,
    int MaxStreamsPerRequest,
    TimeSpan? ConnectionLifetime)
{
    /// <summary>
    /// New connections the venue accepts from one IP per <see cref="ConnectionWindow"/> (Binance: 300 per 5 minutes;
    /// OKX: 3 per second), or null when unlimited. Reconnects wait rather than exceed it.
    /// </summary>
    public int? MaxConnectionsPerWindow { get; init; }

    /// <summary>The window of <see cref="MaxConnectionsPerWindow"/>. Default: 1 second.</summary>
    public TimeSpan ConnectionWindow { get; init; } = TimeSpan.FromSeconds(1);
}

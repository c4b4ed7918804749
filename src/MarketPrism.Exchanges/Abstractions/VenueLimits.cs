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
    TimeSpan? ConnectionLifetime);

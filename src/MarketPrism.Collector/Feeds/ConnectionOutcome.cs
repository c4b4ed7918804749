namespace MarketPrism.Collector.Feeds;

/// <summary>Why a connection's receive loop ended.</summary>
/// <param name="Kind">The category.</param>
/// <param name="Detail">Human-readable detail for the log line.</param>
internal readonly record struct ConnectionOutcome(ConnectionOutcomeKind Kind, string Detail);

internal enum ConnectionOutcomeKind
{
    /// <summary>The collector closed it (shutdown or after a hand-over).</summary>
    Stopped,

    /// <summary>The server closed it.</summary>
    ClosedByServer,

    /// <summary>The socket failed (reset, protocol error).</summary>
    Failed,

    /// <summary>Nothing arrived for the no-data timeout.</summary>
    NoData,

    /// <summary>The venue sent a message over the size limit; the collector dropped the connection (bad data, not a network failure).</summary>
    FrameTooLarge,
}

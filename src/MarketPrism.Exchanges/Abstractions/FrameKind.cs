namespace MarketPrism.Exchanges.Abstractions;

/// <summary>What a received WebSocket frame turned out to be.</summary>
public enum FrameKind : byte
{
    /// <summary>Market data; zero or more records were produced.</summary>
    Data,

    /// <summary>The venue confirmed a subscribe/unsubscribe request (<see cref="FrameParseResult.RequestId"/>).</summary>
    SubscriptionAck,

    /// <summary>The venue rejected a request; <see cref="FrameParseResult.Error"/> says why.</summary>
    SubscriptionError,

    /// <summary>An application-level heartbeat or pong.</summary>
    Heartbeat,

    /// <summary>
    /// The venue asks for a sign of life and closes the connection without one (Deribit <c>test_request</c>); the
    /// runtime answers with <see cref="IExchangeVenue.BuildHeartbeatReply"/>.
    /// </summary>
    HeartbeatRequest,

    /// <summary>The venue announced it will close this connection soon (e.g. Binance <c>serverShutdown</c>).</summary>
    ServerShutdownNotice,

    /// <summary>Well-formed data of a stream the collector does not normalize (e.g. klines); counted, not an error.</summary>
    Ignored,

    /// <summary>The frame could not be parsed; <see cref="FrameParseResult.Error"/> says why.</summary>
    Malformed,
}

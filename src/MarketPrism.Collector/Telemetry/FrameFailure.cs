namespace MarketPrism.Collector.Telemetry;

/// <summary>Why a frame produced no records.</summary>
public enum FrameFailure : byte
{
    /// <summary>The frame could not be parsed.</summary>
    Malformed,

    /// <summary>The frame was larger than the WebSocket message limit; its connection was dropped.</summary>
    TooLarge,

    /// <summary>The venue rejected a subscription request.</summary>
    SubscriptionRejected,
}

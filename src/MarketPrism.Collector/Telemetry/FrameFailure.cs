namespace MarketPrism.Collector.Telemetry;

/// <summary>Why a frame produced no records.</summary>
public enum FrameFailure : byte
{
    /// <summary>The frame could not be parsed.</summary>
    Malformed,

    /// <summary>The venue rejected a subscription request.</summary>
    SubscriptionRejected,
}

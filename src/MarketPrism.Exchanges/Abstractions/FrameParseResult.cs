namespace MarketPrism.Exchanges.Abstractions;

/// <summary>The outcome of parsing one frame.</summary>
/// <param name="Kind">What the frame was.</param>
/// <param name="Error">Why the frame was rejected or malformed; null otherwise.</param>
/// <param name="RequestId">The request id an ack or error answers, when the venue echoes one.</param>
/// <param name="Stream">
/// The stream an ack or error is about, for venues that answer per channel instead of per request (OKX); the name
/// must equal <see cref="StreamSubscription.Name"/>.
/// </param>
public readonly record struct FrameParseResult(FrameKind Kind, string? Error = null, long? RequestId = null, string? Stream = null)
{
    public static FrameParseResult Data => new(FrameKind.Data);

    public static FrameParseResult Ignored => new(FrameKind.Ignored);

    public static FrameParseResult Malformed(string reason) => new(FrameKind.Malformed, reason);
}

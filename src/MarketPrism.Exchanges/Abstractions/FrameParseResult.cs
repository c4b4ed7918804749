namespace MarketPrism.Exchanges.Abstractions;

/// <summary>The outcome of parsing one frame.</summary>
/// <param name="Kind">What the frame was.</param>
/// <param name="Error">
/// Why the frame was rejected or malformed; for a data frame that skipped elements, why the last one was skipped;
/// null otherwise.
/// </param>
/// <param name="RequestId">The request id an ack or error answers, when the venue echoes one.</param>
/// <param name="Stream">
/// The stream an ack or error is about, for venues that answer per channel instead of per request (OKX); the name
/// must equal <see cref="StreamSubscription.Name"/>.
/// </param>
public readonly partial record struct FrameParseResult(FrameKind Kind, string? Error = null, long? RequestId = null, string? Stream = null)
{
    public static FrameParseResult Data => new(FrameKind.Data);

    /// <summary>
    /// Elements of a data frame that were left out while the others became records (an OKX liquidation push naming an
    /// instrument MarketPrism does not normalize); the runtime counts each as an ignored frame. Default: 0.
    /// </summary>
    public int SkippedElements { get; init; }

    /// <summary>
    /// True when this <see cref="FrameKind.SubscriptionAck"/> or <see cref="FrameKind.SubscriptionError"/> answers the
    /// oldest request still waiting on the connection. For venues that echo neither a request id nor the stream, but
    /// answer every subscribe and unsubscribe exactly once and in order (Coinbase answers each with the list of all
    /// the connection's subscriptions). Default: false. (Declared here: a partial struct keeps its fields in one declaration.)
    /// </summary>
    public bool AnswersOldestRequest { get; init; }

    public static FrameParseResult Ignored => new(FrameKind.Ignored);

    public static FrameParseResult Malformed(string reason) => new(FrameKind.Malformed, reason);

    /// <summary>A data frame that left out <paramref name="skipped"/> elements, the last one for <paramref name="reason"/>.</summary>
    public static FrameParseResult DataSkipping(int skipped, string? reason) => new(FrameKind.Data, reason) { SkippedElements = skipped };
}

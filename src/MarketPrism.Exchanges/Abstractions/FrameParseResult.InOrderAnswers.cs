namespace MarketPrism.Exchanges.Abstractions;

/// <summary>Answers of venues that echo nothing of the request they answer.</summary>
public readonly partial record struct FrameParseResult
{
    /// <summary>An acknowledgement of the oldest waiting request (<see cref="AnswersOldestRequest"/>).</summary>
    public static FrameParseResult AckOfOldestRequest => new(FrameKind.SubscriptionAck) { AnswersOldestRequest = true };

    /// <summary>A rejection of the oldest waiting request, for <paramref name="reason"/> (<see cref="AnswersOldestRequest"/>).</summary>
    public static FrameParseResult RejectionOfOldestRequest(string reason) => new(FrameKind.SubscriptionError, reason) { AnswersOldestRequest = true };
}

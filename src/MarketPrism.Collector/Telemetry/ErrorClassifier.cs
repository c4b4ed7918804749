using System.Net.Sockets;
using System.Net.WebSockets;
using MarketPrism.Collector.Connections;
using MarketPrism.Collector.Rest;
using MarketPrism.Core.Books;

namespace MarketPrism.Collector.Telemetry;

/// <summary>
/// The one place that decides which <see cref="ErrorType"/> a failure is, so metrics, logs and health agree.
/// </summary>
public static class ErrorClassifier
{
    private static readonly string[] Names = ["network", "api", "rate_limited", "data", "sequence_gap", "sink", "unknown"];

    /// <summary>All error types in label form, for creating every series up front.</summary>
    public static IReadOnlyList<string> WireNames => Names;

    public static string ToWireName(this ErrorType type) => Names[(int)type];

    public static ErrorType Classify(Exception exception) => exception switch
    {
        RestRequestException { StatusCode: { } status } => ForHttpStatus(status),
        RestRequestException => ErrorType.Network,
        FrameTooLargeException => ErrorType.Data,
        WebSocketException or SocketException or IOException or HttpRequestException or TimeoutException => ErrorType.Network,
        TaskCanceledException => ErrorType.Network,
        FormatException or System.Text.Json.JsonException => ErrorType.Data,
        _ => ErrorType.Unknown,
    };

    /// <summary>429 and 418 are the venue limiting us; every other non-success status is the venue's answer.</summary>
    public static ErrorType ForHttpStatus(int status) => status switch
    {
        429 or 418 => ErrorType.RateLimited,
        >= 400 => ErrorType.Api,
        _ => ErrorType.Unknown,
    };

    /// <summary>
    /// The error a book resync stands for, or null when the resync is routine: a snapshot older than the buffer or a
    /// lost connection (already counted as a network error) is not a new error.
    /// </summary>
    public static ErrorType? ForResync(ResyncReason reason) => reason switch
    {
        ResyncReason.Gap => ErrorType.SequenceGap,
        ResyncReason.Crossed or ResyncReason.ChecksumMismatch or ResyncReason.InvalidUpdate => ErrorType.Data,
        ResyncReason.SnapshotFailed => ErrorType.Api,
        ResyncReason.BufferOverflow => ErrorType.Unknown,
        _ => null,
    };
}

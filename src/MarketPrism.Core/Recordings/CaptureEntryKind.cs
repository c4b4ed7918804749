namespace MarketPrism.Core.Recordings;

public enum CaptureEntryKind : byte
{
    /// <summary>A WebSocket connection was opened to <see cref="CaptureEntry.Url"/>.</summary>
    Connect,

    /// <summary>A frame the client sent (a subscribe request).</summary>
    Sent,

    /// <summary>A frame the client received.</summary>
    Received,

    /// <summary>A REST response body for the request <see cref="CaptureEntry.Url"/>.</summary>
    HttpResponse,
}

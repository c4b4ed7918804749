namespace MarketPrism.Core.Recordings;

/// <summary>One line of a recorded exchange session.</summary>
/// <param name="Kind">What the line records.</param>
/// <param name="UnixSeconds">When it was recorded, or null for formats without a time (one frame per line).</param>
/// <param name="Url">The connection or request address, when the line has one.</param>
/// <param name="Payload">The raw bytes exactly as the exchange sent them (empty for <see cref="CaptureEntryKind.Connect"/>).</param>
/// <param name="LineNumber">1-based line in the source, for error messages.</param>
public readonly record struct CaptureEntry(
    CaptureEntryKind Kind,
    double? UnixSeconds,
    string? Url,
    ReadOnlyMemory<byte> Payload,
    int LineNumber);

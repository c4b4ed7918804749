namespace MarketPrism.Core.Recordings;

/// <summary>
/// One line read by <see cref="CaptureStreamReader"/>: a capture entry, a blank line, or a line rejected with the
/// reason. Every line of the input is one of these, so a reader can account for each.
/// </summary>
/// <param name="LineNumber">1-based line in the source.</param>
/// <param name="Kind">What the line turned out to be.</param>
/// <param name="Entry">The parsed line when <see cref="Kind"/> is <see cref="CaptureLineKind.Entry"/>; its payload
/// lies in the reader's buffer and is valid only until the next line is read.</param>
/// <param name="Problem">Why the line was rejected, when <see cref="Kind"/> is <see cref="CaptureLineKind.Rejected"/>.</param>
public readonly record struct CaptureLine(int LineNumber, CaptureLineKind Kind, CaptureEntry Entry, string? Problem);

public enum CaptureLineKind : byte
{
    /// <summary>A line in one of the capture formats (<see cref="CaptureLine.Entry"/>).</summary>
    Entry,

    /// <summary>An empty line or one of only spaces, tabs and a carriage return.</summary>
    Blank,

    /// <summary>A line that is not text (invalid UTF-8) or longer than the limit (<see cref="CaptureLine.Problem"/>).</summary>
    Rejected,
}

using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace MarketPrism.Core.Recordings;

/// <summary>
/// Reads recorded sessions line by line. It understands, per line, whichever of these it finds:
/// <list type="bullet">
/// <item>cryptofeed's raw capture: <c>&lt;url&gt; &lt;-&gt; &lt;ts&gt;</c> (connect), <c>&lt;url&gt; &lt;- &lt;ts&gt;: &lt;json&gt;</c> (sent),
/// <c>&lt;ts&gt;: &lt;json&gt;</c> (received), <c>&lt;url&gt; -&gt; &lt;ts&gt;: &lt;json&gt;</c> (REST response);</item>
/// <item>one raw JSON frame per line (NDJSON: Bybit history files, tardis-node test messages, <c>normalize</c> input);</item>
/// <item>hftbacktest's collector capture: <c>&lt;receive time, integer ns since the epoch&gt; &lt;json&gt;</c> (the
/// Hyperliquid session under <c>recordings/hyperliquid/</c>);</item>
/// <item>a frame wrapped with its direction, <c>{"direction":"sent"|"received","frame":&lt;json&gt;}</c> (JKorf's
/// subscription test files: the request and the venue's answers).</item>
/// </list>
/// Blank lines are skipped. A line that fits none of these is returned as <see cref="CaptureEntryKind.Received"/>
/// with its whole text as payload, so the parser, not the reader, reports it. These methods read trusted recordings
/// held in memory; untrusted input of any size (<c>normalize</c>) is read with <see cref="CaptureStreamReader"/>.
/// </summary>
public static class CaptureReader
{
    private static readonly byte[] ConnectMarker = " <-> "u8.ToArray();
    private static readonly byte[] SentMarker = " <- "u8.ToArray();
    private static readonly byte[] HttpMarker = " -> "u8.ToArray();
    private static readonly byte[] TimeSeparator = ": "u8.ToArray();
    private static readonly byte[] DirectionPrefix = "{\"direction\":"u8.ToArray();

    public static IEnumerable<CaptureEntry> ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ReadLines(File.ReadAllBytes(path));
    }

    public static IEnumerable<CaptureEntry> ReadLines(ReadOnlyMemory<byte> content)
    {
        var lineNumber = 0;
        var start = 0;
        while (start < content.Length)
        {
            var span = content.Span[start..];
            var newline = span.IndexOf((byte)'\n');
            var length = newline < 0 ? span.Length : newline;
            var line = content.Slice(start, length);
            start += newline < 0 ? span.Length : newline + 1;
            lineNumber++;

            var trimmed = TrimEnd(line);
            if (trimmed.IsEmpty)
            {
                continue;
            }

            yield return ParseLine(trimmed, lineNumber);
        }
    }

    public static CaptureEntry ParseLine(ReadOnlyMemory<byte> line, int lineNumber)
    {
        var span = line.Span;
        if (span.Length > 0 && (span[0] == (byte)'{' || span[0] == (byte)'['))
        {
            return span.StartsWith(DirectionPrefix) && TryDirectedFrame(line, lineNumber, out var directed)
                ? directed
                : new CaptureEntry(CaptureEntryKind.Received, null, null, line, lineNumber);
        }

        if (TryNanosecondLine(line, lineNumber, out var timed))
        {
            return timed;
        }

        // "<ts>: <json>" — the timestamp is a plain number.
        var colon = span.IndexOf(TimeSeparator);
        if (colon > 0 && Utf8Parser.TryParse(span[..colon], out double received, out var consumed) && consumed == colon)
        {
            return new CaptureEntry(CaptureEntryKind.Received, received, null, line[(colon + TimeSeparator.Length)..], lineNumber);
        }

        // URLs contain no spaces, so the first " " ends the address.
        var space = span.IndexOf((byte)' ');
        if (space > 0)
        {
            var url = Encoding.UTF8.GetString(span[..space]);
            var rest = span[space..];
            if (rest.StartsWith(ConnectMarker) && Utf8Parser.TryParse(rest[ConnectMarker.Length..], out double connected, out _))
            {
                return new CaptureEntry(CaptureEntryKind.Connect, connected, url, ReadOnlyMemory<byte>.Empty, lineNumber);
            }

            if (TryTimedPayload(line, space, SentMarker, out var sentAt, out var sent))
            {
                return new CaptureEntry(CaptureEntryKind.Sent, sentAt, url, sent, lineNumber);
            }

            if (TryTimedPayload(line, space, HttpMarker, out var respondedAt, out var body))
            {
                return new CaptureEntry(CaptureEntryKind.HttpResponse, respondedAt, url, body, lineNumber);
            }
        }

        return new CaptureEntry(CaptureEntryKind.Received, null, null, line, lineNumber);
    }

    /// <summary>
    /// <c>&lt;digits&gt; &lt;json&gt;</c>: a receive time as an integer (nanoseconds since the epoch in hftbacktest's
    /// captures; microseconds, milliseconds or seconds are told apart by size) and the frame.
    /// </summary>
    private static bool TryNanosecondLine(ReadOnlyMemory<byte> line, int lineNumber, out CaptureEntry entry)
    {
        entry = default;
        var span = line.Span;
        var space = span.IndexOf((byte)' ');
        if (space <= 0 || space + 1 >= span.Length || (span[space + 1] != (byte)'{' && span[space + 1] != (byte)'[')
            || !Utf8Parser.TryParse(span[..space], out long stamp, out var consumed) || consumed != space || stamp <= 0)
        {
            return false;
        }

        double seconds = stamp switch
        {
            > 100_000_000_000_000_000 => stamp / 1e9,
            > 100_000_000_000_000 => stamp / 1e6,
            > 100_000_000_000 => stamp / 1e3,
            _ => stamp,
        };
        entry = new CaptureEntry(CaptureEntryKind.Received, seconds, null, line[(space + 1)..], lineNumber);
        return true;
    }

    /// <summary><c>{"direction":"sent"|"received","frame":…}</c>: the frame's own bytes, sent or received; false for anything else.</summary>
    private static bool TryDirectedFrame(ReadOnlyMemory<byte> line, int lineNumber, out CaptureEntry entry)
    {
        entry = default;
        try
        {
            var reader = new Utf8JsonReader(line.Span);
            reader.Read();
            CaptureEntryKind? kind = null;
            Range frame = default;
            var hasFrame = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isDirection = reader.ValueTextEquals("direction"u8);
                var isFrame = reader.ValueTextEquals("frame"u8);
                reader.Read();
                if (isDirection && reader.TokenType == JsonTokenType.String)
                {
                    kind = reader.ValueTextEquals("sent"u8) ? CaptureEntryKind.Sent : reader.ValueTextEquals("received"u8) ? CaptureEntryKind.Received : null;
                }
                else if (isFrame)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    frame = start..(int)reader.BytesConsumed;
                    hasFrame = true;
                }
                else
                {
                    reader.Skip();
                }
            }

            if (kind is not { } found || !hasFrame)
            {
                return false;
            }

            entry = new CaptureEntry(found, null, null, line[frame], lineNumber);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryTimedPayload(ReadOnlyMemory<byte> line, int space, byte[] marker, out double unixSeconds, out ReadOnlyMemory<byte> payload)
    {
        unixSeconds = 0;
        payload = default;
        var rest = line.Span[space..];
        if (!rest.StartsWith(marker))
        {
            return false;
        }

        var afterMarker = rest[marker.Length..];
        var colon = afterMarker.IndexOf(TimeSeparator);
        if (colon <= 0 || !Utf8Parser.TryParse(afterMarker[..colon], out unixSeconds, out var consumed) || consumed != colon)
        {
            return false;
        }

        payload = line[(space + marker.Length + colon + TimeSeparator.Length)..];
        return true;
    }

    /// <summary>The line without the trailing carriage return, spaces and tabs.</summary>
    internal static ReadOnlyMemory<byte> TrimEnd(ReadOnlyMemory<byte> line)
    {
        var span = line.Span;
        var end = span.Length;
        while (end > 0 && (span[end - 1] == (byte)'\r' || span[end - 1] == (byte)' ' || span[end - 1] == (byte)'\t'))
        {
            end--;
        }

        return line[..end];
    }
}

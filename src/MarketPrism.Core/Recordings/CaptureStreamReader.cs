using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using MarketPrism.Core.Configuration;

namespace MarketPrism.Core.Recordings;

/// <summary>
/// Reads a capture (any format <see cref="CaptureReader"/> understands) from a stream of bytes, one line at a time,
/// without decoding it to text: each line is handed out as a slice of one pooled buffer, so a frame is parsed in
/// place and nothing is allocated per line. It never repairs input: a line that is not valid UTF-8 is rejected with
/// the position of the first bad byte (a decoding reader would have replaced it with U+FFFD and let the damaged frame
/// through), and a line longer than the limit is rejected and read past, never held whole (memory stays at about the
/// limit however long the line is).
/// </summary>
public static class CaptureStreamReader
{
    /// <summary>16 MiB: a hundred times the largest frame in the recorded sessions (a 5,000-level REST depth response is about 250 KB).</summary>
    public const int DefaultMaxLineBytes = 16 * 1024 * 1024;

    /// <summary>The largest limit accepted: 1 GiB, which an array (and the buffer pool) can still hold.</summary>
    public const int MaxLineBytesLimit = 1024 * 1024 * 1024;

    private const int InitialBufferBytes = 64 * 1024;

    /// <summary>Reads the lines of <paramref name="stream"/> until its end. The stream is left open.</summary>
    /// <param name="maxLineBytes">Longest line accepted, in bytes, without its line break.</param>
    public static async IAsyncEnumerable<CaptureLine> ReadAsync(
        Stream stream,
        int maxLineBytes = DefaultMaxLineBytes,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxLineBytes, MaxLineBytesLimit);

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferBytes, maxLineBytes + 1));
        try
        {
            // buffer[start..end] holds bytes not yet handed out; buffer[start..start+scanned] has no line break.
            int start = 0, end = 0, scanned = 0, lineNumber = 0;
            var endOfStream = false;
            while (true)
            {
                var newline = buffer.AsSpan(start + scanned, end - start - scanned).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    var length = scanned + newline;
                    lineNumber = Next(lineNumber);
                    yield return length > maxLineBytes
                        ? TooLong(lineNumber, length, maxLineBytes)
                        : Classify(buffer.AsMemory(start, length), lineNumber);
                    start += length + 1;
                    scanned = 0;
                    continue;
                }

                scanned = end - start;
                if (scanned > maxLineBytes)
                {
                    // Too long already: drop what is buffered and read on to the next line break, keeping only the count.
                    lineNumber = Next(lineNumber);
                    long skipped = scanned;
                    start = end = scanned = 0;
                    while (true)
                    {
                        var read = await stream.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                        if (read == 0)
                        {
                            endOfStream = true;
                            break;
                        }

                        var lineBreak = buffer.AsSpan(0, read).IndexOf((byte)'\n');
                        if (lineBreak >= 0)
                        {
                            skipped += lineBreak;
                            start = lineBreak + 1;
                            end = read;
                            break;
                        }

                        skipped += read;
                    }

                    yield return TooLong(lineNumber, skipped, maxLineBytes);
                    continue;
                }

                if (endOfStream)
                {
                    // The last line may end without a line break.
                    if (scanned > 0)
                    {
                        lineNumber = Next(lineNumber);
                        yield return Classify(buffer.AsMemory(start, scanned), lineNumber);
                    }

                    yield break;
                }

                // Make room for more of the current line: move it to the front, and grow the buffer when the line
                // fills it (up to the limit and one byte for its line break; never further, checked above).
                if (start > 0)
                {
                    buffer.AsSpan(start, scanned).CopyTo(buffer);
                    start = 0;
                    end = scanned;
                }

                if (end == buffer.Length)
                {
                    Debug.Assert(buffer.Length <= maxLineBytes, "a full buffer holds at most the limit (checked above)");
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(2L * buffer.Length, maxLineBytes + 1L));
                    buffer.AsSpan(0, end).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var count = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                if (count == 0)
                {
                    endOfStream = true;
                }

                end += count;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A line's number, saturating rather than wrapping on a capture of more than 2^31 lines.</summary>
    private static int Next(int lineNumber) => lineNumber == int.MaxValue ? int.MaxValue : lineNumber + 1;

    private static CaptureLine Classify(ReadOnlyMemory<byte> line, int lineNumber)
    {
        // A byte-order mark before the first line is an encoding marker, not part of the frame.
        if (lineNumber == 1 && line.Span.StartsWith("\uFEFF"u8))
        {
            line = line[3..];
        }

        line = CaptureReader.TrimEnd(line);
        if (line.IsEmpty)
        {
            return new CaptureLine(lineNumber, CaptureLineKind.Blank, default, null);
        }

        if (!Utf8.IsValid(line.Span))
        {
            return new CaptureLine(lineNumber, CaptureLineKind.Rejected, default, DescribeInvalidUtf8(line.Span));
        }

        return new CaptureLine(lineNumber, CaptureLineKind.Entry, CaptureReader.ParseLine(line, lineNumber), null);
    }

    private static CaptureLine TooLong(int lineNumber, long length, int maxLineBytes)
    {
        // 16MB, 512KB; a limit that is no whole number of kilobytes prints as a count that needs its unit.
        var limit = new ByteSize(maxLineBytes).ToString();
        limit = char.IsAsciiDigit(limit[^1]) ? limit + " bytes" : limit;
        return new(lineNumber, CaptureLineKind.Rejected, default, string.Create(CultureInfo.InvariantCulture, $"{length:N0} bytes, longer than the line limit ({limit}); skipped"));
    }

    private static string DescribeInvalidUtf8(ReadOnlySpan<byte> line)
    {
        var offset = 0;
        while (Rune.DecodeFromUtf8(line[offset..], out _, out var consumed) == OperationStatus.Done)
        {
            offset += consumed;
        }

        Debug.Assert(offset < line.Length, "Utf8.IsValid found an invalid sequence");
        return string.Create(CultureInfo.InvariantCulture, $"not valid UTF-8: the sequence at byte {offset + 1} of the line (0x{line[offset]:X2}) is invalid; the line is skipped, not repaired");
    }
}

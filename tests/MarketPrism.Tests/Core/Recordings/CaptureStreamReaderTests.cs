using System.Text;
using MarketPrism.Core.Recordings;

namespace MarketPrism.Tests.Core.Recordings;

public sealed class CaptureStreamReaderTests
{
    private static async Task<List<(int Line, CaptureLineKind Kind, string Text)>> ReadAllAsync(Stream stream, int maxLineBytes)
    {
        var lines = new List<(int, CaptureLineKind, string)>();
        await foreach (var line in CaptureStreamReader.ReadAsync(stream, maxLineBytes, TestContext.Current.CancellationToken))
        {
            // The payload is only valid until the next line is read, so it is copied here.
            lines.Add((line.LineNumber, line.Kind, line.Kind == CaptureLineKind.Rejected ? line.Problem! : Encoding.UTF8.GetString(line.Entry.Payload.Span)));
        }

        return lines;
    }

    [Fact]
    public async Task Lines_split_at_line_feeds_whatever_the_read_sizes_and_the_last_line_needs_no_line_break()
    {
        var text = "{\"a\":1}\r\n\n{\"b\":2}  \n" + new string('x', 300) + "\n{\"c\":3}";

        // One byte per read: every line crosses reads, and the buffer is compacted and grown along the way.
        var lines = await ReadAllAsync(new TrickleStream(Encoding.UTF8.GetBytes(text), chunk: 1), maxLineBytes: 1000);

        Assert.Equal(
            [
                (1, CaptureLineKind.Entry, "{\"a\":1}"),
                (2, CaptureLineKind.Blank, ""),
                (3, CaptureLineKind.Entry, "{\"b\":2}"),
                (4, CaptureLineKind.Entry, new string('x', 300)),
                (5, CaptureLineKind.Entry, "{\"c\":3}"),
            ],
            lines);
    }

    [Fact]
    public async Task A_line_of_exactly_the_limit_is_read_and_one_byte_more_is_rejected()
    {
        var text = new string('a', 100) + "\n" + new string('b', 101) + "\n" + new string('c', 101);

        var lines = await ReadAllAsync(new TrickleStream(Encoding.UTF8.GetBytes(text), chunk: 7), maxLineBytes: 100);

        Assert.Equal((1, CaptureLineKind.Entry, new string('a', 100)), lines[0]);
        Assert.Equal((2, CaptureLineKind.Rejected, "101 bytes, longer than the line limit (100 bytes); skipped"), lines[1]);
        Assert.Equal((3, CaptureLineKind.Rejected, "101 bytes, longer than the line limit (100 bytes); skipped"), lines[2]);
        Assert.Equal(3, lines.Count);
    }

    [Fact]
    public async Task An_over_long_line_is_read_past_without_being_held_in_memory()
    {
        const long length = 256L * 1024 * 1024;
        var after = Encoding.UTF8.GetBytes("\n{\"after\":1}\n");
        using var stream = new GeneratedLineStream(length, after);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        // The stream completes every read synchronously, so the whole read runs on this thread and its allocations
        // are counted here.
        var lines = await ReadAllAsync(stream, maxLineBytes: 64 * 1024);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.Equal((1, CaptureLineKind.Rejected, $"{length:N0} bytes, longer than the line limit (64KB); skipped"), lines[0]);
        Assert.Equal((2, CaptureLineKind.Entry, "{\"after\":1}"), lines[1]);
        Assert.True(allocated < 4 * 1024 * 1024, $"reading past a 256 MB line allocated {allocated:N0} bytes");
    }

    [Fact]
    public async Task A_byte_order_mark_before_the_first_line_is_not_part_of_the_frame()
    {
        var lines = await ReadAllAsync(new MemoryStream([0xEF, 0xBB, 0xBF, .. "{\"a\":1}\n"u8]), maxLineBytes: 100);

        Assert.Equal((1, CaptureLineKind.Entry, "{\"a\":1}"), Assert.Single(lines));
    }

    [Theory]
    [InlineData(new byte[] { 0x7B, 0xFF, 0x7D }, 2, 0xFF)]
    [InlineData(new byte[] { 0x7B, 0x22, 0xE2, 0x82, 0x22, 0x7D }, 3, 0xE2)] // a three-byte sequence cut short
    [InlineData(new byte[] { 0x7B, 0xED, 0xA0, 0x80, 0x7D }, 2, 0xED)] // an encoded UTF-16 surrogate
    public async Task Invalid_utf8_is_rejected_at_the_first_bad_sequence(byte[] line, int position, int value)
    {
        var lines = await ReadAllAsync(new MemoryStream(line), maxLineBytes: 100);

        Assert.Equal(
            (1, CaptureLineKind.Rejected, $"not valid UTF-8: the sequence at byte {position} of the line (0x{value:X2}) is invalid; the line is skipped, not repaired"),
            Assert.Single(lines));
    }

    [Fact]
    public async Task Capture_formats_are_recognized_as_the_in_memory_reader_does()
    {
        var text = "wss://x/ws <-> 1626916403.1\n1626916403.25: {\"a\":1}\nhttps://x/api/v3/depth?symbol=BTCUSDT -> 1626916404: {\"b\":2}\n";
        var entries = new List<(CaptureEntryKind, double?, string?)>();

        await foreach (var line in CaptureStreamReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), cancellationToken: TestContext.Current.CancellationToken))
        {
            entries.Add((line.Entry.Kind, line.Entry.UnixSeconds, line.Entry.Url));
        }

        Assert.Equal(
            [
                (CaptureEntryKind.Connect, 1626916403.1, "wss://x/ws"),
                (CaptureEntryKind.Received, 1626916403.25, null),
                (CaptureEntryKind.HttpResponse, 1626916404, "https://x/api/v3/depth?symbol=BTCUSDT"),
            ],
            entries);
    }

    /// <summary>Hands out its bytes a few at a time, as a pipe does.</summary>
    private sealed class TrickleStream(byte[] content, int chunk) : MemoryStream(content)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(chunk, buffer.Length)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));
    }

    /// <summary>One line of <c>length</c> bytes of <c>x</c>, made up as it is read (no array holds it), then <c>after</c>.</summary>
    private sealed class GeneratedLineStream(long length, byte[] after) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length + after.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(Span<byte> buffer)
        {
            var count = 0;
            while (count < buffer.Length && _position < Length)
            {
                if (_position < length)
                {
                    var run = (int)Math.Min(buffer.Length - count, length - _position);
                    buffer.Slice(count, run).Fill((byte)'x');
                    count += run;
                    _position += run;
                }
                else
                {
                    buffer[count++] = after[_position++ - length];
                }
            }

            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

using System.Buffers;

namespace MarketPrism.Sinks.FileStore;

/// <summary>One line of a JSON-lines file, without its <c>\n</c>.</summary>
/// <param name="Text">The line's bytes; valid only until the reader moves on.</param>
/// <param name="Number">1-based line number.</param>
/// <param name="End">Offset just past the line (and its <c>\n</c>, when terminated).</param>
/// <param name="Terminated">False for a last line without <c>\n</c>: what a write cut short by a crash leaves.</param>
internal readonly record struct RecordLine(ReadOnlyMemory<byte> Text, long Number, long End, bool Terminated);

/// <summary>Streams the lines of a JSON-lines file (journal, jsonl data) without loading the file.</summary>
internal static class RecordLineReader
{
    public static async IAsyncEnumerable<RecordLine> ReadAsync(
        string path,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            var start = 0;
            var end = 0;
            long offset = 0;
            long number = 0;
            while (true)
            {
                var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    number++;
                    offset += newline + 1;
                    yield return new RecordLine(buffer.AsMemory(start, newline), number, offset, Terminated: true);
                    start += newline + 1;
                    continue;
                }

                // No complete line left in the buffer: keep the partial one, make room, read more.
                if (start > 0)
                {
                    Array.Copy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }

                if (end == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Array.Copy(buffer, larger, end);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
                if (read == 0)
                {
                    if (end > 0)
                    {
                        number++;
                        yield return new RecordLine(buffer.AsMemory(0, end), number, offset + end, Terminated: false);
                    }

                    yield break;
                }

                end += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

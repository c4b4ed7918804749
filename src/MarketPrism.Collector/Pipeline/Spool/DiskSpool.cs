using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using MarketPrism.Collector.Configuration;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;

namespace MarketPrism.Collector.Pipeline.Spool;

/// <summary>
/// One sink's on-disk queue of batches, oldest first, bounded in size and kept across restarts.
/// <para>
/// Layout: segment files <c>{id:D20}.spool</c> in the directory, read in id order, each a sequence of frames; a frame
/// is one batch: a 16-byte header (magic <c>MPSB</c>, payload length, record count, CRC-32 of the payload, all
/// little-endian) and the records as JSON lines in microsecond form (<see cref="RecordJsonWriter"/>). New batches are
/// appended to the last segment, which rolls at about a sixteenth of the size limit. <c>cursor</c> holds where the
/// undelivered part of the first segment starts; a segment is deleted once delivered. A torn frame at the end (the
/// process was killed while appending) is cut off on open; a damaged frame elsewhere ends its segment, and the
/// records after it are counted as lost.
/// </para>
/// <para>
/// Delivery is at least once: a batch delivered just before a crash, whose cursor update did not reach the disk, is
/// delivered again after the restart (the sinks drop such copies by record key). Not thread-safe: the owner serializes
/// every call. Holds an exclusive lock on the directory while open.
/// </para>
/// </summary>
internal sealed class DiskSpool : IDisposable
{
    public const string SegmentExtension = ".spool";
    public const string CursorFileName = "cursor";
    private const string LockFileName = ".lock";
    private const uint Magic = 0x4253_504D; // "MPSB" read as little-endian bytes
    private const int HeaderSize = 16;
    private const long FirstSegmentId = 1_000_000_000_000;
    private const long MinSegmentBytes = 64 * 1024;
    private const long MaxSegmentBytes = 64L * 1024 * 1024;

    private readonly string _directory;
    private readonly long _maxBytes;
    private readonly long _segmentBytes;
    private readonly SpoolFullPolicy _policy;
    private readonly Action<long, string> _onDropped;
    private readonly List<Segment> _segments = [];
    private readonly FileStream _lock;
    private readonly ArrayBufferWriter<byte> _frame = new(64 * 1024);
    private readonly Utf8JsonWriter _json;
    private readonly RecordJsonReader _reader = new();
    private FileStream? _tail;
    private long _cursor;
    private long _cursorRecords;
    private long _cursorFrames;
    private SpoolRead? _inFlight;

    private DiskSpool(string directory, long maxBytes, SpoolFullPolicy policy, Action<long, string> onDropped, FileStream lockFile)
    {
        _directory = directory;
        _maxBytes = maxBytes;
        _segmentBytes = Math.Clamp(maxBytes / 16, MinSegmentBytes, MaxSegmentBytes);
        _policy = policy;
        _onDropped = onDropped;
        _lock = lockFile;
        _json = new Utf8JsonWriter(_frame);
    }

    /// <summary>Batches not yet delivered.</summary>
    public long Batches { get; private set; }

    /// <summary>Records not yet delivered.</summary>
    public long Records { get; private set; }

    /// <summary>Bytes the segment files take on disk (delivered frames of the first segment included until it is deleted).</summary>
    public long Bytes { get; private set; }

    public bool IsEmpty => Batches == 0;

    /// <summary>What <see cref="Open"/> found: torn or damaged bytes cut off.</summary>
    public long DiscardedBytesOnOpen { get; private set; }

    public string Directory => _directory;

    /// <summary>
    /// Opens (creating) the spool in <paramref name="directory"/> and indexes what a previous run left there.
    /// <paramref name="onDropped"/> is told about every record the spool discards (full policy, damage) with the reason.
    /// </summary>
    public static DiskSpool Open(string directory, long maxBytes, SpoolFullPolicy policy, Action<long, string> onDropped)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        System.IO.Directory.CreateDirectory(directory);
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"The spool directory {directory} is in use by another collector. Give each collector its own sinks.spool.directory.", ex);
        }

        var spool = new DiskSpool(directory, maxBytes, policy, onDropped, lockFile);
        try
        {
            spool.Load();
        }
        catch
        {
            spool.Dispose();
            throw;
        }

        return spool;
    }

    /// <summary>
    /// Appends <paramref name="batch"/> after everything spooled. When it does not fit, the policy decides: drop_oldest
    /// deletes the oldest segments until it fits, drop_newest discards it, block returns
    /// <see cref="SpoolAppendResult.Full"/> and changes nothing.
    /// </summary>
    public SpoolAppendResult Append(IReadOnlyList<MarketRecord> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var frame = Encode(batch);
        if (Bytes + frame.Length > _maxBytes)
        {
            switch (_policy)
            {
                case SpoolFullPolicy.Block:
                    return SpoolAppendResult.Full;
                case SpoolFullPolicy.DropNewest:
                    _onDropped(batch.Count, "spool full (drop_newest): the new batch was discarded");
                    return SpoolAppendResult.Dropped;
                default:
                    while (Bytes + frame.Length > _maxBytes && _segments.Count > 0)
                    {
                        DropOldestSegment("spool full (drop_oldest): the oldest segment was deleted");
                    }

                    if (Bytes + frame.Length > _maxBytes)
                    {
                        _onDropped(batch.Count, "a single batch is larger than sinks.spool.max_size");
                        return SpoolAppendResult.Dropped;
                    }

                    break;
            }
        }

        if (_tail is null || _segments[^1].Length >= _segmentBytes)
        {
            StartSegment(_segments.Count == 0 ? FirstSegmentId : _segments[^1].Id + 1, append: true);
        }

        var segment = _segments[^1];
        _tail!.Write(frame.Span);
        _tail.Flush();
        segment.Length += frame.Length;
        segment.Records += batch.Count;
        segment.Frames++;
        Bytes += frame.Length;
        Records += batch.Count;
        Batches++;
        return SpoolAppendResult.Appended;
    }

    /// <summary>
    /// Puts <paramref name="batches"/> (in order) in front of everything spooled: for batches that were older than the
    /// spool's content but still in memory when the sink failed or the process stopped. Ignores the size limit: these
    /// records were already accepted and in memory.
    /// </summary>
    public void Prepend(IReadOnlyList<IReadOnlyList<MarketRecord>> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        if (batches.Count == 0)
        {
            return;
        }

        if (_cursor > 0)
        {
            // The owner only prepends while nothing of the spool was delivered yet; if that ever breaks, keep the
            // records (out of order) rather than losing them.
            foreach (var batch in batches)
            {
                AppendUnbounded(batch);
            }

            return;
        }

        var id = _segments.Count == 0 ? FirstSegmentId : _segments[0].Id - 1;
        var path = SegmentPath(id);
        var segment = new Segment(id, path);
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
        {
            foreach (var batch in batches)
            {
                var frame = Encode(batch);
                stream.Write(frame.Span);
                segment.Length += frame.Length;
                segment.Records += batch.Count;
                segment.Frames++;
            }

            stream.Flush();
        }

        _segments.Insert(0, segment);
        Bytes += segment.Length;
        Records += segment.Records;
        Batches += segment.Frames;
        WriteCursor();
    }

    /// <summary>
    /// Reads the oldest undelivered batches, whole frames up to about <paramref name="maxRecords"/> records and
    /// <paramref name="maxBytes"/> bytes of spooled frames (at least one frame; never past the end of the first segment),
    /// without removing them: <see cref="Acknowledge"/> does that once they are delivered. Null when empty.
    /// </summary>
    public SpoolRead? ReadOldest(int maxRecords, long maxBytes = long.MaxValue)
    {
        while (_segments.Count > 0)
        {
            var head = _segments[0];
            if (_cursor >= head.Length)
            {
                RemoveHead();
                continue;
            }

            var records = new List<MarketRecord>();
            var offset = _cursor;
            var frames = 0;
            using (var stream = new FileStream(head.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1))
            {
                stream.Position = offset;
                while (offset < head.Length && (frames == 0 || (records.Count < maxRecords && offset - _cursor < maxBytes)))
                {
                    var payload = ReadFrame(stream, head.Length - offset, out var count);
                    if (payload is null)
                    {
                        break;
                    }

                    try
                    {
                        DecodeInto(payload, count, records);
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(payload.Array);
                    }

                    offset += HeaderSize + payload.Length;
                    frames++;
                }
            }

            if (frames == 0)
            {
                // Damage found after the spool was opened (the disk changed under us): the rest of this segment is lost.
                _onDropped(head.Records - _cursorRecords, $"damaged spool frame in {head.Path} at byte {offset}");
                RemoveHead();
                continue;
            }

            var read = new SpoolRead(head.Id, offset, frames, records);
            _inFlight = read;
            return read;
        }

        return null;
    }

    /// <summary>
    /// Appends batches that were already accepted (they were in memory, behind everything spooled) after everything
    /// spooled, whatever the size limit: like <see cref="Prepend"/>, discarding them would lose records already taken.
    /// </summary>
    public void AppendAccepted(IReadOnlyList<IReadOnlyList<MarketRecord>> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        foreach (var batch in batches)
        {
            AppendUnbounded(batch);
        }
    }

    /// <summary>True while the frames of <paramref name="read"/> are still in the spool (not delivered, not dropped).</summary>
    public bool Holds(SpoolRead read)
    {
        ArgumentNullException.ThrowIfNull(read);
        return _segments.Count > 0 && _segments[0].Id == read.SegmentId && read.EndOffset > _cursor;
    }

    /// <summary>Marks <paramref name="read"/> delivered; its frames are never handed out again.</summary>
    public void Acknowledge(SpoolRead read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (ReferenceEquals(_inFlight, read))
        {
            _inFlight = null;
        }

        if (_segments.Count == 0 || _segments[0].Id != read.SegmentId || read.EndOffset <= _cursor)
        {
            // Its segment was dropped by the full policy while the read was being delivered.
            return;
        }

        var head = _segments[0];
        _cursor = read.EndOffset;
        _cursorRecords += read.Records.Count;
        _cursorFrames += read.Frames;
        Records -= read.Records.Count;
        Batches -= read.Frames;
        if (_cursor >= head.Length)
        {
            RemoveHead();
        }
        else
        {
            WriteCursor();
        }
    }

    public void Dispose()
    {
        _tail?.Dispose();
        _tail = null;
        _json.Dispose();
        _lock.Dispose();
    }

    private void Load()
    {
        foreach (var path in System.IO.Directory.GetFiles(_directory, "*" + SegmentExtension))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                _segments.Add(new Segment(id, path));
            }
        }

        _segments.Sort((a, b) => a.Id.CompareTo(b.Id));
        var (cursorSegment, cursorOffset) = ReadCursor();
        for (var i = 0; i < _segments.Count; i++)
        {
            Scan(_segments[i], isLast: i == _segments.Count - 1);
        }

        _segments.RemoveAll(segment =>
        {
            if (segment.Frames > 0)
            {
                return false;
            }

            File.Delete(segment.Path);
            return true;
        });

        if (_segments.Count > 0 && _segments[0].Id == cursorSegment && _segments[0].FrameEnds.Contains(cursorOffset))
        {
            _cursor = cursorOffset;
            _cursorFrames = _segments[0].FrameEnds.IndexOf(cursorOffset) + 1;
            _cursorRecords = _segments[0].RecordsBefore((int)_cursorFrames);
            Records -= _cursorRecords;
            Batches -= _cursorFrames;
        }

        if (_segments.Count > 0 && _cursor >= _segments[0].Length)
        {
            RemoveHead();
        }

        foreach (var segment in _segments)
        {
            segment.FrameEnds.Clear();
            segment.FrameRecords.Clear();
        }
    }

    /// <summary>Indexes a segment's frames; cuts off a torn or damaged end.</summary>
    private void Scan(Segment segment, bool isLast)
    {
        long offset = 0;
        using (var stream = new FileStream(segment.Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1))
        {
            var length = stream.Length;
            while (offset < length)
            {
                var payload = ReadFrame(stream, length - offset, out var count);
                if (payload is null)
                {
                    break;
                }

                ArrayPool<byte>.Shared.Return(payload.Array);
                offset += HeaderSize + payload.Length;
                segment.Frames++;
                segment.Records += count;
                segment.FrameEnds.Add(offset);
                segment.FrameRecords.Add(count);
            }

            segment.Length = offset;
            if (offset < length)
            {
                DiscardedBytesOnOpen += length - offset;
                if (!isLast)
                {
                    _onDropped(0, $"damaged spool frame in {segment.Path} at byte {offset}; {length - offset} bytes after it could not be read");
                }
            }
        }

        if (segment.Length < new FileInfo(segment.Path).Length)
        {
            using var truncate = new FileStream(segment.Path, FileMode.Open, FileAccess.Write, FileShare.None);
            truncate.SetLength(segment.Length);
        }

        Bytes += segment.Length;
        Records += segment.Records;
        Batches += segment.Frames;
    }

    /// <summary>Reads one frame's payload into a rented array; null when the header or payload is torn or damaged.</summary>
    private static PooledPayload? ReadFrame(FileStream stream, long available, out int records)
    {
        records = 0;
        if (available < HeaderSize)
        {
            return null;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        stream.ReadExactly(header);
        var length = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic || length < 0 || length > available - HeaderSize)
        {
            return null;
        }

        var array = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        stream.ReadExactly(array, 0, length);
        if (Crc32.Compute(array.AsSpan(0, length)) != BinaryPrimitives.ReadUInt32LittleEndian(header[12..]))
        {
            ArrayPool<byte>.Shared.Return(array);
            return null;
        }

        records = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        return new PooledPayload(array, length);
    }

    private void DecodeInto(PooledPayload payload, int count, List<MarketRecord> records)
    {
        var span = payload.Array.AsSpan(0, payload.Length);
        var read = 0;
        while (span.Length > 0)
        {
            var end = span.IndexOf((byte)'\n');
            var line = end < 0 ? span : span[..end];
            if (line.Length > 0)
            {
                records.Add(_reader.Read(line));
                read++;
            }

            span = end < 0 ? [] : span[(end + 1)..];
        }

        if (read != count)
        {
            throw new InvalidDataException($"A spool frame announced {count} records but holds {read}.");
        }
    }

    private ReadOnlyMemory<byte> Encode(IReadOnlyList<MarketRecord> batch)
    {
        _frame.ResetWrittenCount();
        _frame.GetSpan(HeaderSize)[..HeaderSize].Clear();
        _frame.Advance(HeaderSize);
        foreach (var record in batch)
        {
            _json.Reset(_frame);
            RecordJsonWriter.Write(_json, record, TimestampPrecision.Microseconds);
            _json.Flush();
            _frame.Write("\n"u8);
        }

        // The buffer may have grown (and moved) while the payload was written: fill in the header last.
        var written = _frame.WrittenMemory;
        var header = System.Runtime.InteropServices.MemoryMarshal.AsMemory(written).Span;
        var payload = written.Span[HeaderSize..];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], payload.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], batch.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], Crc32.Compute(payload));
        return written;
    }

    private void AppendUnbounded(IReadOnlyList<MarketRecord> batch)
    {
        if (_tail is null || _segments[^1].Length >= _segmentBytes)
        {
            StartSegment(_segments.Count == 0 ? FirstSegmentId : _segments[^1].Id + 1, append: true);
        }

        var frame = Encode(batch);
        var segment = _segments[^1];
        _tail!.Write(frame.Span);
        _tail.Flush();
        segment.Length += frame.Length;
        segment.Records += batch.Count;
        segment.Frames++;
        Bytes += frame.Length;
        Records += batch.Count;
        Batches++;
    }

    private void StartSegment(long id, bool append)
    {
        _tail?.Dispose();
        var path = SegmentPath(id);
        _tail = new FileStream(path, append ? FileMode.Append : FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete);
        if (_segments.Count == 0 || _segments[^1].Id != id)
        {
            _segments.Add(new Segment(id, path));
        }
    }

    private void DropOldestSegment(string reason)
    {
        var head = _segments[0];
        // Records of a read being delivered right now still reach the sink: they are not lost.
        var inFlight = _inFlight is { } read && read.SegmentId == head.Id ? read.Records.Count : 0;
        _onDropped(head.Records - _cursorRecords - inFlight, reason);
        RemoveHead();
    }

    /// <summary>Deletes the first segment; whatever of it was not delivered leaves the counts.</summary>
    private void RemoveHead()
    {
        var head = _segments[0];
        if (_segments.Count == 1 && _tail is not null)
        {
            _tail.Dispose();
            _tail = null;
        }

        File.Delete(head.Path);
        Bytes -= head.Length;
        Records -= head.Records - _cursorRecords;
        Batches -= head.Frames - _cursorFrames;
        _segments.RemoveAt(0);
        _cursor = 0;
        _cursorRecords = 0;
        _cursorFrames = 0;
        WriteCursor();
    }

    private (long Segment, long Offset) ReadCursor()
    {
        var path = Path.Combine(_directory, CursorFileName);
        if (!File.Exists(path))
        {
            return (0, 0);
        }

        var parts = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var segment)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? (segment, offset)
            : (0, 0);
    }

    private void WriteCursor()
    {
        var path = Path.Combine(_directory, CursorFileName);
        if (_segments.Count == 0 || _cursor == 0)
        {
            File.Delete(path);
            return;
        }

        // Written aside and renamed, so a crash leaves the old cursor or the new one, never half of one.
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, string.Create(CultureInfo.InvariantCulture, $"{_segments[0].Id} {_cursor}"));
        File.Move(temporary, path, overwrite: true);
    }

    private string SegmentPath(long id) => Path.Combine(_directory, id.ToString("D20", CultureInfo.InvariantCulture) + SegmentExtension);

    private sealed record PooledPayload(byte[] Array, int Length);

    private sealed class Segment(long id, string path)
    {
        public long Id { get; } = id;

        public string Path { get; } = path;

        public long Length { get; set; }

        public long Records { get; set; }

        public long Frames { get; set; }

        /// <summary>While loading only: the end offset and record count of each frame.</summary>
        public List<long> FrameEnds { get; } = [];

        public List<int> FrameRecords { get; } = [];

        public long RecordsBefore(int frames)
        {
            long sum = 0;
            for (var i = 0; i < frames; i++)
            {
                sum += FrameRecords[i];
            }

            return sum;
        }
    }
}

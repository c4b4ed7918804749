using MarketPrism.Core.Model;

namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// Appends JSON lines to a file: the data file of the jsonl format and the journal beside an open Parquet file.
/// Lines are buffered in the stream until <see cref="Flush"/>, which the sink calls before a batch counts as
/// accepted; <see cref="Truncate"/> takes back lines of a batch that was not.
/// </summary>
internal sealed class RecordLineWriter
{
    private readonly FileStream _stream;
    private readonly RecordLineEncoder _encoder;
    private bool _closed;

    private RecordLineWriter(string path, FileStream stream, RecordLineEncoder encoder)
    {
        Path = path;
        _stream = stream;
        _encoder = encoder;
    }

    public string Path { get; }

    /// <summary>Lines appended, including ones not yet flushed.</summary>
    public long Lines { get; private set; }

    /// <summary>Bytes appended, including ones not yet flushed.</summary>
    public long Length => _stream.Position;

    /// <summary>
    /// Creates a new file; <paramref name="overwrite"/> only for recovery, which may find its own half-written
    /// output from an earlier attempt. The sink never overwrites a file.
    /// </summary>
    public static RecordLineWriter Create(string path, RecordLineEncoder encoder, bool overwrite = false) =>
        new(path, new FileStream(path, overwrite ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16), encoder);

    public void Append(MarketRecord record)
    {
        _stream.Write(_encoder.Encode(record));
        Lines++;
    }

    /// <summary>Hands buffered lines to the OS; with <paramref name="toDisk"/> also waits until they are on disk.</summary>
    public void Flush(bool toDisk) => _stream.Flush(toDisk);

    /// <summary>Cuts the file back to <paramref name="length"/> bytes and <paramref name="lines"/> lines.</summary>
    public void Truncate(long length, long lines)
    {
        _stream.Flush();
        _stream.SetLength(length);
        _stream.Position = length;
        Lines = lines;
    }

    /// <summary>Flushes to disk and closes the file.</summary>
    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _stream.Flush(flushToDisk: true);
        _closed = true;
        _stream.Dispose();
    }

    /// <summary>Closes the file without waiting for the disk, ignoring errors (a crash, or after a failure).</summary>
    public void Abandon()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        try
        {
            _stream.Dispose();
        }
        catch (IOException)
        {
            // The disk failed us already; what matters is that the handle is released.
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MarketPrism.Sinks.ClickHouse;

/// <summary>One dead-letter file: where it is, its table, how many rows and why ClickHouse refused them.</summary>
public sealed record DeadLetterFile(string Path, string Table, int Rows, string Error, long Bytes);

/// <summary>
/// Rows ClickHouse refused for a reason retrying cannot cure (the table does not match, the rows do not parse),
/// kept on disk until the table is fixed and <c>marketprism replay-dead-letters</c> inserts them. One file per table
/// and batch, <c>{directory}/{table}/{utc time}-{unique}.jsonl</c>: a first line describing the batch
/// (<c>{"dead_letter":1,"table":...,"rows":N,"error":...,"created":...}</c>), then the rows exactly as they were sent
/// (<c>JSONEachRow</c>), so a replay inserts the same bytes. A file is written under a temporary name, flushed to
/// disk (fsync) and only then renamed, so a crash leaves either the whole file or a <c>.tmp</c> that the next start
/// deletes (its batch was not acknowledged, so the spool still holds it).
/// <para>
/// The directory is capped (<see cref="MaxBytes"/>): a table broken for days must not fill the disk the file store
/// and the spool share. A batch that would go past the cap is not written (<see cref="Write"/> returns null) and the
/// sink counts and reports its rows as dropped.
/// </para>
/// </summary>
public sealed class ClickHouseDeadLetters
{
    private const string Extension = ".jsonl";
    private const string TemporaryExtension = ".tmp";

    /// <summary>Room for a batch's first line beyond its error text (the JSON field names, counts and time).</summary>
    private const int HeaderOverhead = 256;

    private readonly TimeProvider _time;

    /// <summary>Bytes the directory's files take as last counted plus what was written since; -1 before the first count.</summary>
    private long _bytes = -1;

    public ClickHouseDeadLetters(string directory, TimeProvider time, long maxBytes = long.MaxValue)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        Directory = System.IO.Path.GetFullPath(directory);
        _time = time;
        MaxBytes = maxBytes;
    }

    /// <summary>The most the dead-letter files may take together (<c>sinks.clickhouse.dead_letter_max_size</c>).</summary>
    public long MaxBytes { get; }

    /// <summary>Bytes the dead-letter files take now, counted on disk.</summary>
    public long Bytes => List().Sum(file => file.Bytes);

    /// <summary>The root directory (one subdirectory per table).</summary>
    public string Directory { get; }

    /// <summary>
    /// Writes one batch of refused rows durably and returns the file's path, or null when the file would take the
    /// directory past <see cref="MaxBytes"/> (nothing is written then).
    /// </summary>
    public string? Write(string table, string error, int rows, ReadOnlyMemory<byte> body)
    {
        Debug.Assert(ClickHouseTables.IsIdentifier(table), "table names are identifiers");
        var size = body.Length + Encoding.UTF8.GetByteCount(error) + HeaderOverhead;
        if (MaxBytes != long.MaxValue && (_bytes < 0 || _bytes + size > MaxBytes))
        {
            // Counted again on disk, not trusted from memory: replay-dead-letters (another process) deletes files.
            _bytes = Bytes;
            if (_bytes + size > MaxBytes)
            {
                return null;
            }
        }

        var folder = System.IO.Path.Combine(Directory, table);
        System.IO.Directory.CreateDirectory(folder);
        var name = string.Create(CultureInfo.InvariantCulture, $"{_time.GetUtcNow():yyyyMMdd'T'HHmmss.fff'Z'}-{Guid.NewGuid():N}");
        var path = System.IO.Path.Combine(folder, name + Extension);
        var temporary = path + TemporaryExtension;
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            using (var header = new Utf8JsonWriter(stream))
            {
                header.WriteStartObject();
                header.WriteNumber("dead_letter", 1);
                header.WriteString("table", table);
                header.WriteNumber("rows", rows);
                header.WriteString("error", error);
                header.WriteString("created", _time.GetUtcNow());
                header.WriteEndObject();
            }

            stream.WriteByte((byte)'\n');
            stream.Write(body.Span);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path);
        if (_bytes >= 0)
        {
            _bytes += new FileInfo(path).Length;
        }

        return path;
    }

    /// <summary>Deletes what a crash left half-written (never acknowledged, so its batch is still in the spool).</summary>
    public int DeleteTemporaryFiles()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + TemporaryExtension, SearchOption.AllDirectories))
        {
            File.Delete(path);
            deleted++;
        }

        return deleted;
    }

    /// <summary>The dead-letter files waiting, of one table or all, oldest first within each table.</summary>
    public IReadOnlyList<DeadLetterFile> List(string? table = null)
    {
        var files = new List<DeadLetterFile>();
        if (!System.IO.Directory.Exists(Directory))
        {
            return files;
        }

        foreach (var folder in System.IO.Directory.EnumerateDirectories(Directory).Order(StringComparer.Ordinal))
        {
            var name = System.IO.Path.GetFileName(folder);
            if (table is not null && !string.Equals(name, table, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var path in System.IO.Directory.EnumerateFiles(folder, "*" + Extension).Order(StringComparer.Ordinal))
            {
                files.Add(Describe(path, name));
            }
        }

        return files;
    }

    /// <summary>The rows of a dead-letter file (everything after its first line), as they were sent.</summary>
    public static ReadOnlyMemory<byte> ReadRows(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var newline = Array.IndexOf(bytes, (byte)'\n');
        return newline < 0 ? ReadOnlyMemory<byte>.Empty : bytes.AsMemory(newline + 1);
    }

    private static DeadLetterFile Describe(string path, string table)
    {
        var size = new FileInfo(path).Length;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var first = reader.ReadLine() ?? "";
        try
        {
            using var header = JsonDocument.Parse(first);
            var root = header.RootElement;
            return new DeadLetterFile(path, table, root.GetProperty("rows").GetInt32(), root.GetProperty("error").GetString() ?? "", size);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path} is not a MarketPrism dead-letter file: its first line is not the batch's description ({ex.Message}).", ex);
        }
    }
}

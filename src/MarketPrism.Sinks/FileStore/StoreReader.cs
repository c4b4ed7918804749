using System.Globalization;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;

namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// Reads a store directory written by <see cref="FileStoreSink"/> back into records: the complete files of both
/// formats (<c>*.parquet</c>, <c>*.jsonl</c>, recovered ones included), never temporary files, journals or
/// <c>_quarantine/</c>. Files are read in path order (exchange, market type, data type, date, then the time each file
/// was opened), and the rows of a file in the order they were written. Throws <see cref="FormatException"/> naming
/// the file for anything unreadable. For tests and tools, not the hot path.
/// </summary>
public sealed class StoreReader
{
    private const string DatePrefix = "date=";

    private readonly InstrumentCache _instruments = new();

    public StoreReader(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The store's root directory (full path).</summary>
    public string Directory { get; }

    /// <summary>The complete data files that match <paramref name="filter"/>, in reading order.</summary>
    public IReadOnlyList<string> ListFiles(StoreFilter? filter = null)
    {
        filter ??= StoreFilter.All;
        var files = new List<string>();
        if (!System.IO.Directory.Exists(Directory))
        {
            return files;
        }

        foreach (var exchange in Subdirectories(Directory))
        {
            var exchangeName = Path.GetFileName(exchange);
            if (exchangeName == StoreFileName.QuarantineDirectoryName
                || (filter.Exchange is { } wantedExchange && !string.Equals(exchangeName, wantedExchange, StringComparison.Ordinal)))
            {
                continue;
            }

            foreach (var market in Subdirectories(exchange))
            {
                if (!WireNames.TryParseMarketType(Path.GetFileName(market), out var marketType)
                    || (filter.MarketType is { } wantedMarket && marketType != wantedMarket))
                {
                    continue;
                }

                foreach (var type in Subdirectories(market))
                {
                    if (!WireNames.TryParseDataType(Path.GetFileName(type), out var dataType)
                        || (filter.DataType is { } wantedType && dataType != wantedType))
                    {
                        continue;
                    }

                    foreach (var dateDirectory in Subdirectories(type))
                    {
                        if (!TryParseDate(Path.GetFileName(dateDirectory), out var date)
                            || (filter.From is { } from && date < from)
                            || (filter.To is { } to && date > to))
                        {
                            continue;
                        }

                        var names = new List<string>();
                        foreach (var file in System.IO.Directory.EnumerateFiles(dateDirectory))
                        {
                            if (StoreFileName.IsFinalDataFile(Path.GetFileName(file)))
                            {
                                names.Add(file);
                            }
                        }

                        names.Sort(StringComparer.Ordinal);
                        files.AddRange(names);
                    }
                }
            }
        }

        return files;
    }

    /// <summary>Streams the records of every file that matches <paramref name="filter"/>.</summary>
    public async IAsyncEnumerable<MarketRecord> ReadAsync(
        StoreFilter? filter = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var file in ListFiles(filter))
        {
            await foreach (var record in ReadFileAsync(file, cancellationToken))
            {
                yield return record;
            }
        }
    }

    /// <summary>All records that match <paramref name="filter"/>, in memory.</summary>
    public async Task<IReadOnlyList<MarketRecord>> ReadAllAsync(StoreFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var records = new List<MarketRecord>();
        await foreach (var record in ReadAsync(filter, cancellationToken))
        {
            records.Add(record);
        }

        return records;
    }

    /// <summary>The records of one data file (<c>.parquet</c> or <c>.jsonl</c>).</summary>
    public IAsyncEnumerable<MarketRecord> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.EndsWith(StoreFileName.ParquetExtension, StringComparison.Ordinal))
        {
            return ParquetRecordReader.ReadAsync(path, _instruments, cancellationToken);
        }

        if (path.EndsWith(StoreFileName.JsonlExtension, StringComparison.Ordinal))
        {
            return ReadJsonlAsync(path, cancellationToken);
        }

        throw new ArgumentException($"'{path}' is neither a .parquet nor a .jsonl file.", nameof(path));
    }

    private static async IAsyncEnumerable<MarketRecord> ReadJsonlAsync(
        string path,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = new RecordJsonReader();
        await foreach (var line in RecordLineReader.ReadAsync(path, cancellationToken))
        {
            if (line.Text.IsEmpty)
            {
                continue;
            }

            MarketRecord record;
            try
            {
                record = reader.Read(line.Text.Span);
            }
            catch (FormatException ex)
            {
                throw new FormatException($"{path}, line {line.Number}: {ex.Message}", ex);
            }

            yield return record;
        }
    }

    private static string[] Subdirectories(string directory)
    {
        var all = System.IO.Directory.GetDirectories(directory);
        Array.Sort(all, StringComparer.Ordinal);
        return all;
    }

    private static bool TryParseDate(string name, out DateOnly date)
    {
        date = default;
        return name.StartsWith(DatePrefix, StringComparison.Ordinal)
            && DateOnly.TryParseExact(name.AsSpan(DatePrefix.Length), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }
}

using MarketPrism.Core.Model;
using Parquet;

namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// What a store directory holds, per data type and format, from the files' own metadata (Parquet footers, jsonl line
/// counts): files, rows, row groups and bytes on disk. Row groups of tens of rows cost a Parquet file its compression
/// and a footer entry each; this is how a user (and bench/RESULTS.md) sees the row groups a store really got.
/// </summary>
public sealed class StoreInspection
{
    private StoreInspection(IReadOnlyList<StoreInspectionEntry> entries) => Entries = entries;

    /// <summary>One entry per data type and format found, ordered by data type, then format.</summary>
    public IReadOnlyList<StoreInspectionEntry> Entries { get; }

    /// <summary>The sum of every entry (row-group figures cover the Parquet files only).</summary>
    public StoreInspectionEntry Total
    {
        get
        {
            var total = new StoreInspectionEntry("total", "all");
            foreach (var entry in Entries)
            {
                total.Add(entry);
            }

            return total;
        }
    }

    /// <summary>
    /// Reads the complete data files of the store in <paramref name="directory"/> that match <paramref name="filter"/>
    /// (never temporary files, journals or quarantine). Throws <see cref="FormatException"/> naming a file whose footer
    /// cannot be read.
    /// </summary>
    public static async Task<StoreInspection> InspectAsync(string directory, StoreFilter? filter, CancellationToken cancellationToken)
    {
        var reader = new StoreReader(directory);
        var entries = new SortedDictionary<(string DataType, string Format), StoreInspectionEntry>(Comparer<(string DataType, string Format)>.Create(
            static (a, b) => string.CompareOrdinal(a.DataType, b.DataType) is var order and not 0 ? order : string.CompareOrdinal(a.Format, b.Format)));
        foreach (var path in reader.ListFiles(filter))
        {
            // {exchange}/{market_type}/{data_type}/date=.../{file}: the data type is the grandparent directory.
            var dataType = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(path)))!;
            var parquet = path.EndsWith(StoreFileName.ParquetExtension, StringComparison.Ordinal);
            var key = (dataType, parquet ? "parquet" : "jsonl");
            if (!entries.TryGetValue(key, out var entry))
            {
                entry = new StoreInspectionEntry(key.dataType, key.Item2);
                entries.Add(key, entry);
            }

            var bytes = new FileInfo(path).Length;
            if (parquet)
            {
                await AddParquetAsync(entry, path, bytes, cancellationToken);
            }
            else
            {
                entry.AddFile(bytes, await CountLinesAsync(path, cancellationToken), rowGroupRows: []);
            }
        }

        return new StoreInspection([.. entries.Values]);
    }

    private static async Task AddParquetAsync(StoreInspectionEntry entry, string path, long bytes, CancellationToken cancellationToken)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(path, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new FormatException($"{path}: not a readable Parquet file ({ex.Message}).", ex);
        }

        await using (reader)
        {
            var rowGroups = new long[reader.RowGroupCount];
            long rows = 0;
            for (var i = 0; i < rowGroups.Length; i++)
            {
                rowGroups[i] = reader.RowGroups[i].RowCount;
                rows += rowGroups[i];
            }

            entry.AddFile(bytes, rows, rowGroups);
        }
    }

    private static async Task<long> CountLinesAsync(string path, CancellationToken cancellationToken)
    {
        long lines = 0;
        await foreach (var line in RecordLineReader.ReadAsync(path, cancellationToken))
        {
            if (!line.Text.IsEmpty)
            {
                lines++;
            }
        }

        return lines;
    }
}

/// <summary>The files of one data type in one format, as <see cref="StoreInspection"/> found them.</summary>
public sealed class StoreInspectionEntry
{
    internal StoreInspectionEntry(string dataType, string format)
    {
        DataType = dataType;
        Format = format;
    }

    /// <summary>The data type's wire name (<see cref="DataTypeExtensions.ToWireName"/>), or <c>total</c>.</summary>
    public string DataType { get; }

    /// <summary><c>parquet</c> or <c>jsonl</c> (<c>all</c> for the total).</summary>
    public string Format { get; }

    public int Files { get; private set; }

    public long Rows { get; private set; }

    /// <summary>Bytes on disk.</summary>
    public long Bytes { get; private set; }

    /// <summary>Parquet row groups (0 for jsonl).</summary>
    public long RowGroups { get; private set; }

    /// <summary>Rows of the Parquet row groups (all rows but the jsonl ones).</summary>
    public long RowGroupRows { get; private set; }

    /// <summary>The smallest and largest row group, in rows (0 without a row group).</summary>
    public long SmallestRowGroup { get; private set; }

    public long LargestRowGroup { get; private set; }

    /// <summary>Mean rows per row group (0 without a row group).</summary>
    public double RowsPerRowGroup => RowGroups == 0 ? 0 : (double)RowGroupRows / RowGroups;

    /// <summary>Mean bytes on disk per row, footers included (0 without rows).</summary>
    public double BytesPerRow => Rows == 0 ? 0 : (double)Bytes / Rows;

    internal void AddFile(long bytes, long rows, IReadOnlyList<long> rowGroupRows)
    {
        Files++;
        Bytes += bytes;
        Rows += rows;
        foreach (var groupRows in rowGroupRows)
        {
            AddRowGroup(groupRows);
        }
    }

    internal void Add(StoreInspectionEntry other)
    {
        Files += other.Files;
        Bytes += other.Bytes;
        Rows += other.Rows;
        if (other.RowGroups == 0)
        {
            return;
        }

        SmallestRowGroup = RowGroups == 0 ? other.SmallestRowGroup : Math.Min(SmallestRowGroup, other.SmallestRowGroup);
        LargestRowGroup = Math.Max(LargestRowGroup, other.LargestRowGroup);
        RowGroups += other.RowGroups;
        RowGroupRows += other.RowGroupRows;
    }

    private void AddRowGroup(long rows)
    {
        SmallestRowGroup = RowGroups == 0 ? rows : Math.Min(SmallestRowGroup, rows);
        LargestRowGroup = Math.Max(LargestRowGroup, rows);
        RowGroups++;
        RowGroupRows += rows;
    }
}

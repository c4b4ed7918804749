using System.Globalization;

namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// The names of the files in one partition directory. Every file written for one partition shares a base name
/// <c>{data_type}-{yyyyMMddTHHmmssfff}Z-{seq}</c> (the open time by the sink's clock, then a sequence number), so a
/// plain sort of the names is the order the files were opened in. The extensions say what state a file is in:
/// <list type="bullet">
/// <item><c>.parquet</c>, <c>.jsonl</c>: complete, final files (the only ones readers look at);</item>
/// <item><c>.recovered.parquet</c>, <c>.recovered.jsonl</c>: final files rebuilt by recovery after a crash;</item>
/// <item><c>.parquet.tmp</c>, <c>.jsonl.tmp</c>: files being written;</item>
/// <item><c>.journal.jsonl</c>: the line journal of an open Parquet file.</item>
/// </list>
/// </summary>
internal static class StoreFileName
{
    public const string ParquetExtension = ".parquet";
    public const string JsonlExtension = ".jsonl";
    public const string TemporarySuffix = ".tmp";
    public const string JournalExtension = ".journal.jsonl";
    public const string RecoveredInfix = ".recovered";
    public const string QuarantineDirectoryName = "_quarantine";

    public static string FinalExtension(FileStoreFormat format) =>
        format == FileStoreFormat.Parquet ? ParquetExtension : JsonlExtension;

    public static string BaseName(string dataType, long stamp, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{dataType}-{FromStamp(stamp):yyyyMMdd'T'HHmmssfff}Z-{sequence:D6}");

    /// <summary>
    /// Reads the open stamp and sequence number from any file name of a partition (<c>trade-20240101T000000000Z-000003.parquet</c>,
    /// <c>….journal.jsonl</c>, <c>….recovered.parquet</c>, …). The stamp is kept as its digits, which sort like the times.
    /// </summary>
    public static bool TryParse(string fileName, string dataType, out long stamp, out int sequence)
    {
        stamp = 0;
        sequence = 0;
        var name = fileName.AsSpan();
        if (!name.StartsWith(dataType, StringComparison.Ordinal) || name.Length < dataType.Length + 1 || name[dataType.Length] != '-')
        {
            return false;
        }

        name = name[(dataType.Length + 1)..];

        // yyyyMMdd T HHmmssfff Z -
        const int stampLength = 8 + 1 + 9;
        if (name.Length < stampLength + 2 || name[8] != 'T' || name[stampLength] != 'Z' || name[stampLength + 1] != '-')
        {
            return false;
        }

        if (!long.TryParse(name[..8], NumberStyles.None, CultureInfo.InvariantCulture, out var date)
            || !long.TryParse(name.Slice(9, 9), NumberStyles.None, CultureInfo.InvariantCulture, out var time))
        {
            return false;
        }

        name = name[(stampLength + 2)..];
        var digits = 0;
        while (digits < name.Length && char.IsAsciiDigit(name[digits]))
        {
            digits++;
        }

        if (digits == 0 || !int.TryParse(name[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out sequence))
        {
            return false;
        }

        stamp = (date * 1_000_000_000) + time;
        return true;
    }

    /// <summary>The stamp digits of a time, comparable with what <see cref="TryParse"/> returns.</summary>
    public static long Stamp(DateTime utc) =>
        (((utc.Year * 100L) + utc.Month) * 100 + utc.Day) * 1_000_000_000
        + ((((utc.Hour * 100L) + utc.Minute) * 100 + utc.Second) * 1000) + utc.Millisecond;

    /// <summary>The time a stamp stands for (inverse of <see cref="Stamp"/>).</summary>
    public static DateTime FromStamp(long stamp)
    {
        var date = stamp / 1_000_000_000;
        var time = stamp % 1_000_000_000;
        return new DateTime(
            (int)(date / 10000), (int)(date / 100 % 100), (int)(date % 100),
            (int)(time / 10_000_000), (int)(time / 100_000 % 100), (int)(time / 1000 % 100), (int)(time % 1000),
            DateTimeKind.Utc);
    }

    /// <summary>True for a complete data file readers should read (not temporary, not a journal).</summary>
    public static bool IsFinalDataFile(string fileName) =>
        fileName.EndsWith(ParquetExtension, StringComparison.Ordinal)
        || (fileName.EndsWith(JsonlExtension, StringComparison.Ordinal) && !fileName.EndsWith(JournalExtension, StringComparison.Ordinal));

    /// <summary>Directory of a partition relative to the store root: <c>{exchange}/{market_type}/{data_type}/date=YYYY-MM-DD</c>.</summary>
    public static string PartitionDirectory(string exchange, string marketType, string dataType, DateOnly date) =>
        Path.Combine(
            SafeSegment(exchange),
            marketType,
            dataType,
            string.Create(CultureInfo.InvariantCulture, $"date={date:yyyy-MM-dd}"));

    /// <summary>
    /// Exchange names come from code, but a path segment built from data must never climb out of the store:
    /// anything but letters, digits, '-', '_' and '.' becomes '_', and a name of dots becomes underscores.
    /// </summary>
    internal static string SafeSegment(string name)
    {
        var safe = true;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                safe = false;
                break;
            }
        }

        if (safe && name.Length > 0 && name.Trim('.').Length > 0)
        {
            // The quarantine lives beside the exchanges and must never be taken for one.
            return name == QuarantineDirectoryName ? "_" + name : name;
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(chars[i]) || chars[i] is '-' or '_'))
            {
                chars[i] = '_';
            }
        }

        return chars.Length == 0 ? "_" : new string(chars);
    }
}

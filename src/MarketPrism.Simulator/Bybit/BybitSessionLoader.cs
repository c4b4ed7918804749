using System.Globalization;
using System.Text.Json;
using MarketPrism.Core.Model;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Simulator.Bybit;

/// <summary>
/// Finds the recorded Bybit book sessions under the recordings folder: files of raw v5 frames, one per line, whose
/// first frame is an <c>orderbook.{depth}.{symbol}</c> snapshot (Bybit's public order-book history format, e.g.
/// <c>bybit/2024-12-01_XRPUSDT_ob500.data</c>). The tardis-node test messages are single frames from unrelated days,
/// not sessions, and are not replayed.
/// </summary>
internal static partial class BybitSessionLoader
{
    /// <summary>One session per symbol (the first file of a symbol wins), in symbol order; empty when there is none.</summary>
    public static IReadOnlyList<BybitRecordedBook> Load(string recordingsDirectory, ILogger logger)
    {
        if (!Directory.Exists(recordingsDirectory))
        {
            throw new DirectoryNotFoundException($"Recordings directory '{Path.GetFullPath(recordingsDirectory)}' does not exist.");
        }

        var books = new SortedDictionary<string, BybitRecordedBook>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(recordingsDirectory, "*.data", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            BybitRecordedBook? book;
            try
            {
                book = TryRead(path);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                LogUnreadable(logger, path, ex.Message);
                continue;
            }

            if (book is null)
            {
                continue;
            }

            if (!books.TryAdd(book.Symbol, book))
            {
                LogDuplicate(logger, book.Symbol, path, books[book.Symbol].Source);
                continue;
            }

            LogLoaded(logger, book.Symbol, book.Depth, book.Deltas.Count, path);
        }

        return [.. books.Values];
    }

    /// <summary>Reads one file; null when it is not a Bybit order-book session.</summary>
    internal static BybitRecordedBook? TryRead(string path)
    {
        string? symbol = null;
        var depth = 0;
        BybitRecordedUpdate? snapshot = null;
        var deltas = new List<BybitRecordedUpdate>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("topic", out var topicElement)
                || topicElement.GetString() is not { } topic || !topic.StartsWith("orderbook.", StringComparison.Ordinal))
            {
                return snapshot is null ? null : throw new FormatException($"a frame that is not an orderbook message follows the session: {Shorten(line)}");
            }

            var parts = topic.Split('.');
            if (parts.Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var topicDepth))
            {
                throw new FormatException($"topic '{topic}' is not orderbook.<depth>.<symbol>");
            }

            var type = root.GetProperty("type").GetString();
            var data = root.GetProperty("data");
            var time = root.GetProperty("ts").GetInt64();
            var update = new BybitRecordedUpdate(
                snapshot is null ? TimeSpan.Zero : TimeSpan.FromMilliseconds(time - snapshot.Time),
                Levels(data.GetProperty("b")),
                Levels(data.GetProperty("a")),
                data.GetProperty("u").GetInt64(),
                data.GetProperty("seq").GetInt64(),
                time,
                root.TryGetProperty("cts", out var cts) ? cts.GetInt64() : time);
            if (snapshot is null)
            {
                if (type != "snapshot")
                {
                    return null; // A session starts with its snapshot; without it there is no truth to replay.
                }

                symbol = parts[2];
                depth = topicDepth;
                snapshot = update;
                continue;
            }

            if (parts[2] != symbol || topicDepth != depth || type != "delta")
            {
                throw new FormatException($"the session of {symbol} continues with a {type} of {topic}");
            }

            deltas.Add(update);
        }

        return snapshot is null ? null : new BybitRecordedBook(symbol!, depth, snapshot, deltas, path);
    }

    private static BookLevel[] Levels(JsonElement levels)
    {
        var result = new BookLevel[levels.GetArrayLength()];
        var i = 0;
        foreach (var level in levels.EnumerateArray())
        {
            result[i++] = new BookLevel(
                decimal.Parse(level[0].GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture),
                decimal.Parse(level[1].GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture));
        }

        return result;
    }

    private static string Shorten(string line) => line.Length <= 120 ? line : line[..120] + "…";

    [LoggerMessage(Level = LogLevel.Information, Message = "Bybit: {Symbol} orderbook.{Depth} session with {Deltas} deltas from {Path}")]
    private static partial void LogLoaded(ILogger logger, string symbol, int depth, int deltas, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bybit: a second session of {Symbol} in {Path} is not replayed ({First} is)")]
    private static partial void LogDuplicate(ILogger logger, string symbol, string path, string first);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bybit: {Path} is not a readable order-book session: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason);
}

using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Simulator.Hyperliquid;

/// <summary>
/// Reads Hyperliquid captures in hftbacktest's collector format (<c>recordings/hyperliquid/hftbacktest_*.txt</c>): one
/// line per WebSocket frame, <c>&lt;local receive time, ns since epoch&gt; &lt;frame as received&gt;</c>. A file is
/// taken when its first line is such a frame of channel <c>l2Book</c> or <c>trades</c>; several files merge by the
/// offset of each frame from its own file's first one. Loading is not a hot path, so frames are read with
/// <see cref="JsonDocument"/>.
/// </summary>
internal static partial class HyperliquidSessionLoader
{
    /// <summary>The recorded pushes in offset order; empty when the recordings hold no Hyperliquid capture.</summary>
    public static List<HyperliquidRecordedPush> Load(string directory, ILogger logger)
    {
        var pushes = new List<HyperliquidRecordedPush>();
        if (!Directory.Exists(directory))
        {
            return pushes;
        }

        foreach (var path in Directory.EnumerateFiles(directory, "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (!LooksLikeCapture(path))
            {
                continue;
            }

            var before = pushes.Count;
            var skipped = 0;
            long? first = null;
            foreach (var line in File.ReadLines(path))
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                if (space <= 0 || !long.TryParse(line.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var receivedNs))
                {
                    skipped++;
                    continue;
                }

                first ??= receivedNs;
                var offset = TimeSpan.FromTicks((receivedNs - first.Value) / 100);
                if (TryReadPush(line.AsSpan(space + 1), offset) is { } push)
                {
                    pushes.Add(push);
                }
                else
                {
                    skipped++;
                }
            }

            LogLoaded(logger, path, pushes.Count - before, skipped);
        }

        // Stable: pushes at the same offset keep their file order.
        return [.. pushes.Select((push, order) => (push, order)).OrderBy(x => x.push.Offset).ThenBy(x => x.order).Select(x => x.push)];
    }

    private static bool LooksLikeCapture(string path)
    {
        using var reader = new StreamReader(path);
        var line = reader.ReadLine();
        if (line is null)
        {
            return false;
        }

        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space > 0
            && !line.AsSpan(0, space).ContainsAnyExceptInRange('0', '9')
            && (line.AsSpan(space + 1).StartsWith("{\"channel\":\"l2Book\"", StringComparison.Ordinal)
                || line.AsSpan(space + 1).StartsWith("{\"channel\":\"trades\"", StringComparison.Ordinal));
    }

    private static HyperliquidRecordedPush? TryReadPush(ReadOnlySpan<char> frame, TimeSpan offset)
    {
        try
        {
            using var document = JsonDocument.Parse(frame.ToString());
            var root = document.RootElement;
            var data = root.GetProperty("data");
            switch (root.GetProperty("channel").GetString())
            {
                case "l2Book":
                    var levels = data.GetProperty("levels");
                    var book = new HyperliquidRecordedBook(
                        data.GetProperty("coin").GetString()!,
                        data.GetProperty("time").GetInt64(),
                        ReadLevels(levels[0]),
                        ReadLevels(levels[1]));
                    return new HyperliquidRecordedPush(offset, book.Coin, book, null);
                case "trades":
                    var trades = new List<HyperliquidRecordedTrade>();
                    foreach (var trade in data.EnumerateArray())
                    {
                        trades.Add(new HyperliquidRecordedTrade(
                            trade.GetProperty("coin").GetString()!,
                            trade.GetProperty("side").GetString()!,
                            Decimal(trade.GetProperty("px")),
                            Decimal(trade.GetProperty("sz")),
                            trade.GetProperty("time").GetInt64(),
                            trade.GetProperty("hash").GetString()!,
                            trade.GetProperty("tid").GetInt64(),
                            trade.TryGetProperty("users", out var users) ? [.. users.EnumerateArray().Select(u => u.GetString()!)] : []));
                    }

                    return trades.Count == 0 ? null : new HyperliquidRecordedPush(offset, trades[0].Coin, null, [.. trades]);
                default:
                    return null;
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static HyperliquidLevel[] ReadLevels(JsonElement side) =>
        [.. side.EnumerateArray().Select(level => new HyperliquidLevel(Decimal(level.GetProperty("px")), Decimal(level.GetProperty("sz")), level.GetProperty("n").GetInt32()))];

    private static decimal Decimal(JsonElement text) => decimal.Parse(text.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "hyperliquid: {Path}: {Pushes} pushes loaded, {Skipped} lines skipped")]
    private static partial void LogLoaded(ILogger logger, string path, int pushes, int skipped);
}

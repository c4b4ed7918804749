using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Core.Recordings;

namespace MarketPrism.Tests.Exchanges.Hyperliquid;

/// <summary>The recorded Hyperliquid files under <c>recordings/hyperliquid/</c> (see recordings/SOURCES.md).</summary>
internal static class HyperliquidRecordings
{
    public const string Session = "hftbacktest_BTC_2025-01-26.txt";

    /// <summary>A receive time for frames whose file records none (after every recorded exchange time).</summary>
    public static readonly DateTime ReceiveTime = new(2026, 5, 28, 0, 0, 0, DateTimeKind.Utc);

    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "recordings", "hyperliquid", file);

    public static byte[] Bytes(string file) => File.ReadAllBytes(PathOf(file));

    /// <summary>Every received frame of a file with its receive time (or <see cref="ReceiveTime"/>).</summary>
    public static IReadOnlyList<(byte[] Frame, DateTime Received)> Frames(string file) =>
        [.. CaptureReader.ReadFile(PathOf(file))
            .Where(entry => entry.Kind == CaptureEntryKind.Received)
            .Select(entry => (entry.Payload.ToArray(), entry.UnixSeconds is { } seconds
                ? DateTime.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond))
                : ReceiveTime))];

    /// <summary>The book an <c>l2Book</c> push states, read independently of the parser (JsonDocument), best first as sent.</summary>
    public static (BookLevel[] Bids, BookLevel[] Asks, long Time) PushedBook(byte[] frame)
    {
        using var document = JsonDocument.Parse(frame);
        var data = document.RootElement.GetProperty("data");
        var levels = data.GetProperty("levels");
        return (Side(levels[0]), Side(levels[1]), data.GetProperty("time").GetInt64());

        static BookLevel[] Side(JsonElement side) =>
            [.. side.EnumerateArray().Select(level => new BookLevel(
                decimal.Parse(level.GetProperty("px").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                decimal.Parse(level.GetProperty("sz").GetString()!, System.Globalization.CultureInfo.InvariantCulture)))];
    }

    public static bool IsBook(byte[] frame) => frame.AsSpan().IndexOf("\"channel\":\"l2Book\""u8) >= 0;
}

using System.Text;
using MarketPrism.Core.Recordings;
using MarketPrism.Core.Serialization;

namespace MarketPrism.Tests.Exchanges.Bybit;

/// <summary>The recorded Bybit v5 frames (see recordings/SOURCES.md), one raw frame per line.</summary>
internal static class BybitRecordings
{
    /// <summary>A real linear <c>orderbook.500.XRPUSDT</c> session: 1 snapshot, then 49 deltas with contiguous <c>u</c>.</summary>
    public const string OrderBook500 = "bybit/2024-12-01_XRPUSDT_ob500.data";

    /// <summary>tardis-node's Bybit v5 test messages: one or two frames of every public topic.</summary>
    public const string Tardis = "bybit/tardis-node_mappers_bybit-v5.ndjson";

    /// <summary>Receive time stamped on frames whose file records none.</summary>
    public static readonly DateTime ReceiveTime = UtcTimestamp.FromUnixMilliseconds(1_750_000_000_000);

    public static string PathOf(string relative) =>
        Path.Combine(AppContext.BaseDirectory, "recordings", relative.Replace('/', Path.DirectorySeparatorChar));

    public static IReadOnlyList<BybitFrame> Frames(string relative) =>
        [.. CaptureReader.ReadFile(PathOf(relative))
            .Where(entry => entry.Kind == CaptureEntryKind.Received)
            .Select(entry => new BybitFrame(entry.Payload.ToArray(), entry.LineNumber))];

    /// <summary>The frame on a 1-based line of a file.</summary>
    public static BybitFrame AtLine(string relative, int lineNumber) =>
        Frames(relative).Single(frame => frame.LineNumber == lineNumber);
}

/// <summary>One recorded frame and its line in the file.</summary>
internal sealed record BybitFrame(byte[] Payload, int LineNumber)
{
    public override string ToString() => $"line {LineNumber}: {Encoding.UTF8.GetString(Payload)}";
}

using System.Text;
using MarketPrism.Core.Recordings;
using MarketPrism.Core.Serialization;

namespace MarketPrism.Tests.Exchanges.Deribit;

/// <summary>The recorded Deribit sessions (see recordings/SOURCES.md), read through the capture reader.</summary>
internal static class DeribitRecordings
{
    /// <summary>cryptofeed's 2021-07-22 capture: subscribe answer, option book snapshots and changes, option tickers.</summary>
    public const string Capture = "deribit/DERIBIT.ws.1.0";

    /// <summary>tardis-node's mapper test frames: trades with liquidation flags, books, perpetual and option tickers, quotes.</summary>
    public const string Tardis = "deribit/tardis-node_mappers_deribit.ndjson";

    /// <summary>Receive time for frames whose file records none (the tardis NDJSON file).</summary>
    public static readonly DateTime UnrecordedReceiveTime = UtcTimestamp.FromUnixMilliseconds(1_780_000_000_000);

    public static string PathOf(string relative) =>
        Path.Combine(AppContext.BaseDirectory, "recordings", relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Every received frame of a file, with its receive time.</summary>
    public static IReadOnlyList<DeribitFrame> Frames(string relative)
    {
        var frames = new List<DeribitFrame>();
        foreach (var entry in CaptureReader.ReadFile(PathOf(relative)))
        {
            if (entry.Kind == CaptureEntryKind.Received)
            {
                var received = entry.UnixSeconds is { } seconds
                    ? DateTime.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond))
                    : UnrecordedReceiveTime;
                frames.Add(new DeribitFrame(entry.Payload.ToArray(), received, entry.LineNumber));
            }
        }

        return frames;
    }

    /// <summary>The frame on a 1-based line of a file.</summary>
    public static DeribitFrame AtLine(string relative, int lineNumber) =>
        Frames(relative).FirstOrDefault(frame => frame.LineNumber == lineNumber)
        ?? throw new InvalidOperationException($"{relative} has no received frame on line {lineNumber}.");
}

/// <summary>One recorded frame: its bytes as received, when, and where in the file.</summary>
internal sealed record DeribitFrame(byte[] Payload, DateTime Received, int LineNumber)
{
    public override string ToString() => $"line {LineNumber}: {Encoding.UTF8.GetString(Payload)}";
}

using System.Text;
using MarketPrism.Core.Model;
using MarketPrism.Core.Recordings;

namespace MarketPrism.Tests.Exchanges.Conformance;

/// <summary>
/// One recorded session of a venue under <c>recordings/</c> (see recordings/SOURCES.md) and which market's connection
/// each of its frames arrived on: a file of one market names it; a file mixing markets (cryptofeed's OKX capture) routes
/// each frame by what it names.
/// </summary>
/// <param name="File">Path under <c>recordings/</c>, e.g. <c>binance/BINANCE.ws.1.0</c>.</param>
/// <param name="MarketOf">The market whose connection carried a frame.</param>
public sealed record VenueRecording(string File, Func<byte[], MarketType> MarketOf)
{
    /// <summary>Receive time for frames whose file records none (the tardis NDJSON files): 2026-05-28.</summary>
    public static readonly DateTime UnrecordedReceiveTime = DateTime.UnixEpoch.AddMilliseconds(1_780_000_000_000);

    public VenueRecording(string file, MarketType market)
        : this(file, _ => market)
    {
    }

    /// <summary>
    /// True for a continuous recorded session; false for a collection of sample messages (tardis-node's mapper test
    /// messages: one or two frames per channel, some trimmed), which is parsed but never replayed as a book session.
    /// </summary>
    public bool IsSession { get; init; } = true;

    public static string PathOf(string relative) =>
        Path.Combine(AppContext.BaseDirectory, "recordings", relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Every received frame of the file in recorded order, with its receive time and market.</summary>
    public IReadOnlyList<CapturedFrame> Frames()
    {
        var frames = new List<CapturedFrame>();
        foreach (var entry in CaptureReader.ReadFile(PathOf(File)))
        {
            if (entry.Kind == CaptureEntryKind.Received)
            {
                var payload = entry.Payload.ToArray();
                frames.Add(new CapturedFrame(File, entry.LineNumber, payload, ReceiveTime(entry.UnixSeconds), MarketOf(payload)));
            }
        }

        return frames;
    }

    /// <summary>Every REST response of the file (<c>*.http.*</c> captures), with its address and receive time.</summary>
    public IReadOnlyList<(string Url, byte[] Body, DateTime Received)> Responses() =>
        [.. CaptureReader.ReadFile(PathOf(File))
            .Where(entry => entry.Kind == CaptureEntryKind.HttpResponse)
            .Select(entry => (entry.Url!, entry.Payload.ToArray(), ReceiveTime(entry.UnixSeconds)))];

    public override string ToString() => File;

    private static DateTime ReceiveTime(double? unixSeconds) =>
        unixSeconds is { } seconds
            ? DateTime.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond))
            : UnrecordedReceiveTime;
}

/// <summary>One recorded frame: where it is, its bytes as received, when, and the market whose connection carried it.</summary>
public sealed record CapturedFrame(string File, int Line, byte[] Payload, DateTime Received, MarketType Market)
{
    public string Text => Encoding.UTF8.GetString(Payload);

    public override string ToString() => $"{File}:{Line} ({Market.ToWireName()}): {Shorten(Text)}";

    private static string Shorten(string text) => text.Length <= 300 ? text : string.Concat(text.AsSpan(0, 300), "…");
}

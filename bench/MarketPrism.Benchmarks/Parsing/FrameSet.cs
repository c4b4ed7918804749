using System.Text;
using MarketPrism.Benchmarks.Recordings;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Benchmarks.Parsing;

/// <summary>
/// The real recorded frames of one venue and message type (e.g. <c>binance-usdm/depthUpdate</c>) and the parser that
/// normalizes them. Frames are picked from a capture by a marker they contain (an event type or a stream suffix).
/// </summary>
public sealed class FrameSet
{
    private readonly Func<IFrameParser> _createParser;

    /// <param name="name">Shown in the results: <c>venue/message</c>.</param>
    /// <param name="capture">Path under <c>recordings/</c>.</param>
    /// <param name="marker">Text every chosen frame contains, e.g. <c>"e":"depthUpdate"</c> or <c>@bookTicker"</c>.</param>
    /// <param name="createParser">A parser for the venue, with an instrument table that resolves any symbol.</param>
    /// <param name="exclude">Text that rules a frame out (e.g. a shape the parser rightly ignores), or null.</param>
    public FrameSet(string name, string capture, string marker, Func<IFrameParser> createParser, string? exclude = null)
    {
        Exclude = exclude;
        Name = name;
        Capture = capture;
        Marker = marker;
        _createParser = createParser;
    }

    public string Name { get; }

    public string Capture { get; }

    public string Marker { get; }

    public string? Exclude { get; }

    public IFrameParser CreateParser() => _createParser();

    /// <summary>Loads the chosen frames; throws when the capture holds none, so a renamed file cannot pass silently.</summary>
    public byte[][] LoadFrames()
    {
        var marker = Encoding.UTF8.GetBytes(Marker);
        var exclude = Exclude is null ? null : Encoding.UTF8.GetBytes(Exclude);
        var frames = RecordedFrames.Received(Capture)
            .Where(frame => frame.AsSpan().IndexOf(marker) >= 0 && (exclude is null || frame.AsSpan().IndexOf(exclude) < 0))
            .ToList();

        // A frame recorded twice in a row is one frame sent twice (hftbacktest's Hyperliquid capture holds its first
        // book push twice); a parser rightly ignores the copy, and every frame here must normalize.
        frames = frames.Where((frame, i) => i == 0 || !frame.AsSpan().SequenceEqual(frames[i - 1])).ToList();
        if (frames.Count == 0)
        {
            throw new InvalidOperationException($"{Name}: no frame of {Capture} contains {Marker}.");
        }

        return [.. frames];
    }

    public override string ToString() => Name;
}

using System.Globalization;
using System.Text.Json;

namespace MarketPrism.Tests.Simulator;

/// <summary>
/// The tests' own reading of a recorded Binance session (cryptofeed capture lines, parsed with JsonDocument), so
/// expectations do not come from the simulator's code: frames per stream, REST snapshots, and the book a client
/// builds from snapshot plus diffs by Binance's documented rules.
/// </summary>
internal sealed class RecordedSession
{
    private RecordedSession(bool futures, double originSeconds, List<RecordedFrame> frames, Dictionary<string, RecordedSnapshot> snapshots)
    {
        IsFutures = futures;
        OriginSeconds = originSeconds;
        Frames = frames;
        Snapshots = snapshots;
    }

    public bool IsFutures { get; }

    /// <summary>Receive time of the first frame (Unix seconds): the session's start.</summary>
    public double OriginSeconds { get; }

    /// <summary>Received frames in recorded order.</summary>
    public List<RecordedFrame> Frames { get; }

    public Dictionary<string, RecordedSnapshot> Snapshots { get; }

    public static RecordedSession Spot { get; } = Load("binance/BINANCE", futures: false);

    public static RecordedSession Futures { get; } = Load("binance-futures/BINANCE_FUTURES", futures: true);

    public static RecordedSession Load(string stem, bool futures)
    {
        var root = SimulatorHarness.RecordingsDirectory;
        var frames = new List<RecordedFrame>();
        double? origin = null;
        foreach (var line in File.ReadLines(Path.Combine(root, stem + ".ws.1.0")))
        {
            var separator = line.IndexOf(": ", StringComparison.Ordinal);
            if (line.Length == 0 || line.StartsWith("wss://", StringComparison.Ordinal) || separator < 0)
            {
                continue;
            }

            var received = double.Parse(line.AsSpan(0, separator), CultureInfo.InvariantCulture);
            origin ??= received;
            var payload = line[(separator + 2)..];
            using var document = JsonDocument.Parse(payload);
            var stream = document.RootElement.GetProperty("stream").GetString()!;
            frames.Add(new RecordedFrame(received - origin.Value, stream, payload, document.RootElement.GetProperty("data").GetRawText()));
        }

        var snapshots = new Dictionary<string, RecordedSnapshot>();
        foreach (var line in File.ReadLines(Path.Combine(root, stem + ".http.0.0")))
        {
            var arrow = line.IndexOf(" -> ", StringComparison.Ordinal);
            if (arrow < 0)
            {
                continue;
            }

            var url = new Uri(line[..arrow]);
            var symbol = url.Query.Split('&')[0].Split('=')[1];
            var body = line[(line.IndexOf(": ", arrow, StringComparison.Ordinal) + 2)..];
            using var document = JsonDocument.Parse(body);
            snapshots[symbol] = new RecordedSnapshot(
                document.RootElement.GetProperty("lastUpdateId").GetInt64(),
                Levels(document.RootElement.GetProperty("bids")),
                Levels(document.RootElement.GetProperty("asks")));
        }

        return new RecordedSession(futures, origin ?? 0, frames, snapshots);
    }

    /// <summary>Frames of one stream in recorded order; a depth stream's frames start at the diff that bridges the snapshot.</summary>
    public List<RecordedFrame> FramesOf(string stream)
    {
        var frames = Frames.Where(f => f.Stream == stream).ToList();
        if (!stream.Contains("@depth", StringComparison.Ordinal))
        {
            return frames;
        }

        var symbol = stream[..stream.IndexOf('@', StringComparison.Ordinal)].ToUpperInvariant();
        var lastUpdateId = Snapshots[symbol].LastUpdateId;
        var needed = IsFutures ? lastUpdateId : lastUpdateId + 1;
        return frames.SkipWhile(f => f.Data.GetProperty("u").GetInt64() < needed).ToList();
    }

    /// <summary>The recorded snapshot of a symbol with diffs applied up to and including update id <paramref name="upTo"/>.</summary>
    public ReferenceBook BookAfter(string symbol, string depthStream, long upTo)
    {
        var book = new ReferenceBook(Snapshots[symbol]);
        foreach (var frame in FramesOf(depthStream))
        {
            if (frame.Data.GetProperty("u").GetInt64() > upTo)
            {
                break;
            }

            book.Apply(frame.Data);
        }

        return book;
    }

    private static List<(string Price, string Size)> Levels(JsonElement levels) =>
        levels.EnumerateArray().Select(l => (l[0].GetString()!, l[1].GetString()!)).ToList();
}

/// <summary>One recorded frame.</summary>
/// <param name="Offset">Seconds since the first frame.</param>
/// <param name="Stream">Stream name from the wrapper.</param>
/// <param name="Payload">The combined frame, exactly as recorded.</param>
/// <param name="DataText">The data object's text.</param>
internal sealed record RecordedFrame(double Offset, string Stream, string Payload, string DataText)
{
    public JsonElement Data => JsonDocument.Parse(DataText).RootElement;
}

internal sealed record RecordedSnapshot(long LastUpdateId, List<(string Price, string Size)> Bids, List<(string Price, string Size)> Asks);

/// <summary>An order book kept the way a client keeps it: absolute sizes per price, zero removes.</summary>
internal sealed class ReferenceBook
{
    public ReferenceBook(RecordedSnapshot snapshot)
    {
        LastUpdateId = snapshot.LastUpdateId;
        foreach (var (price, size) in snapshot.Bids)
        {
            Bids[decimal.Parse(price, CultureInfo.InvariantCulture)] = decimal.Parse(size, CultureInfo.InvariantCulture);
        }

        foreach (var (price, size) in snapshot.Asks)
        {
            Asks[decimal.Parse(price, CultureInfo.InvariantCulture)] = decimal.Parse(size, CultureInfo.InvariantCulture);
        }
    }

    public ReferenceBook(JsonElement depth)
    {
        LastUpdateId = depth.GetProperty("lastUpdateId").GetInt64();
        Set(Bids, depth.GetProperty("bids"));
        Set(Asks, depth.GetProperty("asks"));
    }

    public long LastUpdateId { get; private set; }

    public SortedDictionary<decimal, decimal> Bids { get; } = new(Comparer<decimal>.Create((a, b) => b.CompareTo(a)));

    public SortedDictionary<decimal, decimal> Asks { get; } = [];

    public void Apply(JsonElement diff)
    {
        Set(Bids, diff.GetProperty("b"));
        Set(Asks, diff.GetProperty("a"));
        LastUpdateId = diff.GetProperty("u").GetInt64();
    }

    /// <summary>Both sides as "price:size" lines, best first, for readable equality checks.</summary>
    public string Describe(int depth = int.MaxValue) =>
        string.Join(' ', Bids.Take(depth).Select(l => $"b{l.Key}:{l.Value}")) + " | " +
        string.Join(' ', Asks.Take(depth).Select(l => $"a{l.Key}:{l.Value}"));

    private static void Set(SortedDictionary<decimal, decimal> side, JsonElement levels)
    {
        foreach (var level in levels.EnumerateArray())
        {
            var price = decimal.Parse(level[0].GetString()!, CultureInfo.InvariantCulture);
            var size = decimal.Parse(level[1].GetString()!, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                side.Remove(price);
            }
            else
            {
                side[price] = size;
            }
        }
    }
}

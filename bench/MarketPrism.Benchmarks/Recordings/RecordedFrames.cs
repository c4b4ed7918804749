using MarketPrism.Core.Recordings;

namespace MarketPrism.Benchmarks.Recordings;

/// <summary>The recorded exchange sessions copied next to the benchmark assembly (see recordings/SOURCES.md).</summary>
public static class RecordedFrames
{
    public static string PathOf(string relative) =>
        Path.Combine(AppContext.BaseDirectory, "recordings", relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Every frame the capture received (WebSocket frames; REST bodies are not frames), in recorded order.</summary>
    public static List<byte[]> Received(string relative)
    {
        var frames = new List<byte[]>();
        foreach (var entry in CaptureReader.ReadFile(PathOf(relative)))
        {
            if (entry.Kind == CaptureEntryKind.Received)
            {
                frames.Add(entry.Payload.ToArray());
            }
        }

        return frames;
    }

    /// <summary>Every REST response of a capture with its request address.</summary>
    public static List<(string Url, byte[] Body)> Responses(string relative)
    {
        var responses = new List<(string, byte[])>();
        foreach (var entry in CaptureReader.ReadFile(PathOf(relative)))
        {
            if (entry.Kind == CaptureEntryKind.HttpResponse)
            {
                responses.Add((entry.Url!, entry.Payload.ToArray()));
            }
        }

        return responses;
    }
}

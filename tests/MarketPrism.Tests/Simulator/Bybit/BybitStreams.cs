using System.Net.WebSockets;
using System.Text.Json;
using MarketPrism.Simulator;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator.Bybit;

/// <summary>Addresses of the simulated Bybit venues, the recorded session, and small helpers for their messages.</summary>
internal static class BybitStreams
{
    public const string LinearPath = "/bybit/linear/v5/public/linear";
    public const string SpotPath = "/bybit/spot/v5/public/spot";
    public const string Symbol = "XRPUSDT";

    public static string RecordingPath => Path.Combine(RecordingsDirectory, "bybit", "2024-12-01_XRPUSDT_ob500.data");

    /// <summary>The recorded lines: the snapshot, then 49 deltas.</summary>
    public static string[] RecordedLines => [.. File.ReadLines(RecordingPath).Where(line => line.Length > 0)];

    public static Task SubscribeAsync(WebSocket socket, string requestId, CancellationToken cancellationToken, params string[] topics) =>
        SendAsync(socket, JsonSerializer.Serialize(new { req_id = requestId, op = "subscribe", args = topics }), cancellationToken);

    public static Task UnsubscribeAsync(WebSocket socket, string requestId, CancellationToken cancellationToken, params string[] topics) =>
        SendAsync(socket, JsonSerializer.Serialize(new { req_id = requestId, op = "unsubscribe", args = topics }), cancellationToken);

    /// <summary>Receives every message of a finished venue that is already on its way: the generated count for the topics.</summary>
    public static async Task<List<JsonElement>> ReceiveGeneratedAsync(RunningSimulator simulator, WebSocket socket, string venue, int alreadyReceived, CancellationToken cancellationToken, params string[] topics)
    {
        var generated = topics.Sum(topic => simulator.GetFramesGenerated(venue, topic));
        var messages = await ReceiveManyAsync(socket, (int)generated - alreadyReceived, cancellationToken);
        return [.. messages.Select(message => JsonDocument.Parse(message).RootElement)];
    }

    /// <summary>A book built the way a Bybit client builds it: a snapshot replaces it, a delta changes it.</summary>
    public static ReferenceBook Rebuild(IEnumerable<JsonElement> messages)
    {
        ReferenceBook? book = null;
        foreach (var message in messages)
        {
            if (message.GetProperty("type").GetString() == "snapshot")
            {
                book = new ReferenceBook(new RecordedSnapshot(0, [], []));
            }

            book!.Apply(message.GetProperty("data"));
        }

        return book ?? throw new InvalidOperationException("No snapshot received.");
    }

    /// <summary>The simulator's truth in <see cref="ReferenceBook.Describe"/>'s form.</summary>
    public static string Describe(TrueBook truth) =>
        string.Join(' ', truth.Bids.Select(l => $"b{l.Price}:{l.Size}")) + " | " + string.Join(' ', truth.Asks.Select(l => $"a{l.Price}:{l.Size}"));
}

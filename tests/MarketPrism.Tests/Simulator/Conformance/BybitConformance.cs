using System.Text.Json;

namespace MarketPrism.Tests.Simulator.Conformance;

/// <summary>Bybit v5's public stream, spot and linear: what the two categories share.</summary>
public abstract class BybitConformance : SimulatedVenueConformance
{
    protected override string ProtocolFolder => "bybit";

    protected override IReadOnlyCollection<string> VolatilePaths => ["$.conn_id"];

    protected abstract string Category { get; }

    protected override string WebSocketPath => $"/bybit/{Category}/v5/public/{Category}";

    protected override string Symbol => "XRPUSDT";

    protected override string BookStream => $"orderbook.{BookDepth}.XRPUSDT";

    protected override string SubscribeRequest => $$"""{"req_id":"1","op":"subscribe","args":["{{BookStream}}"]}""";

    protected override string UnknownChannelRequest => """{"req_id":"2","op":"subscribe","args":["candles.XRPUSDT"]}""";

    protected override string MarkerRequest => """{"req_id":"marker","op":"ping"}""";

    protected override bool IsMarkerReply(string message) => message.Contains("\"req_id\":\"marker\"", StringComparison.Ordinal);

    protected override string? HeartbeatFileExtension => ".json";

    protected override string RestProbePath => $"/bybit/{Category}/v5/market/time";

    protected override string RestBookPath => $"/bybit/{Category}/v5/market/orderbook?category={Category}&symbol=XRPUSDT&limit={BookDepth}";

    protected override bool SnapshotInBand => true;

    protected override LocalBook ReadRestBook(JsonElement body)
    {
        var result = body.GetProperty("result");
        var book = new LocalBook { Sequence = result.GetProperty("u").GetInt64() };
        SetLevels(book.Bids, result.GetProperty("b"));
        SetLevels(book.Asks, result.GetProperty("a"));
        return book;
    }

    protected override bool? ApplyBookFrame(JsonElement message, LocalBook book)
    {
        if (!message.TryGetProperty("topic", out var topic) || topic.GetString() != BookStream)
        {
            return null;
        }

        var data = message.GetProperty("data");
        var snapshot = message.GetProperty("type").GetString() == "snapshot";
        if (snapshot)
        {
            book.Clear();
        }

        var update = data.GetProperty("u").GetInt64();
        var continues = snapshot || update == book.Sequence + 1;
        SetLevels(book.Bids, data.GetProperty("b"));
        SetLevels(book.Asks, data.GetProperty("a"));
        book.Sequence = update;
        return continues;
    }

    private static void SetLevels(SortedDictionary<decimal, decimal> side, JsonElement levels)
    {
        foreach (var level in levels.EnumerateArray())
        {
            LocalBook.Set(side, LocalBook.Parse(level[0].GetString()!), LocalBook.Parse(level[1].GetString()!));
        }
    }
}

public sealed class BybitLinearConformance : BybitConformance
{
    protected override string Venue => SimulatorHarness.BybitLinear;

    protected override string Category => "linear";

    protected override int BookDepth => 500;
}

public sealed class BybitSpotConformance : BybitConformance
{
    protected override string Venue => SimulatorHarness.BybitSpot;

    protected override string Category => "spot";

    protected override string GoldenSuffix => "-spot";

    protected override int BookDepth => 200;
}

using System.Text.Json;

namespace MarketPrism.Tests.Simulator.Conformance;

public sealed class OkxConformance : SimulatedVenueConformance
{
    protected override string Venue => SimulatorHarness.OkxVenue;

    protected override string ProtocolFolder => "okx";

    protected override IReadOnlyCollection<string> VolatilePaths => ["$.connId"];

    protected override string WebSocketPath => "/okx/ws/v5/public";

    protected override string Symbol => "BTC-USDT";

    protected override string BookStream => "books:BTC-USDT";

    protected override string SubscribeRequest => """{"op":"subscribe","args":[{"channel":"books","instId":"BTC-USDT"}]}""";

    protected override string UnknownChannelRequest => """{"op":"subscribe","args":[{"channel":"books","instId":"ETH-USDT"}]}""";

    protected override string MarkerRequest => "ping";

    protected override bool IsMarkerReply(string message) => message == "pong";

    protected override string? HeartbeatFileExtension => ".txt";

    protected override string RestProbePath => "/okx/api/v5/public/time";

    protected override string RestBookPath => "/okx/api/v5/market/books?instId=BTC-USDT&sz=400";

    protected override bool SnapshotInBand => true;

    protected override bool HasBookChecksum => true;

    protected override LocalBook ReadRestBook(JsonElement body)
    {
        var data = body.GetProperty("data")[0];
        var book = new LocalBook { Sequence = data.GetProperty("seqId").GetInt64() };
        SetLevels(book.Bids, data.GetProperty("bids"));
        SetLevels(book.Asks, data.GetProperty("asks"));
        return book;
    }

    protected override bool? ApplyBookFrame(JsonElement message, LocalBook book)
    {
        if (!message.TryGetProperty("arg", out var arg) || !message.TryGetProperty("data", out var frames)
            || arg.GetProperty("channel").GetString() != "books" || arg.GetProperty("instId").GetString() != Symbol)
        {
            return null;
        }

        var data = frames[0];
        var snapshot = message.GetProperty("action").GetString() == "snapshot";
        if (snapshot)
        {
            book.Clear();
        }

        var continues = snapshot || data.GetProperty("prevSeqId").GetInt64() == book.Sequence;
        SetLevels(book.Bids, data.GetProperty("bids"));
        SetLevels(book.Asks, data.GetProperty("asks"));
        book.Sequence = data.GetProperty("seqId").GetInt64();
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

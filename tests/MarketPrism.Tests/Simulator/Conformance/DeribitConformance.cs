using System.Text.Json;

namespace MarketPrism.Tests.Simulator.Conformance;

public sealed class DeribitConformance : SimulatedVenueConformance
{
    private const string Instrument = "BTC-24SEP21-8000-P";

    protected override string Venue => "deribit";

    protected override string ProtocolFolder => "deribit";

    protected override IReadOnlyCollection<string> VolatilePaths => ["$.usIn", "$.usOut", "$.usDiff"];

    protected override string WebSocketPath => "/deribit/ws/api/v2";

    protected override string Symbol => Instrument;

    protected override string BookStream => $"book.{Instrument}.100ms";

    protected override string SubscribeRequest => $$$"""{"jsonrpc":"2.0","id":42,"method":"public/subscribe","params":{"channels":["{{{BookStream}}}"]}}""";

    // Deribit answers a subscription with the channels it took: one it does not have is left out.
    protected override string UnknownChannelRequest => """{"jsonrpc":"2.0","id":43,"method":"public/subscribe","params":{"channels":["book.BTC-1JAN99-1-C.100ms"]}}""";

    protected override string MarkerRequest => """{"jsonrpc":"2.0","id":99,"method":"public/test","params":{}}""";

    protected override bool IsMarkerReply(string message) => message.StartsWith("""{"jsonrpc":"2.0","id":99,""", StringComparison.Ordinal);

    protected override string? HeartbeatFileExtension => ".json";

    protected override bool SendsPingFrames => true;

    protected override string RestProbePath => "/deribit/api/v2/public/get_time";

    protected override string RestBookPath => $"/deribit/api/v2/public/get_order_book?instrument_name={Instrument}&depth=1000";

    protected override bool SnapshotInBand => true;

    protected override LocalBook ReadRestBook(JsonElement body)
    {
        var result = body.GetProperty("result");
        var book = new LocalBook { Sequence = result.GetProperty("change_id").GetInt64() };
        foreach (var (side, name) in new[] { (book.Bids, "bids"), (book.Asks, "asks") })
        {
            foreach (var level in result.GetProperty(name).EnumerateArray())
            {
                LocalBook.Set(side, level[0].GetDecimal(), level[1].GetDecimal());
            }
        }

        return book;
    }

    protected override bool? ApplyBookFrame(JsonElement message, LocalBook book)
    {
        if (!message.TryGetProperty("method", out var method) || method.GetString() != "subscription"
            || message.GetProperty("params").GetProperty("channel").GetString() != BookStream)
        {
            return null;
        }

        var data = message.GetProperty("params").GetProperty("data");
        var snapshot = data.GetProperty("type").GetString() == "snapshot";
        if (snapshot)
        {
            book.Clear();
        }

        var continues = snapshot || data.GetProperty("prev_change_id").GetInt64() == book.Sequence;
        foreach (var (side, name) in new[] { (book.Bids, "bids"), (book.Asks, "asks") })
        {
            foreach (var level in data.GetProperty(name).EnumerateArray())
            {
                LocalBook.Set(side, level[1].GetDecimal(), level[0].GetString() == "delete" ? 0 : level[2].GetDecimal());
            }
        }

        book.Sequence = data.GetProperty("change_id").GetInt64();
        return continues;
    }
}

using System.Text.Json;

namespace MarketPrism.Tests.Simulator.Conformance;

/// <summary>Binance's market-stream protocol, spot and USD-M: what the two markets share.</summary>
public abstract class BinanceConformance : SimulatedVenueConformance
{
    protected override string ProtocolFolder => "binance";

    protected abstract string StreamSymbol { get; }

    protected override string BookStream => StreamSymbol + "@depth@100ms";

    protected override string SubscribeRequest => $$"""{"method":"SUBSCRIBE","params":["{{BookStream}}"],"id":1}""";

    // Binance accepts any well-formed stream name (a stream it does not have stays silent), so the refused channel is a malformed one.
    protected override string UnknownChannelRequest => """{"method":"SUBSCRIBE","params":["NKNUSDT@depth"],"id":2}""";

    protected override string MarkerRequest => """{"method":"LIST_SUBSCRIPTIONS","id":99}""";

    protected override bool IsMarkerReply(string message) => message.StartsWith("""{"result":[""", StringComparison.Ordinal) && message.EndsWith("\"id\":99}", StringComparison.Ordinal);

    protected override bool SendsPingFrames => true;

    protected override bool SnapshotInBand => false;

    protected override LocalBook ReadRestBook(JsonElement body)
    {
        var book = new LocalBook { Sequence = body.GetProperty("lastUpdateId").GetInt64() };
        SetLevels(book.Bids, body.GetProperty("bids"));
        SetLevels(book.Asks, body.GetProperty("asks"));
        return book;
    }

    protected override bool? ApplyBookFrame(JsonElement message, LocalBook book)
    {
        if (message.ValueKind != JsonValueKind.Object
            || !message.TryGetProperty("e", out var kind) || kind.GetString() != "depthUpdate"
            || message.GetProperty("s").GetString() != Symbol)
        {
            return null;
        }

        var first = message.GetProperty("U").GetInt64();
        var last = message.GetProperty("u").GetInt64();
        var continues = Continues(message, first, last, book.Sequence);
        SetLevels(book.Bids, message.GetProperty("b"));
        SetLevels(book.Asks, message.GetProperty("a"));
        book.Sequence = last;
        return continues;
    }

    /// <summary>Binance's documented bridging rule of the market (spot: <c>U == prev u + 1</c>; USD-M: <c>pu == prev u</c>).</summary>
    protected abstract bool Continues(JsonElement diff, long first, long last, long previous);

    private static void SetLevels(SortedDictionary<decimal, decimal> side, JsonElement levels)
    {
        foreach (var level in levels.EnumerateArray())
        {
            LocalBook.Set(side, LocalBook.Parse(level[0].GetString()!), LocalBook.Parse(level[1].GetString()!));
        }
    }
}

public sealed class BinanceSpotConformance : BinanceConformance
{
    protected override string Venue => SimulatorHarness.Spot;

    protected override string WebSocketPath => "/binance/spot/ws";

    protected override string Symbol => "NKNUSDT";

    protected override string StreamSymbol => "nknusdt";

    protected override string RestProbePath => "/binance/spot/api/v3/time";

    protected override string RestBookPath => "/binance/spot/api/v3/depth?symbol=NKNUSDT&limit=5000";

    // The first diff after the snapshot holds lastUpdateId+1; every later one starts right after the previous.
    protected override bool Continues(JsonElement diff, long first, long last, long previous) => first <= previous + 1 && previous + 1 <= last;
}

public sealed class BinanceFuturesConformance : BinanceConformance
{
    protected override string Venue => SimulatorHarness.Futures;

    protected override string WebSocketPath => "/binance/futures/ws";

    protected override string Symbol => "SUSHIUSDT";

    protected override string StreamSymbol => "sushiusdt";

    protected override string RestProbePath => "/binance/futures/fapi/v1/time";

    protected override string RestBookPath => "/binance/futures/fapi/v1/depth?symbol=SUSHIUSDT&limit=1000";

    // The first diff after the snapshot spans lastUpdateId; every later one names the previous one's u as pu.
    protected override bool Continues(JsonElement diff, long first, long last, long previous) =>
        diff.GetProperty("pu").GetInt64() == previous || (first <= previous && previous <= last);
}

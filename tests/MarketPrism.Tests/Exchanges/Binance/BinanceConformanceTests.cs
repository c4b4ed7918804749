using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Tests.Exchanges.Conformance;

namespace MarketPrism.Tests.Exchanges.Binance;

/// <summary>
/// Binance spot and USD-M perpetuals under every venue rule (<see cref="VenueConformanceTests"/>). The COIN-M capture
/// is read through the perpetual market, whose parser reads COIN-M frames too. Books sync from REST: the recorded
/// depth answers are part of the replayed sessions.
/// </summary>
public sealed class BinanceConformanceTests : VenueConformanceTests
{
    protected override string Exchange => "binance";

    protected override IReadOnlyList<VenueRecording> Recordings { get; } =
    [
        new("binance/BINANCE.ws.1.0", MarketType.Spot),
        new("binance/tardis-node_mappers_binance.ndjson", MarketType.Spot) { IsSession = false },
        new("binance-futures/BINANCE_FUTURES.ws.1.0", MarketType.Perpetual),
        new("binance-futures/tardis-node_mappers_binance-futures.ndjson", MarketType.Perpetual) { IsSession = false },
        new("binance-delivery/BINANCE_DELIVERY.ws.1.0", MarketType.Perpetual),
    ];

    /// <summary>The REST captures recorded alongside the WebSocket sessions, in the same order.</summary>
    private static readonly (VenueRecording Frames, VenueRecording Answers)[] Sessions =
    [
        (new("binance/BINANCE.ws.1.0", MarketType.Spot), new("binance/BINANCE.http.0.0", MarketType.Spot)),
        (new("binance-futures/BINANCE_FUTURES.ws.1.0", MarketType.Perpetual), new("binance-futures/BINANCE_FUTURES.http.0.0", MarketType.Perpetual)),
        (new("binance-delivery/BINANCE_DELIVERY.ws.1.0", MarketType.Perpetual), new("binance-delivery/BINANCE_DELIVERY.http.0.0", MarketType.Perpetual)),
    ];

    protected override IReadOnlyDictionary<MarketType, string[]> SampleSymbols { get; } = new Dictionary<MarketType, string[]>
    {
        [MarketType.Spot] = ["BTC-USDT", "ETH-BTC", "RUNE-EUR"],
        [MarketType.Perpetual] = ["BTC-USDT", "SUSHI-USDT", "AKRO-USDT"],
    };

    protected override IReadOnlyList<GoldenRequest> GoldenRequests { get; } =
    [
        new("subscribe-request.json", MarketType.Spot, ["BTC-USDT", "ETH-USDT"], [DataType.Trade, DataType.BookDelta], 1),
        new("unsubscribe-request.json", MarketType.Spot, ["BTC-USDT"], [DataType.BookDelta], 312, Unsubscribe: true),
        new("subscribe-request-usdm.json", MarketType.Perpetual, ["BTC-USDT"], [DataType.Trade, DataType.BookDelta, DataType.FundingRate], 2),
    ];

    protected override IReadOnlyDictionary<string, string> RejectedRecordedFrames { get; } = new Dictionary<string, string>
    {
        // tardis-node's 2019 aggTrade sample has no aggregate id "a" (the file notes some frames are trimmed): without
        // it there is no trade id to store, so the frame is reported rather than given an id of another kind.
        ["binance-futures/tardis-node_mappers_binance-futures.ndjson:1"] = "aggTrade: missing field 'a'",

        // Its generated depth snapshot, trimmed to one bid (8488.36) above the best ask (4095.99), is a crossed book.
        ["binance-futures/tardis-node_mappers_binance-futures.ndjson:7"] = "crossed book_snapshot",
    };

    protected override IReadOnlyList<string> UnknownChannelFrames(MarketType market) =>
    [
        """{"stream":"btcusdt@brandNewStream","data":{"e":"brandNewEvent","E":1700000000000,"s":"BTCUSDT"}}""",
        """{"e":"brandNewEvent","E":1700000000000,"s":"BTCUSDT"}""",
    ];

    /// <summary>Each session's diff-depth updates as the parser makes them, and its REST depth answers, merged by receive time.</summary>
    protected override IReadOnlyList<BookSession> BookSessions()
    {
        var sessions = new List<BookSession>();
        foreach (var (frames, answers) in Sessions)
        {
            var market = frames.MarketOf([]);
            var venue = VenueOf(market);
            var parser = NewParser(venue);
            var table = venue.CreateInstrumentTable([]);
            var timeline = new List<(DateTime Received, BookEvent Event)>();
            foreach (var frame in frames.Frames())
            {
                var output = new List<MarketRecord>();
                if (parser.Parse(frame.Payload, frame.Received, output).Kind == FrameKind.Data)
                {
                    timeline.AddRange(output.OfType<BookDeltaRecord>().Select(delta => (frame.Received, BookEvent.Of(delta))));
                }
            }

            foreach (var (url, body, received) in answers.Responses())
            {
                var symbol = url.Split("symbol=")[1].Split('&')[0];
                Assert.True(table.TryGet(symbol, out var instrument), symbol);
                timeline.Add((received, new BookEvent(instrument, null, venue.ParseDepthSnapshot(body, received))));
            }

            // Stable: events recorded at the same instant keep their order, frames before answers.
            sessions.Add(new BookSession(frames.File, market, [.. timeline.OrderBy(e => e.Received).Select(e => e.Event)]));
        }

        return sessions;
    }

    protected override IEnumerable<(MarketType Market, List<(byte[] Body, DateTime Received)> Bodies)> DepthSnapshotBodies() =>
        Sessions.Take(2).Select(session => (session.Answers.MarketOf([]), session.Answers.Responses().Select(r => (r.Body, r.Received)).ToList()));
}

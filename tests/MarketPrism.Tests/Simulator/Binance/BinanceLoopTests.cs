using System.Text.Json;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator.Binance;

public sealed class BinanceLoopTests
{
    private static readonly string[] StreamKinds = ["@depth@100ms", "@bookTicker", "@aggTrade", "@trade"];

    [Theory]
    [InlineData(false, "NKNUSDT")]
    [InlineData(true, "SUSHIUSDT")]
    public async Task Looping_keeps_every_id_sequence_continuous_and_the_book_equal_to_the_truth(bool futures, string symbol)
    {
        var lower = symbol.ToLowerInvariant();
        var venue = futures ? Futures : Spot;
        var prefix = futures ? "/binance/futures" : "/binance/spot";
        var streams = StreamKinds.Select(s => lower + s).ToArray();
        var clock = new ManualClock();
        await using var simulator = await StartAsync(
            o =>
            {
                o.AutoStart = false;
                o.Loop = true;
                o.Speed = 1;
            },
            clock);
        using var http = Http(simulator);
        var cancellation = Within(60);
        var depthPath = futures ? $"{prefix}/fapi/v1/depth?symbol={symbol}&limit=1000" : $"{prefix}/api/v3/depth?symbol={symbol}&limit=5000";
        using var initial = JsonDocument.Parse(await http.GetStringAsync(depthPath, cancellation));
        using var socket = await ConnectAsync(simulator, $"{prefix}/stream?streams={string.Join('/', streams)}", cancellation);
        var waiting = clock.NextTimerAsync(cancellation);
        simulator.Start(venue);
        await waiting;

        // Three and a half passes of about 30 s each.
        for (var step = 0; step < 21; step++)
        {
            await clock.AdvanceAndSettleAsync(TimeSpan.FromSeconds(5), cancellation);
        }

        var generated = streams.Sum(s => simulator.GetFramesGenerated(venue, s));
        var frames = (await ReceiveManyAsync(socket, (int)generated, cancellation))
            .Select(m => JsonDocument.Parse(m).RootElement)
            .GroupBy(m => m.GetProperty("stream").GetString()!)
            .ToDictionary(g => g.Key, g => g.Select(m => m.GetProperty("data")).ToList());
        using var final = JsonDocument.Parse(await http.GetStringAsync(depthPath, cancellation));

        Assert.Equal(3, simulator.GetStatus().Venues.Single(v => v.Name == venue).Loops);
        var diffs = frames[lower + "@depth@100ms"];
        var book = new ReferenceBook(initial.RootElement);
        var first = diffs[0];
        if (futures)
        {
            Assert.True(first.GetProperty("U").GetInt64() <= book.LastUpdateId && book.LastUpdateId <= first.GetProperty("u").GetInt64());
        }
        else
        {
            Assert.True(first.GetProperty("U").GetInt64() <= book.LastUpdateId + 1 && book.LastUpdateId + 1 <= first.GetProperty("u").GetInt64());
        }

        for (var i = 0; i < diffs.Count; i++)
        {
            if (i > 0)
            {
                var previous = diffs[i - 1].GetProperty("u").GetInt64();
                if (futures)
                {
                    Assert.Equal(previous, diffs[i].GetProperty("pu").GetInt64());
                }
                else
                {
                    Assert.Equal(previous + 1, diffs[i].GetProperty("U").GetInt64());
                }

                Assert.True(diffs[i].GetProperty("E").GetInt64() >= diffs[i - 1].GetProperty("E").GetInt64());
            }

            book.Apply(diffs[i]);
        }

        var truth = new ReferenceBook(final.RootElement);
        Assert.Equal(truth.LastUpdateId, book.LastUpdateId);
        Assert.Equal(truth.Describe(), book.Describe(futures ? 1000 : int.MaxValue));
        AssertStrictlyIncreasing(frames[lower + "@bookTicker"].Select(f => f.GetProperty("u").GetInt64()));
        AssertConsecutive(frames[lower + "@aggTrade"].Select(f => f.GetProperty("a").GetInt64()));
        var trades = frames[lower + "@aggTrade"].Select(f => (First: f.GetProperty("f").GetInt64(), Last: f.GetProperty("l").GetInt64())).ToList();
        Assert.All(trades.Skip(1).Zip(trades), pair => Assert.Equal(pair.Second.Last + 1, pair.First.First));
        AssertConsecutive(frames[lower + "@trade"].Select(f => f.GetProperty("t").GetInt64()));
    }

    [Fact]
    public async Task A_session_that_does_not_loop_finishes_and_keeps_its_connections_open()
    {
        await using var simulator = await StartAsync();
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/binance/spot/stream?streams=runeeur@depth@100ms", cancellation);

        await simulator.WhenFinishedAsync(Spot, cancellation);
        await SendAsync(socket, """{"method":"LIST_SUBSCRIPTIONS","id":1}""", cancellation);
        var messages = await ReceiveManyAsync(socket, 2, cancellation);

        var status = simulator.GetStatus().Venues.Single(v => v.Name == Spot);
        Assert.True(status.Finished);
        Assert.Equal(1, status.Loops);
        Assert.Equal(RecordedSession.Spot.FramesOf("runeeur@depth@100ms")[0].Payload, messages[0]);
        Assert.Equal("""{"result":["runeeur@depth@100ms"],"id":1}""", messages[1]);
    }

    private static void AssertConsecutive(IEnumerable<long> ids)
    {
        var list = ids.ToList();
        Assert.NotEmpty(list);
        for (var i = 1; i < list.Count; i++)
        {
            Assert.True(list[i] == list[i - 1] + 1, $"id {list[i]} follows {list[i - 1]} at {i}");
        }
    }

    private static void AssertStrictlyIncreasing(IEnumerable<long> ids)
    {
        var list = ids.ToList();
        Assert.NotEmpty(list);
        for (var i = 1; i < list.Count; i++)
        {
            Assert.True(list[i] > list[i - 1], $"id {list[i]} follows {list[i - 1]} at {i}");
        }
    }
}

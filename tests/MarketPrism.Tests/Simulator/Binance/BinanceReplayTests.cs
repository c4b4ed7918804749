using System.Text.Json;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator.Binance;

public sealed class BinanceReplayTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Combined_stream_frames_are_the_recorded_bytes_in_recorded_order(bool futures)
    {
        var session = futures ? RecordedSession.Futures : RecordedSession.Spot;
        var streams = session.Frames.Select(f => f.Stream).Distinct().ToList();
        await using var simulator = await StartAsync();
        var cancellation = Within();

        using var socket = await ConnectAsync(simulator, $"{Prefix(futures)}/stream?streams={string.Join('/', streams)}", cancellation);
        var expectedCount = streams.Sum(s => session.FramesOf(s).Count);
        var received = await ReceiveManyAsync(socket, expectedCount, cancellation);

        foreach (var stream in streams)
        {
            var expected = session.FramesOf(stream).Select(f => f.Payload).ToList();
            var actual = received.Where(m => StreamOf(m) == stream).ToList();
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public async Task Raw_stream_frames_are_the_bare_data_objects()
    {
        const string stream = "nknusdt@bookTicker";
        await using var simulator = await StartAsync();
        var cancellation = Within();

        using var socket = await ConnectAsync(simulator, $"/binance/spot/ws/{stream}", cancellation);
        var expected = RecordedSession.Spot.FramesOf(stream).Select(f => f.DataText).ToList();
        var received = await ReceiveManyAsync(socket, expected.Count, cancellation);

        Assert.Equal(expected, received);
    }

    [Fact]
    public async Task Every_subscriber_gets_each_frame_and_a_late_subscriber_gets_only_what_follows()
    {
        const string stream = "sushiusdt@bookTicker";
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.Speed = 1, clock);
        var cancellation = Within();
        var waiting = clock.NextTimerAsync(cancellation);
        using var early = await ConnectAsync(simulator, $"/binance/futures/ws/{stream}", cancellation);
        await waiting;
        await clock.AdvanceAndSettleAsync(TimeSpan.FromSeconds(10), cancellation);
        using var late = await ConnectAsync(simulator, $"/binance/futures/ws/{stream}", cancellation);
        await simulator.WaitForConnectionAsync(c => c.Id == 2, cancellation);

        clock.Advance(TimeSpan.FromMinutes(1));
        await simulator.WhenFinishedAsync(Futures, cancellation);

        var recorded = RecordedSession.Futures.FramesOf(stream);
        var afterTenSeconds = recorded.Where(f => f.Offset > 10).Select(f => f.DataText).ToList();
        Assert.Equal(recorded.Select(f => f.DataText), await ReceiveManyAsync(early, recorded.Count, cancellation));
        Assert.Equal(afterTenSeconds, await ReceiveManyAsync(late, afterTenSeconds.Count, cancellation));
        Assert.Equal(recorded.Count, simulator.GetFramesGenerated(Futures, stream));
        await early.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, cancellation);
        await late.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, cancellation);
        var closed = new[]
        {
            await simulator.WaitForConnectionClosedAsync(1, cancellation),
            await simulator.WaitForConnectionClosedAsync(2, cancellation),
        };
        Assert.Equal([recorded.Count, afterTenSeconds.Count], closed.Select(c => c.FramesSent));
        Assert.All(closed, c => Assert.Equal("client closed (NormalClosure)", c.Reason));
    }

    private static string Prefix(bool futures) => futures ? "/binance/futures" : "/binance/spot";

    private static string StreamOf(string message)
    {
        using var document = JsonDocument.Parse(message);
        return document.RootElement.GetProperty("stream").GetString()!;
    }
}

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

    private static string Prefix(bool futures) => futures ? "/binance/futures" : "/binance/spot";

    private static string StreamOf(string message)
    {
        using var document = JsonDocument.Parse(message);
        return document.RootElement.GetProperty("stream").GetString()!;
    }
}

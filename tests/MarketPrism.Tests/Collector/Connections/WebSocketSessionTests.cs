using System.Text.Json;
using MarketPrism.Collector.Connections;
using MarketPrism.Simulator;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Collector.Connections;

/// <summary>The collector's WebSocket session against the simulator's oversized-frame fault.</summary>
public sealed class WebSocketSessionTests
{
    private const string Stream = "/binance/spot/ws/nknusdt@bookTicker";

    [Fact]
    public async Task A_message_over_the_limit_is_refused_as_bad_data_and_its_buffer_goes_back_to_the_pool()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        await using var session = await WebSocketSession.ConnectAsync(WebSocketUri(simulator, Stream), TimeSpan.FromSeconds(10), cancellation);
        await simulator.WaitForConnectionAsync(cancellationToken: cancellation);

        simulator.OversizeNextFrame(Spot, RunningSimulator.DefaultOversizeBytes);
        simulator.Start();
        var refused = await Assert.ThrowsAsync<FrameTooLargeException>(async () => await session.ReceiveAsync(cancellation));

        Assert.Contains("larger than 16777216 bytes", refused.Message, StringComparison.Ordinal);
        Assert.Equal(64 * 1024, session.BufferLength);
    }

    [Fact]
    public async Task A_big_message_within_the_limit_is_received_whole_and_does_not_pin_a_big_buffer()
    {
        const int size = 5 * 1024 * 1024;
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        await using var session = await WebSocketSession.ConnectAsync(WebSocketUri(simulator, Stream), TimeSpan.FromSeconds(10), cancellation);
        await simulator.WaitForConnectionAsync(cancellationToken: cancellation);

        simulator.OversizeNextFrame(Spot, size);
        simulator.Start();
        var big = (await session.ReceiveAsync(cancellation))!.Value;
        var bigLength = big.Length;
        using var bigDocument = JsonDocument.Parse(big);
        var bigUpdateId = bigDocument.RootElement.GetProperty("u").GetInt64();
        var bufferAfterBig = session.BufferLength;
        var next = (await session.ReceiveAsync(cancellation))!.Value;
        using var nextDocument = JsonDocument.Parse(next);

        Assert.Equal(size, bigLength);
        Assert.True(bufferAfterBig >= size);
        Assert.True(nextDocument.RootElement.GetProperty("u").GetInt64() > bigUpdateId);
        Assert.Equal(64 * 1024, session.BufferLength);
    }
}

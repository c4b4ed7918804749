using System.Net.WebSockets;
using System.Text.Json;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator.Deribit;

/// <summary><c>public/set_heartbeat</c>: a <c>test_request</c> every interval, and a client that does not answer is cut.</summary>
public sealed class DeribitHeartbeatTests
{
    private const string TestRequest = """{"jsonrpc":"2.0","method":"heartbeat","params":{"type":"test_request"}}""";

    [Fact]
    public async Task A_client_that_answers_every_test_request_stays_connected()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.AutoStart = false, clock);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/deribit/ws/api/v2", cancellation);
        var timer = clock.NextTimerAsync(cancellation);
        await SendAsync(socket, """{"jsonrpc":"2.0","id":1,"method":"public/set_heartbeat","params":{"interval":10}}""", cancellation);
        using (var answer = JsonDocument.Parse((await ReceiveAsync(socket, cancellation))!))
        {
            Assert.Equal("ok", answer.RootElement.GetProperty("result").GetString());
        }

        await timer;
        for (var beat = 0; beat < 3; beat++)
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            Assert.Equal(TestRequest, await ReceiveAsync(socket, cancellation));
            await SendAsync(socket, "{\"jsonrpc\":\"2.0\",\"id\":" + (10 + beat) + ",\"method\":\"public/test\",\"params\":{}}", cancellation);
            Assert.Contains("\"version\"", await ReceiveAsync(socket, cancellation), StringComparison.Ordinal);
        }

        Assert.Equal(WebSocketState.Open, socket.State);
        Assert.Single(simulator.GetStatus().Connections);
    }

    [Fact]
    public async Task A_client_that_ignores_a_test_request_is_disconnected_at_the_next_beat()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.AutoStart = false, clock);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/deribit/ws/api/v2", cancellation);
        var timer = clock.NextTimerAsync(cancellation);
        await SendAsync(socket, """{"jsonrpc":"2.0","id":1,"method":"public/set_heartbeat","params":{"interval":10}}""", cancellation);
        await ReceiveAsync(socket, cancellation);
        await timer;

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TestRequest, await ReceiveAsync(socket, cancellation));
        clock.Advance(TimeSpan.FromSeconds(10));

        var connection = Assert.Single(simulator.GetStatus().Connections);
        Assert.Null(await ReceiveAsync(socket, cancellation));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        Assert.Equal("heartbeat test_request not answered", socket.CloseStatusDescription);
        var closed = await simulator.WaitForConnectionClosedAsync(connection.Id, cancellation);
        Assert.Equal("closed: heartbeat test_request not answered", closed.Reason);
    }
}

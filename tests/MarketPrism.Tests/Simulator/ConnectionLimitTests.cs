using System.Net.WebSockets;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator;

public sealed class ConnectionLimitTests
{
    [Theory]
    [InlineData(false, 5)]
    [InlineData(true, 10)]
    public async Task A_client_sending_more_messages_per_second_than_allowed_is_closed_and_recorded(bool futures, int limit)
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false, new ManualClock());
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, futures ? "/binance/futures/ws" : "/binance/spot/ws", cancellation);
        var connection = await simulator.WaitForConnectionAsync(cancellationToken: cancellation);

        for (var id = 1; id <= limit + 1; id++)
        {
            await SendAsync(socket, $$"""{"method":"LIST_SUBSCRIPTIONS","id":{{id}}}""", cancellation);
        }

        var replies = await ReceiveManyAsync(socket, limit, cancellation);
        var end = await ReceiveAsync(socket, cancellation);
        var closed = await simulator.WaitForConnectionClosedAsync(connection.Id, cancellation);
        var violation = Assert.Single(simulator.GetStatus().RateLimitViolations);

        Assert.Equal($$"""{"result":[],"id":{{limit}}}""", replies[^1]);
        Assert.Null(end);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        Assert.Equal("Too many requests", socket.CloseStatusDescription);
        Assert.Equal((connection.Id, limit), (violation.ConnectionId, violation.Limit));
        Assert.Equal($"rate limit: more than {limit} messages in 1 s", closed.Reason);
    }

    [Fact]
    public async Task A_client_within_the_message_rate_is_never_closed()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.AutoStart = false, clock);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/binance/spot/ws", cancellation);

        for (var second = 0; second < 3; second++)
        {
            for (var i = 0; i < 5; i++)
            {
                await SendAsync(socket, $$"""{"method":"LIST_SUBSCRIPTIONS","id":{{(second * 5) + i}}}""", cancellation);
            }

            await ReceiveManyAsync(socket, 5, cancellation);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(WebSocketState.Open, socket.State);
        Assert.Empty(simulator.GetStatus().RateLimitViolations);
    }

    [Fact]
    public async Task The_server_closes_a_connection_at_its_maximum_lifetime()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(
            o =>
            {
                o.AutoStart = false;
                o.MaxConnectionLifetime = TimeSpan.FromHours(24);
            },
            clock);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/binance/futures/ws", cancellation);
        var connection = await simulator.WaitForConnectionAsync(cancellationToken: cancellation);

        clock.Advance(TimeSpan.FromHours(23));
        await SendAsync(socket, """{"method":"LIST_SUBSCRIPTIONS","id":1}""", cancellation);
        var stillOpen = await ReceiveAsync(socket, cancellation);
        clock.Advance(TimeSpan.FromHours(1));
        var end = await ReceiveAsync(socket, cancellation);
        var closed = await simulator.WaitForConnectionClosedAsync(connection.Id, cancellation);

        Assert.Equal("""{"result":[],"id":1}""", stillOpen);
        Assert.Null(end);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.CloseStatus);
        Assert.Equal("connection lifetime exceeded", socket.CloseStatusDescription);
        Assert.Equal("closed: connection lifetime exceeded", closed.Reason);
    }

    [Fact]
    public async Task The_server_pings_and_drops_a_client_that_does_not_pong_while_an_answering_client_stays()
    {
        await using var simulator = await StartAsync(o =>
        {
            o.AutoStart = false;
            o.Venue<MarketPrism.Simulator.Binance.BinanceVenueOptions>(Spot).PingInterval = TimeSpan.FromMilliseconds(200);
            o.Venue<MarketPrism.Simulator.Binance.BinanceVenueOptions>(Spot).PongTimeout = TimeSpan.FromSeconds(1);
        });
        var cancellation = Within();
        using var answering = await ConnectAsync(simulator, "/binance/spot/ws", cancellation);
        var answeringConnection = await simulator.WaitForConnectionAsync(cancellationToken: cancellation);
        var answeringReceive = ReceiveAsync(answering, cancellation); // A pending receive answers pings.
        using var silent = new RawWebSocketClient();
        await silent.ConnectAsync(simulator.BaseAddress, "/binance/spot/ws", cancellation);
        var silentConnection = await simulator.WaitForConnectionAsync(c => c.Id != answeringConnection.Id, cancellation);

        var firstFrame = await silent.ReadFrameAsync(cancellation);
        int? frame;
        do
        {
            frame = await silent.ReadFrameAsync(cancellation);
        }
        while (frame is not null);

        var closed = await simulator.WaitForConnectionClosedAsync(silentConnection.Id, cancellation);

        Assert.Equal(0x9, firstFrame); // A ping.
        Assert.StartsWith("dropped: ", closed.Reason, StringComparison.Ordinal);
        Assert.Contains("Pong", closed.Reason, StringComparison.Ordinal);
        Assert.False(answeringReceive.IsCompleted);
        Assert.Equal(WebSocketState.Open, answering.State);
        Assert.Contains(simulator.GetStatus().Connections, c => c.Id == answeringConnection.Id);
    }
}

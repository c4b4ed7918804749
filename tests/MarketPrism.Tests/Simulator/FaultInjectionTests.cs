using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using MarketPrism.Simulator;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator;

public sealed class FaultInjectionTests
{
    [Theory]
    [InlineData(false, "NKNUSDT", "nknusdt@depth@100ms")]
    [InlineData(true, "SUSHIUSDT", "sushiusdt@depth@100ms")]
    public async Task Gap_withholds_one_diff_the_client_sees_the_break_and_the_snapshot_reflects_it(bool futures, string symbol, string stream)
    {
        var session = futures ? RecordedSession.Futures : RecordedSession.Spot;
        var venue = futures ? Futures : Spot;
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.Speed = 1, clock);
        using var http = Http(simulator);
        var cancellation = Within();
        var waiting = clock.NextTimerAsync(cancellation);
        using var socket = await ConnectAsync(simulator, $"{Prefix(futures)}/ws/{stream}", cancellation);
        await waiting;
        await clock.AdvanceAndSettleAsync(TimeSpan.FromSeconds(5), cancellation);
        var before = await ReceiveManyAsync(socket, session.FramesOf(stream).Count(f => f.Offset <= 5), cancellation);

        simulator.InjectGap(venue, symbol);
        clock.Advance(TimeSpan.FromSeconds(60));
        using var after = JsonDocument.Parse((await ReceiveAsync(socket, cancellation))!);
        await simulator.WhenFinishedAsync(venue, cancellation);
        var depthPath = futures ? $"/binance/futures/fapi/v1/depth?symbol={symbol}&limit=1000" : $"/binance/spot/api/v3/depth?symbol={symbol}&limit=5000";
        using var snapshot = JsonDocument.Parse(await http.GetStringAsync(depthPath, cancellation));

        var previous = JsonDocument.Parse(before[^1]).RootElement.GetProperty("u").GetInt64();
        if (futures)
        {
            Assert.NotEqual(previous, after.RootElement.GetProperty("pu").GetInt64());
        }
        else
        {
            Assert.True(after.RootElement.GetProperty("U").GetInt64() > previous + 1);
        }

        var recorded = session.FramesOf(stream);
        var final = recorded[^1].Data.GetProperty("u").GetInt64();
        Assert.Equal(final, snapshot.RootElement.GetProperty("lastUpdateId").GetInt64());
        Assert.Equal(session.BookAfter(symbol, stream, final).Describe(1000), new ReferenceBook(snapshot.RootElement).Describe());
        Assert.Equal(1, simulator.GetStatus().Venues.Single(v => v.Name == venue).GapsInjected);
    }

    [Fact]
    public async Task Garble_sends_the_next_frame_as_invalid_json_once()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/binance/spot/ws/nknusdt@bookTicker", cancellation);
        var connection = await simulator.WaitForConnectionAsync(cancellationToken: cancellation);

        var armed = simulator.GarbleNextFrame(Spot);
        simulator.Start();
        var messages = await ReceiveManyAsync(socket, 2, cancellation);

        var recorded = RecordedSession.Spot.FramesOf("nknusdt@bookTicker");
        Assert.Equal([connection.Id], armed);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(messages[0]));
        Assert.StartsWith(messages[0], recorded[0].DataText, StringComparison.Ordinal);
        Assert.Equal(recorded[1].DataText, messages[1]);
    }

    [Fact]
    public async Task Disconnect_close_sends_a_close_frame()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/binance/spot/ws/nknusdt@trade", cancellation);
        var connection = await simulator.WaitForConnectionAsync(cancellationToken: cancellation);

        var ended = simulator.Disconnect(Spot, DisconnectMode.Close);
        var message = await ReceiveAsync(socket, cancellation);
        var closed = await simulator.WaitForConnectionClosedAsync(connection.Id, cancellation);

        Assert.Equal([connection.Id], ended);
        Assert.Null(message);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.CloseStatus);
        Assert.Equal("closed by fault injection", closed.Reason);
    }

    [Fact]
    public async Task Disconnect_reset_ends_the_connection_without_a_close_frame()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        using var http = Http(simulator);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/binance/spot/ws/nknusdt@trade", cancellation);
        var connection = await simulator.WaitForConnectionAsync(cancellationToken: cancellation);

        using var response = await http.PostAsync($"/sim/faults/disconnect?venue={Spot}&mode=reset", null, cancellation);
        var failure = await Assert.ThrowsAsync<WebSocketException>(() => ReceiveAsync(socket, cancellation));
        var closed = await simulator.WaitForConnectionClosedAsync(connection.Id, cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, failure.WebSocketErrorCode);
        Assert.Null(socket.CloseStatus);
        Assert.Equal("reset by fault injection", closed.Reason);
    }

    [Fact]
    public async Task Rest_429_fault_answers_with_retry_after_for_the_given_number_of_requests()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false, new ManualClock());
        using var http = Http(simulator);
        var cancellation = Within();

        using var fault = await http.PostAsync($"/sim/faults/rest?venue={Spot}&status=429&count=2&retry_after=3", null, cancellation);
        using var first = await http.GetAsync("/binance/spot/api/v3/depth?symbol=NKNUSDT", cancellation);
        using var second = await http.GetAsync("/binance/spot/api/v3/ping", cancellation);
        using var third = await http.GetAsync("/binance/spot/api/v3/ping", cancellation);
        var requests = simulator.GetRequests();

        Assert.Equal(HttpStatusCode.OK, fault.StatusCode);
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.OK], [first.StatusCode, second.StatusCode, third.StatusCode]);
        Assert.Equal("3", first.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("\"code\":-1003", await first.Content.ReadAsStringAsync(cancellation), StringComparison.Ordinal);
        Assert.Equal([429, 429, 200], requests.Select(r => r.Status));
        Assert.Equal([false, true, true], requests.Select(r => r.InsideRetryAfterWindow));
    }

    [Fact]
    public async Task Rest_418_fault_bans_until_retry_after_and_flags_requests_inside_the_ban()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.AutoStart = false, clock);
        using var http = Http(simulator);
        var cancellation = Within();

        simulator.FailRest(Futures, 418, count: 1, duration: null, retryAfter: TimeSpan.FromSeconds(60));
        var banUntil = clock.GetUtcNow().AddSeconds(60).ToUnixTimeMilliseconds();
        using var banned = await http.GetAsync("/binance/futures/fapi/v1/depth?symbol=SUSHIUSDT", cancellation);
        clock.Advance(TimeSpan.FromSeconds(30));
        using var duringBan = await http.GetAsync("/binance/futures/fapi/v1/ping", cancellation);
        clock.Advance(TimeSpan.FromSeconds(31));
        using var afterBan = await http.GetAsync("/binance/futures/fapi/v1/ping", cancellation);
        var requests = simulator.GetRequests();

        Assert.Equal((HttpStatusCode)418, banned.StatusCode);
        Assert.Equal("60", banned.Headers.GetValues("Retry-After").Single());
        Assert.Equal(
            $$"""{"code":-1003,"msg":"Way too much request weight used; IP banned until {{banUntil}}. Please use WebSocket Streams for live updates to avoid bans."}""",
            await banned.Content.ReadAsStringAsync(cancellation));
        Assert.Equal((HttpStatusCode)418, duringBan.StatusCode);
        Assert.Equal("30", duringBan.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.OK, afterBan.StatusCode);
        Assert.Equal([false, true, false], requests.Select(r => r.InsideBanWindow));
    }

    [Fact]
    public async Task Rest_fault_for_a_duration_ends_when_the_duration_has_passed()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.AutoStart = false, clock);
        using var http = Http(simulator);
        var cancellation = Within();

        simulator.FailRest(Spot, 429, count: null, duration: TimeSpan.FromSeconds(10), retryAfter: TimeSpan.FromSeconds(1));
        using var first = await http.GetAsync("/binance/spot/api/v3/time", cancellation);
        clock.Advance(TimeSpan.FromSeconds(9));
        using var second = await http.GetAsync("/binance/spot/api/v3/time", cancellation);
        clock.Advance(TimeSpan.FromSeconds(2));
        using var third = await http.GetAsync("/binance/spot/api/v3/time", cancellation);

        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.OK], [first.StatusCode, second.StatusCode, third.StatusCode]);
    }

    [Fact]
    public async Task Refuse_fails_websocket_upgrades_until_it_expires()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.AutoStart = false, clock);
        var cancellation = Within();

        simulator.RefuseConnections(Spot, TimeSpan.FromSeconds(30));
        using var refused = new ClientWebSocket();
        refused.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(WebSocketUri(simulator, "/binance/spot/ws"), cancellation));
        using var otherVenue = await ConnectAsync(simulator, "/binance/futures/ws", cancellation);
        clock.Advance(TimeSpan.FromSeconds(31));
        using var accepted = await ConnectAsync(simulator, "/binance/spot/ws", cancellation);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.HttpStatusCode);
        Assert.Equal(WebSocketState.Open, otherVenue.State);
        Assert.Equal(WebSocketState.Open, accepted.State);
        Assert.Equal(1, simulator.GetStatus().Venues.Single(v => v.Name == Spot).RefusedConnections);
    }

    [Fact]
    public async Task Refuse_with_status_0_resets_the_upgrade_request()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();

        simulator.RefuseConnections(Futures, TimeSpan.FromMinutes(1), status: 0);
        using var refused = new ClientWebSocket();

        await Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(WebSocketUri(simulator, "/binance/futures/ws"), cancellation));
    }

    private static string Prefix(bool futures) => futures ? "/binance/futures" : "/binance/spot";
}

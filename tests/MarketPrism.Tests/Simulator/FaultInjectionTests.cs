using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MarketPrism.Simulator;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator;

/// <summary>
/// Binance-specific fault checks (recorded frame contents, Binance's REST error bodies and weights). What every venue
/// must do under each fault is in <see cref="Conformance.SimulatedVenueConformance"/>.
/// </summary>
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
    public async Task Stall_withholds_a_streams_frames_from_one_connection_while_the_truth_advances_then_resumes()
    {
        const string stream = "nknusdt@depth@100ms";
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => { o.Speed = 1; o.AutoStart = false; }, clock);
        var cancellation = Within();
        using var stalled = await ConnectAsync(simulator, $"/binance/spot/ws/{stream}", cancellation);
        var stalledConnection = await simulator.WaitForConnectionAsync(cancellationToken: cancellation);
        using var other = await ConnectAsync(simulator, $"/binance/spot/ws/{stream}", cancellation);
        await simulator.WaitForConnectionAsync(c => c.Id != stalledConnection.Id, cancellation);
        var started = clock.NextTimerAsync(cancellation);
        simulator.Start(Spot);
        await started;
        await clock.AdvanceAndSettleAsync(TimeSpan.FromSeconds(5), cancellation);

        // The stall is judged by the clock when a frame is generated; the clock moves a second at a time, so the
        // frames due in (5 s, 14 s] are generated inside the stall and those due in (14 s, 15 s] at 15 s, after it.
        var until = simulator.StallStream(Spot, stream, TimeSpan.FromSeconds(10), stalledConnection.Id);
        for (var second = 0; second < 10; second++)
        {
            await clock.AdvanceAndSettleAsync(TimeSpan.FromSeconds(1), cancellation);
        }

        clock.Advance(TimeSpan.FromSeconds(60));
        await simulator.WhenFinishedAsync(Spot, cancellation);
        var recorded = RecordedSession.Spot.FramesOf(stream);
        var withheld = simulator.GetStatus().Venues.Single(v => v.Name == Spot).FramesStalled;
        var everything = await ReceiveManyAsync(other, recorded.Count, cancellation);
        var received = await ReceiveManyAsync(stalled, recorded.Count - (int)withheld, cancellation);
        simulator.Disconnect(Spot, DisconnectMode.Close);

        var before = recorded.Count(f => f.Offset <= 5);
        Assert.Equal(clock.GetUtcNow().AddSeconds(-60), until);
        Assert.Equal(recorded.Select(f => f.DataText), everything);
        Assert.Equal(recorded.Count(f => f.Offset > 5 && f.Offset <= 14), withheld);
        Assert.True(withheld > 10, $"only {withheld} frames fell inside the stall");
        Assert.Equal([.. everything.Take(before), .. everything.Skip(before + (int)withheld)], received);
        Assert.Null(await ReceiveAsync(stalled, cancellation));
        Assert.Equal(recorded.Count, simulator.GetFramesGenerated(Spot, stream));
        var final = recorded[^1].Data.GetProperty("u").GetInt64();
        Assert.Equal(final, simulator.GetTrueBook(Spot, "NKNUSDT").LastUpdateId);
    }

    [Fact]
    public async Task Stall_of_an_unknown_stream_or_connection_is_refused()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);

        Assert.Throws<KeyNotFoundException>(() => simulator.StallStream(Spot, "btcusdt@depth@100ms", TimeSpan.FromSeconds(1)));
        Assert.Throws<KeyNotFoundException>(() => simulator.StallStream(Spot, "nknusdt@depth@100ms", TimeSpan.FromSeconds(1), connectionId: 42));
        Assert.Throws<ArgumentException>(() => simulator.StallStream(Spot, "nknusdt@depth@100ms", TimeSpan.Zero));
    }

    [Fact]
    public async Task Oversize_sends_the_next_frame_as_well_formed_json_padded_to_the_size_once()
    {
        const int size = 5 * 1024 * 1024;
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/binance/spot/ws/nknusdt@bookTicker", cancellation);
        var connection = await simulator.WaitForConnectionAsync(cancellationToken: cancellation);

        var armed = simulator.OversizeNextFrame(Spot, size);
        simulator.Start();
        var messages = await ReceiveManyAsync(socket, 2, cancellation);

        var recorded = RecordedSession.Spot.FramesOf("nknusdt@bookTicker");
        Assert.Equal([connection.Id], armed);
        Assert.Equal(size, Encoding.UTF8.GetByteCount(messages[0]));
        using var oversized = JsonDocument.Parse(messages[0]);
        Assert.Equal(recorded[0].DataText, oversized.RootElement.GetRawText());
        Assert.Equal(recorded[1].DataText, messages[1]);
    }

    [Fact]
    public async Task Slow_rest_holds_the_response_for_the_delay_after_counting_the_requests_weight()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.AutoStart = false, clock);
        using var http = Http(simulator);
        var cancellation = Within();
        var arrival = clock.GetUtcNow();

        simulator.SlowRest(Spot, TimeSpan.FromSeconds(5), count: 1, duration: null);
        var held = clock.NextTimerAsync(cancellation);
        var slow = http.GetAsync("/binance/spot/api/v3/depth?symbol=NKNUSDT&limit=10", cancellation);
        await held;
        using var meanwhile = await http.GetAsync("/binance/spot/api/v3/depth?symbol=NKNUSDT&limit=10", cancellation);
        var completedBeforeTheDelay = slow.IsCompleted;
        clock.Advance(TimeSpan.FromSeconds(5));
        using var answer = await slow;
        var requests = simulator.GetRequests();

        Assert.False(completedBeforeTheDelay);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("5", answer.Headers.GetValues("X-MBX-USED-WEIGHT-1M").Single());
        Assert.Equal("10", meanwhile.Headers.GetValues("X-MBX-USED-WEIGHT-1M").Single());
        Assert.Contains("\"lastUpdateId\"", await answer.Content.ReadAsStringAsync(cancellation), StringComparison.Ordinal);
        Assert.Equal([arrival, arrival], requests.Select(r => r.Time));
        Assert.Equal(1, simulator.GetStatus().Venues.Single(v => v.Name == Spot).SlowRestResponses);
    }

    private static string Prefix(bool futures) => futures ? "/binance/futures" : "/binance/spot";
}

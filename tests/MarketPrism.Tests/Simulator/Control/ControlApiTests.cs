using System.Net;
using System.Text.Json;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator.Control;

public sealed class ControlApiTests
{
    [Fact]
    public async Task Status_reports_venues_connections_and_frames_generated()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        using var http = Http(simulator);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/binance/spot/stream?streams=nknusdt@bookTicker", cancellation);
        await simulator.WaitForConnectionAsync(cancellationToken: cancellation);

        using var before = JsonDocument.Parse(await http.GetStringAsync("/sim/status", cancellation));
        using var start = await http.PostAsync($"/sim/start?venue={Spot}", null, cancellation);
        await simulator.WhenFinishedAsync(Spot, cancellation);
        using var after = JsonDocument.Parse(await http.GetStringAsync("/sim/status", cancellation));

        Assert.False(before.RootElement.GetProperty("started").GetBoolean());
        Assert.Equal([Spot, Futures, BybitSpot, BybitLinear, OkxVenue, "deribit", "coinbase", HyperliquidVenue], before.RootElement.GetProperty("venues").EnumerateArray().Select(v => v.GetProperty("name").GetString()));
        var connection = Assert.Single(before.RootElement.GetProperty("connections").EnumerateArray());
        Assert.Equal("/binance/spot/stream?streams=nknusdt@bookTicker", connection.GetProperty("path").GetString());
        Assert.Equal(["nknusdt@bookTicker"], connection.GetProperty("subscriptions").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var spot = after.RootElement.GetProperty("venues")[0];
        Assert.True(spot.GetProperty("started").GetBoolean());
        Assert.True(spot.GetProperty("finished").GetBoolean());
        Assert.Equal(
            RecordedSession.Spot.FramesOf("nknusdt@bookTicker").Count,
            spot.GetProperty("streams").GetProperty("nknusdt@bookTicker").GetInt64());
        Assert.Equal(["BLZETH", "LRCBTC", "NKNUSDT", "RUNEEUR"], spot.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()));
        Assert.False(after.RootElement.GetProperty("venues")[1].GetProperty("started").GetBoolean());
    }

    [Fact]
    public async Task Status_counts_each_connections_frames_queued_sent_and_pending_and_the_venues_over_closed_connections_too()
    {
        const string stream = "nknusdt@bookTicker";
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        using var http = Http(simulator);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, $"/binance/spot/ws/{stream}", cancellation);
        var opened = await simulator.WaitForConnectionAsync(cancellationToken: cancellation);
        var expected = RecordedSession.Spot.FramesOf(stream).Count;

        simulator.Start(Spot);
        await simulator.WhenFinishedAsync(Spot, cancellation);
        Assert.Equal(expected, (await ReceiveManyAsync(socket, expected, cancellation)).Count);
        // The client can read a frame before the simulator's write call has returned and counted it.
        await Eventually.WaitUntilAsync(
            () => simulator.GetStatus().Venues[0].FramesPending == 0, "the simulator to count every frame the client read as written");
        using var open = JsonDocument.Parse(await http.GetStringAsync("/sim/status", cancellation));
        await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, cancellation);
        await simulator.WaitForConnectionClosedAsync(opened.Id, cancellation);
        using var closed = JsonDocument.Parse(await http.GetStringAsync("/sim/status", cancellation));

        var connection = Assert.Single(open.RootElement.GetProperty("connections").EnumerateArray());
        Assert.Equal(expected, connection.GetProperty("framesQueued").GetInt64());
        Assert.Equal(expected, connection.GetProperty("framesSent").GetInt64());
        Assert.Equal(0, connection.GetProperty("framesPending").GetInt64());
        var spot = open.RootElement.GetProperty("venues")[0];
        Assert.Equal(expected, spot.GetProperty("framesSent").GetInt64());
        Assert.Equal(0, spot.GetProperty("framesPending").GetInt64());
        Assert.True(spot.GetProperty("framesGenerated").GetInt64() > expected, "the spot session has more streams than the one subscribed");
        // Closed, the connection's frames still count for its venue, and nothing is pending any more.
        Assert.Empty(closed.RootElement.GetProperty("connections").EnumerateArray());
        Assert.Equal(expected, closed.RootElement.GetProperty("venues")[0].GetProperty("framesSent").GetInt64());
        Assert.Equal(0, closed.RootElement.GetProperty("venues")[0].GetProperty("framesPending").GetInt64());
        Assert.Equal(0, closed.RootElement.GetProperty("venues")[1].GetProperty("framesSent").GetInt64());
    }

    [Fact]
    public async Task Truth_book_returns_the_requested_depth_with_the_exchange_digits()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        using var http = Http(simulator);

        using var book = JsonDocument.Parse(await http.GetStringAsync($"/sim/truth/book?venue={Spot}&symbol=NKNUSDT&depth=3", Within()));

        var recorded = RecordedSession.Spot.Snapshots["NKNUSDT"];
        Assert.Equal(recorded.LastUpdateId, book.RootElement.GetProperty("lastUpdateId").GetInt64());
        Assert.Equal(
            recorded.Bids.Take(3).Select(l => $"{l.Price}/{l.Size}"),
            book.RootElement.GetProperty("bids").EnumerateArray().Select(l => $"{l[0].GetString()}/{l[1].GetString()}"));
        Assert.Equal(3, book.RootElement.GetProperty("asks").GetArrayLength());
    }

    [Fact]
    public async Task Truth_trades_lists_the_generated_ids_as_runs()
    {
        await using var simulator = await StartAsync();
        using var http = Http(simulator);
        var cancellation = Within();
        simulator.Start(Futures);
        await simulator.WhenFinishedAsync(Futures, cancellation);

        using var trades = JsonDocument.Parse(await http.GetStringAsync($"/sim/truth/trades?venue={Futures}&symbol=SUSHIUSDT&stream=aggTrade", cancellation));

        var recorded = RecordedSession.Futures.FramesOf("sushiusdt@aggTrade").Select(f => f.Data.GetProperty("a").GetInt64()).ToList();
        Assert.Equal(recorded.Count, trades.RootElement.GetProperty("count").GetInt64());
        var range = Assert.Single(trades.RootElement.GetProperty("ranges").EnumerateArray());
        Assert.Equal((recorded[0], recorded[^1]), (range.GetProperty("first").GetInt64(), range.GetProperty("last").GetInt64()));
    }

    [Theory]
    [InlineData("GET", "/sim/truth/book?venue=kraken&symbol=XBTUSD", HttpStatusCode.NotFound, "Unknown venue 'kraken'; this simulator serves: binance-spot, binance-futures, bybit-spot, bybit-linear, okx, deribit, coinbase, hyperliquid.")]
    [InlineData("GET", "/sim/truth/book?venue=binance-spot&symbol=BTCUSDT", HttpStatusCode.NotFound, "binance-spot has no order book for symbol 'BTCUSDT'.")]
    [InlineData("GET", "/sim/truth/book?venue=binance-spot", HttpStatusCode.BadRequest, "Query parameter 'symbol' is required.")]
    [InlineData("GET", "/sim/truth/trades?venue=binance-spot&symbol=NKNUSDT&stream=kline", HttpStatusCode.BadRequest, "Stream must be 'trade' or 'aggTrade'; got 'kline'.")]
    [InlineData("POST", "/sim/faults/rest?venue=binance-spot&status=500&count=1", HttpStatusCode.BadRequest, "REST fault status must be 429 or 418; got 500.")]
    [InlineData("POST", "/sim/faults/rest?venue=binance-spot&status=429", HttpStatusCode.BadRequest, "Give either a positive request count or a positive duration for the REST fault.")]
    [InlineData("POST", "/sim/faults/disconnect?venue=binance-spot&mode=explode", HttpStatusCode.BadRequest, "mode must be 'close' or 'reset'; got 'explode'.")]
    [InlineData("POST", "/sim/faults/gap?venue=binance-futures&symbol=NKNUSDT", HttpStatusCode.NotFound, "binance-futures has no depth stream for symbol 'NKNUSDT'.")]
    [InlineData("POST", "/sim/faults/refuse?venue=binance-spot&seconds=abc", HttpStatusCode.BadRequest, "Query parameter 'seconds' must be a number; got 'abc'.")]
    [InlineData("POST", "/sim/faults/stall?venue=binance-spot&stream=btcusdt@depth@100ms&seconds=5", HttpStatusCode.NotFound, "binance-spot generates no stream 'btcusdt@depth@100ms'.")]
    [InlineData("POST", "/sim/faults/stall?venue=binance-spot&stream=nknusdt@depth@100ms&seconds=5&connection=9", HttpStatusCode.NotFound, "binance-spot has no open connection 9.")]
    [InlineData("POST", "/sim/faults/stall?venue=binance-spot&stream=nknusdt@depth@100ms", HttpStatusCode.BadRequest, "seconds is required.")]
    [InlineData("POST", "/sim/faults/oversize?venue=binance-spot&bytes=0", HttpStatusCode.BadRequest, "Oversized frame size must be 1..1073741824 bytes; got 0.")]
    [InlineData("POST", "/sim/faults/slow-rest?venue=binance-spot&count=1", HttpStatusCode.BadRequest, "delay (seconds) is required.")]
    [InlineData("POST", "/sim/faults/slow-rest?venue=binance-spot&delay=2&count=1&seconds=5", HttpStatusCode.BadRequest, "Give either a positive request count or a positive duration for the slow-REST fault.")]
    [InlineData("POST", "/sim/faults/slow-rest?venue=binance-spot&delay=1e300&seconds=5", HttpStatusCode.BadRequest, "Query parameter 'delay' must be at most 31536000 seconds; got '1e300'.")]
    public async Task Bad_control_requests_say_what_is_wrong(string method, string path, HttpStatusCode status, string error)
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        using var http = Http(simulator);

        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Within());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Within()));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(error, body.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Faults_are_reachable_over_http()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        using var http = Http(simulator);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/binance/futures/ws/sushiusdt@depth@100ms", cancellation);
        var connection = await simulator.WaitForConnectionAsync(cancellationToken: cancellation);

        using var gap = await http.PostAsync($"/sim/faults/gap?venue={Futures}&symbol=SUSHIUSDT", null, cancellation);
        using var garble = JsonDocument.Parse(await (await http.PostAsync($"/sim/faults/garble?venue={Futures}", null, cancellation)).Content.ReadAsStringAsync(cancellation));
        using var refuse = JsonDocument.Parse(await (await http.PostAsync($"/sim/faults/refuse?venue={Futures}&seconds=5", null, cancellation)).Content.ReadAsStringAsync(cancellation));
        using var stall = JsonDocument.Parse(await (await http.PostAsync($"/sim/faults/stall?venue={Futures}&stream=sushiusdt@depth@100ms&seconds=5", null, cancellation)).Content.ReadAsStringAsync(cancellation));
        using var oversize = JsonDocument.Parse(await (await http.PostAsync($"/sim/faults/oversize?venue={Futures}", null, cancellation)).Content.ReadAsStringAsync(cancellation));
        using var slowRest = await http.PostAsync($"/sim/faults/slow-rest?venue={Futures}&delay=0.5&seconds=5", null, cancellation);

        Assert.Equal(HttpStatusCode.OK, gap.StatusCode);
        Assert.Equal([connection.Id], garble.RootElement.GetProperty("connections").EnumerateArray().Select(c => c.GetInt64()));
        Assert.True(refuse.RootElement.TryGetProperty("until", out _));
        Assert.Equal("sushiusdt@depth@100ms stalled for every subscriber", stall.RootElement.GetProperty("action").GetString());
        Assert.True(stall.RootElement.TryGetProperty("until", out _));
        Assert.Equal("the next frame to each connection will be 20971520 bytes", oversize.RootElement.GetProperty("action").GetString());
        Assert.Equal([connection.Id], oversize.RootElement.GetProperty("connections").EnumerateArray().Select(c => c.GetInt64()));
        Assert.Equal(HttpStatusCode.OK, slowRest.StatusCode);
    }

    [Fact]
    public async Task Requests_lists_every_rest_request_with_its_status()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        using var http = Http(simulator);
        var cancellation = Within();

        await http.GetAsync("/binance/spot/api/v3/depth?symbol=NKNUSDT&limit=10", cancellation);
        await http.GetAsync("/binance/spot/api/v3/depth?symbol=NOPE", cancellation);
        using var requests = JsonDocument.Parse(await http.GetStringAsync("/sim/requests", cancellation));

        var list = requests.RootElement.EnumerateArray().ToList();
        Assert.Equal(["/binance/spot/api/v3/depth?symbol=NKNUSDT&limit=10", "/binance/spot/api/v3/depth?symbol=NOPE"], list.Select(r => r.GetProperty("path").GetString()));
        Assert.Equal([200, 400], list.Select(r => r.GetProperty("status").GetInt32()));
        Assert.Equal([5, 10], list.Select(r => r.GetProperty("usedWeight").GetInt32()));
    }
}

using System.Net;
using System.Text.Json;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator.Binance;

public sealed class BinanceRestApiTests
{
    [Theory]
    [InlineData(false, "NKNUSDT", "nknusdt@depth@100ms", "/binance/spot/api/v3/depth?symbol=NKNUSDT&limit=5000")]
    [InlineData(true, "SUSHIUSDT", "sushiusdt@depth@100ms", "/binance/futures/fapi/v1/depth?symbol=SUSHIUSDT&limit=1000")]
    public async Task Depth_snapshot_is_the_truth_and_bridges_the_next_diff(bool futures, string symbol, string stream, string depthPath)
    {
        var session = futures ? RecordedSession.Futures : RecordedSession.Spot;
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.Speed = 1, clock);
        using var http = Http(simulator);
        var cancellation = Within();
        var waiting = clock.NextTimerAsync(cancellation);
        using var socket = await ConnectAsync(simulator, $"{(futures ? "/binance/futures" : "/binance/spot")}/ws/{stream}", cancellation);
        await waiting;

        // Replay the first ten seconds, then take the snapshot while the timeline waits.
        await clock.AdvanceAndSettleAsync(TimeSpan.FromSeconds(10), cancellation);
        var sent = session.FramesOf(stream).Where(f => f.Offset <= 10).ToList();
        var received = await ReceiveManyAsync(socket, sent.Count, cancellation);
        using var snapshot = JsonDocument.Parse(await http.GetStringAsync(depthPath, cancellation));
        var lastUpdateId = snapshot.RootElement.GetProperty("lastUpdateId").GetInt64();
        clock.Advance(TimeSpan.FromSeconds(60));
        using var next = JsonDocument.Parse((await ReceiveAsync(socket, cancellation))!);

        var lastSent = JsonDocument.Parse(received[^1]).RootElement.GetProperty("u").GetInt64();
        Assert.Equal(lastSent, lastUpdateId);
        Assert.Equal(
            session.BookAfter(symbol, stream, lastUpdateId).Describe(depth: 1000),
            new ReferenceBook(snapshot.RootElement).Describe());
        var first = next.RootElement.GetProperty("U").GetInt64();
        var final = next.RootElement.GetProperty("u").GetInt64();
        if (futures)
        {
            Assert.Equal(lastUpdateId, next.RootElement.GetProperty("pu").GetInt64());
        }
        else
        {
            Assert.True(first <= lastUpdateId + 1 && lastUpdateId + 1 <= final, $"U={first} u={final} lastUpdateId={lastUpdateId}");
        }
    }

    [Fact]
    public async Task Depth_snapshot_before_the_start_is_the_recorded_snapshot()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        using var http = Http(simulator);

        using var response = await http.GetAsync("/binance/spot/api/v3/depth?symbol=BLZETH&limit=1000", Within());
        using var snapshot = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Within()));

        var recorded = RecordedSession.Spot.Snapshots["BLZETH"];
        Assert.Equal(recorded.LastUpdateId, snapshot.RootElement.GetProperty("lastUpdateId").GetInt64());
        Assert.Equal(recorded.Bids, Levels(snapshot.RootElement.GetProperty("bids")));
        Assert.Equal(recorded.Asks, Levels(snapshot.RootElement.GetProperty("asks")));
        Assert.Equal("50", Header(response, "X-MBX-USED-WEIGHT-1M"));
    }

    [Theory]
    [InlineData("/binance/spot/api/v3/depth?symbol=NKNUSDT", 100, "5")]
    [InlineData("/binance/spot/api/v3/depth?symbol=NKNUSDT&limit=500", 500, "25")]
    [InlineData("/binance/spot/api/v3/depth?symbol=NKNUSDT&limit=7000", 609, "250")]
    [InlineData("/binance/futures/fapi/v1/depth?symbol=SUSHIUSDT", 500, "10")]
    [InlineData("/binance/futures/fapi/v1/depth?symbol=SUSHIUSDT&limit=5", 5, "2")]
    [InlineData("/binance/futures/fapi/v1/depth?symbol=SUSHIUSDT&limit=100", 100, "5")]
    public async Task Depth_returns_the_limit_in_levels_and_counts_its_weight(string path, int bidLevels, string weight)
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        using var http = Http(simulator);

        using var response = await http.GetAsync(path, Within());
        using var snapshot = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Within()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bidLevels, snapshot.RootElement.GetProperty("bids").GetArrayLength());
        Assert.Equal(weight, Header(response, "X-MBX-USED-WEIGHT-1M"));
    }

    [Theory]
    [InlineData("/binance/spot/api/v3/depth?symbol=BTCUSDT", """{"code":-1121,"msg":"Invalid symbol."}""")]
    [InlineData("/binance/spot/api/v3/depth?symbol=nknusdt", """{"code":-1100,"msg":"Illegal characters found in parameter 'symbol'; legal range is '^[A-Z0-9-_.]{1,20}$'."}""")]
    [InlineData("/binance/spot/api/v3/depth", """{"code":-1102,"msg":"Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."}""")]
    [InlineData("/binance/spot/api/v3/depth?symbol=NKNUSDT&limit=ten", """{"code":-1100,"msg":"Illegal characters found in parameter 'limit'; legal range is '^[0-9]{1,20}$'."}""")]
    [InlineData("/binance/futures/fapi/v1/depth?symbol=SUSHIUSDT&limit=200", """{"code":-1130,"msg":"Data sent for parameter 'limit' is not valid."}""")]
    [InlineData("/binance/futures/fapi/v1/openInterest?symbol=NKNUSDT", """{"code":-1121,"msg":"Invalid symbol."}""")]
    [InlineData("/binance/futures/fapi/v1/premiumIndex?symbol=BTCUSDT", """{"code":-1121,"msg":"Invalid symbol."}""")]
    public async Task Bad_requests_get_binance_errors_with_status_400(string path, string body)
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        using var http = Http(simulator);

        using var response = await http.GetAsync(path, Within());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync(Within()));
    }

    [Fact]
    public async Task Ping_and_time_answer_like_binance()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.AutoStart = false, clock);
        using var http = Http(simulator);

        Assert.Equal("{}", await http.GetStringAsync("/binance/spot/api/v3/ping", Within()));
        Assert.Equal("{}", await http.GetStringAsync("/binance/futures/fapi/v1/ping", Within()));
        Assert.Equal(
            $$"""{"serverTime":{{clock.GetUtcNow().ToUnixTimeMilliseconds()}}}""",
            await http.GetStringAsync("/binance/futures/fapi/v1/time", Within()));
    }

    [Fact]
    public async Task Weight_used_accumulates_within_the_minute_and_restarts_in_the_next()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.AutoStart = false, clock);
        using var http = Http(simulator);

        var first = await UsedWeightAsync(http, "/binance/futures/fapi/v1/depth?symbol=SUSHIUSDT&limit=1000");
        var second = await UsedWeightAsync(http, "/binance/futures/fapi/v1/ping");
        clock.Advance(TimeSpan.FromMinutes(1));
        var third = await UsedWeightAsync(http, "/binance/futures/fapi/v1/ping");

        Assert.Equal(["20", "21", "1"], [first, second, third]);
    }

    [Fact]
    public async Task Exceeding_the_weight_budget_answers_429_until_the_next_minute()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(
            o =>
            {
                o.AutoStart = false;
                o.Venue<MarketPrism.Simulator.Binance.BinanceVenueOptions>(Futures).RequestWeightPerMinute = 40;
            },
            clock);
        using var http = Http(simulator);

        using var first = await http.GetAsync("/binance/futures/fapi/v1/depth?symbol=SUSHIUSDT&limit=1000", Within());
        using var second = await http.GetAsync("/binance/futures/fapi/v1/depth?symbol=SUSHIUSDT&limit=1000", Within());
        using var third = await http.GetAsync("/binance/futures/fapi/v1/depth?symbol=SUSHIUSDT&limit=1000", Within());

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], [first.StatusCode, second.StatusCode, third.StatusCode]);
        Assert.Equal("60", Header(third, "Retry-After"));
        Assert.Equal(
            """{"code":-1003,"msg":"Too much request weight used; current limit is 40 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API."}""",
            await third.Content.ReadAsStringAsync(Within()));
    }

    [Fact]
    public async Task Premium_index_and_open_interest_agree_with_the_synthetic_mark_price_stream()
    {
        await using var simulator = await StartAsync();
        using var http = Http(simulator);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/binance/futures/ws/ctkusdt@markPrice@1s", cancellation);
        await simulator.WhenFinishedAsync(Futures, cancellation);
        var marks = new List<JsonElement>();
        var generated = simulator.GetFramesGenerated(Futures, "ctkusdt@markPrice@1s");
        foreach (var frame in await ReceiveManyAsync(socket, (int)generated, cancellation))
        {
            marks.Add(JsonDocument.Parse(frame).RootElement);
        }

        using var premium = JsonDocument.Parse(await http.GetStringAsync("/binance/futures/fapi/v1/premiumIndex?symbol=CTKUSDT", cancellation));
        using var all = JsonDocument.Parse(await http.GetStringAsync("/binance/futures/fapi/v1/premiumIndex", cancellation));
        using var interest = JsonDocument.Parse(await http.GetStringAsync("/binance/futures/fapi/v1/openInterest?symbol=CTKUSDT", cancellation));

        var last = marks[^1];
        Assert.Equal(30, marks.Count);
        Assert.Equal(last.GetProperty("p").GetString(), premium.RootElement.GetProperty("markPrice").GetString());
        Assert.Equal(last.GetProperty("i").GetString(), premium.RootElement.GetProperty("indexPrice").GetString());
        Assert.Equal(last.GetProperty("r").GetString(), premium.RootElement.GetProperty("lastFundingRate").GetString());
        Assert.Equal(last.GetProperty("T").GetInt64(), premium.RootElement.GetProperty("nextFundingTime").GetInt64());
        Assert.Equal(last.GetProperty("E").GetInt64(), premium.RootElement.GetProperty("time").GetInt64());
        Assert.Equal(
            ["AKROUSDT", "CTKUSDT", "KEEPUSDT", "SUSHIUSDT"],
            all.RootElement.EnumerateArray().Select(e => e.GetProperty("symbol").GetString()));
        Assert.Equal("CTKUSDT", interest.RootElement.GetProperty("symbol").GetString());
        Assert.True(decimal.Parse(interest.RootElement.GetProperty("openInterest").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    private static async Task<string> UsedWeightAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, Within());
        return Header(response, "X-MBX-USED-WEIGHT-1M");
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "(missing)";

    private static List<(string, string)> Levels(JsonElement levels) =>
        levels.EnumerateArray().Select(l => (l[0].GetString()!, l[1].GetString()!)).ToList();
}

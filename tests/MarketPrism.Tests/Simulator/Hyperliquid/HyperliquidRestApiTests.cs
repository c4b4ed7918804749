using System.Net;
using System.Text;
using System.Text.Json;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator.Hyperliquid;

/// <summary>The simulator's <c>POST /hyperliquid/info</c>: each request type's shape and weight, the budget, unreadable bodies.</summary>
public sealed class HyperliquidRestApiTests
{
    private const string Info = "/hyperliquid/info";

    [Fact]
    public async Task Meta_lists_the_recorded_perpetual_and_keeps_a_delisted_one_in_its_position()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        using var http = Http(simulator);

        using var meta = await PostAsync(http, """{"type":"meta"}""");
        using var both = await PostAsync(http, """{"type":"metaAndAssetCtxs"}""");

        var universe = meta.RootElement.GetProperty("universe");
        Assert.Equal("""{"name":"BTC","szDecimals":5,"maxLeverage":40,"marginTableId":56}""", universe[0].GetRawText());
        Assert.True(universe[1].GetProperty("isDelisted").GetBoolean());
        Assert.Equal(JsonValueKind.Array, meta.RootElement.GetProperty("marginTables").ValueKind);
        Assert.Equal(universe.GetRawText(), both.RootElement[0].GetProperty("universe").GetRawText());
        var contexts = both.RootElement[1];
        Assert.Equal(universe.GetArrayLength(), contexts.GetArrayLength());
        Assert.Equal("0.0000125", contexts[0].GetProperty("funding").GetString());
        Assert.Equal(JsonValueKind.Null, contexts[1].GetProperty("midPx").ValueKind);
        Assert.Equal([20, 20], simulator.GetRequests().Select(r => r.Weight));
    }

    [Fact]
    public async Task L2book_and_allmids_answer_the_truth_and_weigh_two()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        using var http = Http(simulator);

        using var book = await PostAsync(http, """{"type":"l2Book","coin":"BTC"}""");
        using var mids = await PostAsync(http, """{"type":"allMids"}""");
        using var unknown = await PostAsync(http, """{"type":"l2Book","coin":"NOPE"}""");

        var truth = simulator.GetTrueBook(HyperliquidVenue, "BTC");
        Assert.Equal(["coin", "time", "levels"], book.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(truth.LastUpdateId, book.RootElement.GetProperty("time").GetInt64());
        Assert.Equal(truth.Bids.Length, book.RootElement.GetProperty("levels")[0].GetArrayLength());
        Assert.Equal("105055.5", mids.RootElement.GetProperty("BTC").GetString());
        Assert.Equal(JsonValueKind.Null, unknown.RootElement.ValueKind);
        Assert.Equal([2, 2, 2], simulator.GetRequests().Select(r => r.Weight));
    }

    [Fact]
    public async Task Funding_history_is_hourly_on_the_hour_and_weighs_one_more_per_twenty_entries()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 7, 12, 30, 0, TimeSpan.Zero));
        await using var simulator = await StartAsync(o => o.AutoStart = false, clock);
        using var http = Http(simulator);
        var start = new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

        using var history = await PostAsync(http, $$"""{"type":"fundingHistory","coin":"BTC","startTime":{{start}}}""");

        var entries = history.RootElement.EnumerateArray().ToArray();
        Assert.Equal(24 + 13, entries.Length);
        Assert.All(entries, (entry, i) =>
        {
            Assert.Equal(["coin", "fundingRate", "premium", "time"], entry.EnumerateObject().Select(p => p.Name));
            Assert.Equal(start + (i * 3_600_000L), entry.GetProperty("time").GetInt64());
        });
        Assert.Equal(20 + (37 / 20), Assert.Single(simulator.GetRequests()).Weight);
    }

    [Fact]
    public async Task Candle_snapshot_answers_the_intervals_begun_in_the_range_in_the_candle_shape()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 7, 12, 30, 0, TimeSpan.Zero));
        await using var simulator = await StartAsync(o => o.AutoStart = false, clock);
        using var http = Http(simulator);
        var start = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

        using var candles = await PostAsync(http, $$$"""{"type":"candleSnapshot","req":{"coin":"BTC","interval":"1h","startTime":{{{start}}},"endTime":{{{start + 86_400_000}}}}}""");

        var rows = candles.RootElement.EnumerateArray().ToArray();
        Assert.Equal(3, rows.Length);
        Assert.Equal(["t", "T", "s", "i", "o", "c", "h", "l", "v", "n"], rows[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(start + 3_599_999, rows[0].GetProperty("T").GetInt64());
    }

    [Fact]
    public async Task An_unreadable_body_or_unknown_type_is_answered_422_and_spot_meta_in_the_documented_shape()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        using var http = Http(simulator);

        using var unknown = await http.PostAsync(Info, Json("""{"type":"liquidations"}"""), TestContext.Current.CancellationToken);
        using var broken = await http.PostAsync(Info, Json("{"), TestContext.Current.CancellationToken);
        using var spot = await PostAsync(http, """{"type":"spotMeta"}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, broken.StatusCode);
        Assert.StartsWith("Failed to deserialize the JSON body", await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal("PURR/USDC", spot.RootElement.GetProperty("universe")[0].GetProperty("name").GetString());
        Assert.Equal("@1", spot.RootElement.GetProperty("universe")[1].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Going_over_the_weight_budget_answers_429_with_retry_after_and_counts_it()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 7, 12, 30, 0, TimeSpan.Zero));
        await using var simulator = await StartAsync(
            o =>
            {
                o.AutoStart = false;
                o.SetVenueOption("hyperliquid.rest_weight_per_minute=40");
            },
            clock);
        using var http = Http(simulator);

        using var first = await http.PostAsync(Info, Json("""{"type":"meta"}"""), TestContext.Current.CancellationToken);
        using var second = await http.PostAsync(Info, Json("""{"type":"meta"}"""), TestContext.Current.CancellationToken);
        using var third = await http.PostAsync(Info, Json("""{"type":"meta"}"""), TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromSeconds(60));
        using var nextMinute = await http.PostAsync(Info, Json("""{"type":"meta"}"""), TestContext.Current.CancellationToken);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK], [first.StatusCode, second.StatusCode, third.StatusCode, nextMinute.StatusCode]);
        Assert.Equal(TimeSpan.FromSeconds(60), third.Headers.RetryAfter?.Delta); // To the next calendar minute.
        Assert.Equal(1, simulator.GetStatus().Venues.Single(v => v.Name == HyperliquidVenue).RestWeightExceeded);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonDocument> PostAsync(HttpClient http, string body)
    {
        using var response = await http.PostAsync(Info, Json(body), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}

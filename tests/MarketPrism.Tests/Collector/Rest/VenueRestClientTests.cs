using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Rest;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Binance;
using MarketPrism.Exchanges.Hyperliquid;
using MarketPrism.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketPrism.Tests.Collector.Rest;

public sealed class VenueRestClientTests : IDisposable
{
    private static readonly RestRequest Depth = new("/api/v3/depth?symbol=BTCUSDT&limit=1000", "depth", 50);

    /// <summary>
    /// The furthest the clock jumps to a timer: past every wait these tests cause (budget windows, Retry-After, the
    /// ban), short of the attempt timeout, which is armed while an answer is on its way and must never fire here.
    /// </summary>
    private static readonly TimeSpan MaxJump = TimeSpan.FromHours(12);

    private readonly ManualClock _time = new(new DateTimeOffset(2026, 11, 25, 8, 0, 10, TimeSpan.Zero));
    private readonly ScriptedHandler _handler;
    private readonly ExchangeRestGate _gate;
    private readonly CollectorCounters _counters = new();
    private readonly List<VenueRestClient> _clients = [];

    public VenueRestClientTests()
    {
        _handler = new ScriptedHandler { Clock = _time };
        _gate = new ExchangeRestGate(_time);
    }

    private VenueRestClient CreateSut(int weightPerMinute = 1200, RestOptions? options = null)
    {
        options ??= new RestOptions();

        // Beyond MaxJump (see there); the longest Polly allows.
        options.Timeout = TimeSpan.FromDays(1);
        var client = new VenueRestClient(
            new BinanceExchangeVenue(MarketType.Spot),
            new Uri("http://exchange.test/binance/spot"),
            weightPerMinute,
            100,
            options,
            _gate,
            _counters.ForFeed(new FeedInfo("binance", MarketType.Spot, new HashSet<DataType>(), () => [])),
            NullLogger.Instance,
            _time,
            _handler,
            new Random(3));
        _clients.Add(client);
        return client;
    }

    /// <summary>
    /// Runs a request to completion, the clock jumping to each timer the client waits on as soon as it is armed;
    /// with <paramref name="within"/>, checks the request waited no longer than that on the clock.
    /// </summary>
    private async Task<T> DriveAsync<T>(Task<T> task, TimeSpan? within = null)
    {
        var started = _time.GetUtcNow();
        try
        {
            return await _time.RunUntilCompletedAsync(task, MaxJump, TestContext.Current.CancellationToken);
        }
        finally
        {
            var waited = _time.GetUtcNow() - started;
            Assert.True(within is null || waited <= within, $"the request waited {waited} on the clock; at most {within} was expected");
        }
    }

    [Fact]
    public async Task The_first_request_is_preceded_by_a_probe_that_learns_the_weight_already_used()
    {
        _handler.Enqueue(_ => ScriptedHandler.Ok("{}", usedWeight: 1150));
        var client = CreateSut(weightPerMinute: 1200);

        var request = client.GetAsync(Depth, TestContext.Current.CancellationToken);

        // 1150 used + 50 = 1200: fits exactly. A second one must wait for the next minute.
        await DriveAsync(request, within: TimeSpan.FromMilliseconds(100));
        Assert.Equal(["/binance/spot/api/v3/ping", "/binance/spot/api/v3/depth?symbol=BTCUSDT&limit=1000"], _handler.Requests.Select(r => r.Path));
        var second = client.GetAsync(Depth, TestContext.Current.CancellationToken);
        await DriveAsync(second);
        Assert.True(_handler.Requests[^1].At >= new DateTimeOffset(2026, 11, 25, 8, 1, 0, TimeSpan.Zero), "the request over budget waited for the next minute");
    }

    [Fact]
    public async Task A_request_with_a_json_body_is_posted_with_it_and_weighed_like_any_other()
    {
        var client = new VenueRestClient(
            new HyperliquidExchangeVenue(MarketType.Perpetual),
            new Uri("http://exchange.test/hyperliquid"),
            1200,
            100,
            new RestOptions { Timeout = TimeSpan.FromDays(1) },
            _gate,
            _counters.ForFeed(new FeedInfo("hyperliquid", MarketType.Perpetual, new HashSet<DataType>(), () => [])),
            NullLogger.Instance,
            _time,
            _handler,
            new Random(3));
        _clients.Add(client);
        var sent = new List<(string Method, string? ContentType, string Body)>();
        _handler.Enqueue(request =>
        {
            using var body = new StreamReader(request.Content!.ReadAsStream(TestContext.Current.CancellationToken));
            sent.Add((request.Method.Method, request.Content.Headers.ContentType?.MediaType, body.ReadToEnd()));
            return ScriptedHandler.Ok("""[{"universe":[]},[]]""");
        });
        var poll = new RestRequest("/info", "metaAndAssetCtxs", 20) { JsonBody = """{"type":"metaAndAssetCtxs"}""" };

        var response = await DriveAsync(client.GetAsync(poll, TestContext.Current.CancellationToken), within: TimeSpan.FromMilliseconds(100));

        Assert.Equal("""[{"universe":[]},[]]""", System.Text.Encoding.UTF8.GetString(response.Body));
        Assert.Equal([("POST", "application/json", """{"type":"metaAndAssetCtxs"}""")], sent);
        Assert.Equal(["/hyperliquid/info"], _handler.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task A_429_pauses_every_request_to_the_exchange_for_its_retry_after_and_is_then_retried()
    {
        var client = CreateSut();
        _handler.Enqueue(_ => ScriptedHandler.Ok("{}"));
        _handler.Enqueue(_ => ScriptedHandler.Status(429, """{"code":-1003,"msg":"Too many requests."}""", TimeSpan.FromSeconds(7)));

        var response = await DriveAsync(client.GetAsync(Depth, TestContext.Current.CancellationToken));

        Assert.NotNull(response);
        var attempts = _handler.Requests.Where(r => r.Path.Contains("depth", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(7));
        Assert.Equal(1, _counters.RestBlocks);
    }

    [Fact]
    public async Task A_418_ban_is_not_retried_and_holds_every_request_to_the_exchange_until_it_ends()
    {
        var client = CreateSut();
        _handler.Enqueue(_ => ScriptedHandler.Ok("{}"));
        _handler.Enqueue(_ => ScriptedHandler.Status(418, """{"code":-1003,"msg":"Way too many requests; IP banned until 1795594200000."}"""));
        var bannedUntil = DateTimeOffset.FromUnixTimeMilliseconds(1795594200000);

        var failure = await Assert.ThrowsAsync<RestRequestException>(() => DriveAsync(client.GetAsync(Depth, TestContext.Current.CancellationToken), within: TimeSpan.FromMilliseconds(500)));
        Assert.Equal(418, failure.StatusCode);
        Assert.True(_gate.IsBanned);
        Assert.Equal(bannedUntil, _gate.BlockedUntil);

        var other = CreateSut().GetAsync(new RestRequest("/api/v3/depth?symbol=ETHUSDT&limit=100", "depth", 5), TestContext.Current.CancellationToken);
        await DriveAsync(other);
        Assert.All(_handler.Requests.Skip(2), request => Assert.True(request.At >= bannedUntil, $"{request.Path} was sent at {request.At} inside the ban"));
    }

    [Fact]
    public async Task Other_4xx_answers_are_not_retried()
    {
        var client = CreateSut();
        _handler.Enqueue(_ => ScriptedHandler.Ok("{}"));
        _handler.Enqueue(_ => ScriptedHandler.Status(400, """{"code":-1121,"msg":"Invalid symbol."}"""));

        var failure = await Assert.ThrowsAsync<RestRequestException>(() => DriveAsync(client.GetAsync(Depth, TestContext.Current.CancellationToken), within: TimeSpan.FromMilliseconds(500)));

        Assert.Equal(400, failure.StatusCode);
        Assert.Single(_handler.Requests, r => r.Path.Contains("depth", StringComparison.Ordinal));
        Assert.Equal(0, _counters.RestRetries);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_full_jitter_within_the_backoff_ceiling()
    {
        var client = CreateSut(options: new RestOptions { MaxRetries = 3, RetryBaseDelay = TimeSpan.FromSeconds(1), RetryMaxDelay = TimeSpan.FromSeconds(30), CircuitMinimumThroughput = 100 });
        _handler.Enqueue(_ => ScriptedHandler.Ok("{}"));
        _handler.Enqueue(_ => ScriptedHandler.Status(503));
        _handler.Enqueue(_ => ScriptedHandler.Status(502));
        _handler.Enqueue(_ => ScriptedHandler.Status(500));

        await DriveAsync(client.GetAsync(Depth, TestContext.Current.CancellationToken));

        var times = _handler.Requests.Where(r => r.Path.Contains("depth", StringComparison.Ordinal)).Select(r => r.At).ToList();
        Assert.Equal(4, times.Count);
        Assert.InRange((times[1] - times[0]).TotalSeconds, 0, 1.05);
        Assert.InRange((times[2] - times[1]).TotalSeconds, 0, 2.05);
        Assert.InRange((times[3] - times[2]).TotalSeconds, 0, 4.05);
        Assert.Equal(3, _counters.RestRetries);
    }

    [Fact]
    public async Task Repeated_failures_open_the_endpoints_circuit_which_fails_fast_then_probes_and_closes()
    {
        var options = new RestOptions { MaxRetries = 0, CircuitMinimumThroughput = 4, CircuitFailureRatio = 0.5m, CircuitBreakDuration = TimeSpan.FromSeconds(30) };
        var client = CreateSut(options: options);
        _handler.Default = request => request.RequestUri!.AbsolutePath.EndsWith("ping", StringComparison.Ordinal) ? ScriptedHandler.Ok("{}") : ScriptedHandler.Status(503);
        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<RestRequestException>(() => DriveAsync(client.GetAsync(Depth, TestContext.Current.CancellationToken), within: TimeSpan.FromMilliseconds(1000)));
        }

        var sent = _handler.Requests.Count;
        var open = await Assert.ThrowsAsync<RestRequestException>(() => DriveAsync(client.GetAsync(Depth, TestContext.Current.CancellationToken), within: TimeSpan.FromMilliseconds(1000)));
        Assert.Contains("circuit open", open.Message, StringComparison.Ordinal);
        Assert.Equal(sent, _handler.Requests.Count);

        _handler.Default = _ => ScriptedHandler.Ok("{}");
        _time.Advance(TimeSpan.FromSeconds(31));
        var probe = await DriveAsync(client.GetAsync(Depth, TestContext.Current.CancellationToken), within: TimeSpan.FromMilliseconds(1000));
        Assert.NotNull(probe);
        Assert.NotNull(await DriveAsync(client.GetAsync(Depth, TestContext.Current.CancellationToken), within: TimeSpan.FromMilliseconds(1000)));
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _handler.Dispose();
    }
}

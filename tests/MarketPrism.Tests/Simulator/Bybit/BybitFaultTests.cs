using System.Net;
using System.Text.Json;
using static MarketPrism.Tests.Simulator.Bybit.BybitStreams;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator.Bybit;

public sealed class BybitFaultTests
{
    [Fact]
    public async Task A_gap_withholds_one_book_change_on_every_depth_so_u_jumps_by_two_and_the_truth_has_it()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, LinearPath, cancellation);
        await SubscribeAsync(socket, "1", cancellation, "orderbook.500.XRPUSDT", "orderbook.50.XRPUSDT");
        var opening = await ReceiveManyAsync(socket, 3, cancellation);

        simulator.InjectGap(BybitLinear, Symbol);
        simulator.Start(BybitLinear);
        await simulator.WhenFinishedAsync(BybitLinear, cancellation);
        var messages = await ReceiveGeneratedAsync(simulator, socket, BybitLinear, 2, cancellation, "orderbook.500.XRPUSDT", "orderbook.50.XRPUSDT");

        var deep = messages.Where(m => m.GetProperty("topic").GetString() == "orderbook.500.XRPUSDT").ToList();
        Assert.Equal(48, deep.Count);
        Assert.Equal(20254871, deep[0].GetProperty("data").GetProperty("u").GetInt64());
        Assert.Equal(1, simulator.GetStatus().Venues.Single(v => v.Name == BybitLinear).GapsInjected);

        // A client that applies what it got misses the withheld change; the truth (and a fresh snapshot) has it.
        var snapshot = JsonDocument.Parse(opening[1]).RootElement;
        var truth = Describe(simulator.GetTrueBook(BybitLinear, Symbol, 500));
        Assert.NotEqual(truth, Rebuild([snapshot, .. deep]).Describe());
        await SubscribeAsync(socket, "2", cancellation, "orderbook.200.XRPUSDT");
        var fresh = await ReceiveManyAsync(socket, 2, cancellation);
        Assert.Equal(Describe(simulator.GetTrueBook(BybitLinear, Symbol, 200)), Rebuild([JsonDocument.Parse(fresh[1]).RootElement]).Describe());
    }

    [Fact]
    public async Task A_client_that_stops_pinging_is_cut_after_the_heartbeat_timeout_while_a_pinging_one_stays()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(
            o =>
            {
                o.AutoStart = false;
                o.Venue<MarketPrism.Simulator.Bybit.BybitVenueOptions>(BybitLinear).HeartbeatTimeout = TimeSpan.FromSeconds(30);
            },
            clock);
        var cancellation = Within();
        using var silent = await ConnectAsync(simulator, LinearPath, cancellation);
        var silentStatus = await simulator.WaitForConnectionAsync(cancellationToken: cancellation);
        using var pinging = await ConnectAsync(simulator, LinearPath, cancellation);
        var pingingStatus = await simulator.WaitForConnectionAsync(c => c.Id != silentStatus.Id, cancellation);

        for (var second = 20; second <= 60; second += 20)
        {
            clock.Advance(TimeSpan.FromSeconds(20));
            await SendAsync(pinging, """{"req_id":"hb","op":"ping"}""", cancellation);
            Assert.Contains("\"pong\"", await ReceiveAsync(pinging, cancellation), StringComparison.Ordinal);
        }

        var closed = await simulator.WaitForConnectionClosedAsync(silentStatus.Id, cancellation);
        Assert.Equal("cut: no ping received in time", closed.Reason);
        Assert.Contains(simulator.GetStatus().Connections, connection => connection.Id == pingingStatus.Id);
    }

    [Fact]
    public async Task Rest_answers_the_true_book_and_injected_faults_in_bybit_s_forms()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        using var http = Http(simulator);
        var cancellation = Within();

        using var book = JsonDocument.Parse(await http.GetStringAsync("/bybit/linear/v5/market/orderbook?category=linear&symbol=XRPUSDT&limit=5", cancellation));
        using var wrongCategory = JsonDocument.Parse(await http.GetStringAsync("/bybit/linear/v5/market/orderbook?category=spot&symbol=XRPUSDT", cancellation));
        using var unknown = JsonDocument.Parse(await http.GetStringAsync("/bybit/spot/v5/market/orderbook?category=spot&symbol=BTCUSDT", cancellation));
        simulator.FailRest(BybitLinear, 429, count: 1, duration: null, retryAfter: TimeSpan.FromSeconds(2));
        using var limited = await http.GetAsync("/bybit/linear/v5/market/time", cancellation);
        simulator.FailRest(BybitLinear, 418, count: 1, duration: null, retryAfter: TimeSpan.FromSeconds(60));
        using var banned = await http.GetAsync("/bybit/linear/v5/market/time", cancellation);

        var root = book.RootElement;
        Assert.Equal((0, "OK"), (root.GetProperty("retCode").GetInt32(), root.GetProperty("retMsg").GetString()));
        var result = root.GetProperty("result");
        Assert.Equal(("XRPUSDT", 20254869L, 130020238981L), (result.GetProperty("s").GetString(), result.GetProperty("u").GetInt64(), result.GetProperty("seq").GetInt64()));
        Assert.Equal("""[["1.9531","6203"],["1.9530","2409"],["1.9529","680"],["1.9528","10385"],["1.9527","9243"]]""", result.GetProperty("b").GetRawText());
        Assert.Equal(10001, wrongCategory.RootElement.GetProperty("retCode").GetInt32());
        Assert.Equal("params error: symbol invalid", unknown.RootElement.GetProperty("retMsg").GetString());
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), limited.Headers.RetryAfter?.Delta);
        using var limitedBody = JsonDocument.Parse(await limited.Content.ReadAsStringAsync(cancellation));
        Assert.Equal((10006, "Too many visits!"), (limitedBody.RootElement.GetProperty("retCode").GetInt32(), limitedBody.RootElement.GetProperty("retMsg").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, banned.StatusCode);
        Assert.Equal("access too frequent", await banned.Content.ReadAsStringAsync(cancellation));
    }
}

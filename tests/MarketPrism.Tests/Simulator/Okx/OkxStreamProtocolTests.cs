using System.Net.WebSockets;
using System.Text.Json;
using MarketPrism.Core.Books;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Okx;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator.Okx;

/// <summary>The OKX WebSocket protocol of the simulator: acknowledgements, errors, snapshots, ping/pong, the idle rule.</summary>
public sealed class OkxStreamProtocolTests
{
    private const string PublicPath = "/okx/ws/v5/public";

    [Fact]
    public async Task Each_argument_is_acknowledged_and_a_books_subscription_starts_with_a_snapshot_of_the_truth()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, PublicPath, cancellation);

        await SendAsync(socket, """{"op":"subscribe","args":[{"channel":"trades","instId":"BTC-USDT"},{"channel":"books","instId":"BTC-USDT"},{"channel":"liquidation-orders","instType":"SWAP"}]}""", cancellation);
        var messages = await ReceiveManyAsync(socket, 4, cancellation);

        Assert.Matches("""^\{"event":"subscribe","arg":\{"channel":"trades","instId":"BTC-USDT"\},"connId":"[0-9a-f]{8}"\}$""", messages[0]);
        Assert.StartsWith("""{"event":"subscribe","arg":{"channel":"books","instId":"BTC-USDT"}""", messages[1], StringComparison.Ordinal);
        Assert.StartsWith("""{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"snapshot","data":[{"asks":[["30243.5","1.44679","0","1"]""", messages[2], StringComparison.Ordinal);
        Assert.StartsWith("""{"event":"subscribe","arg":{"channel":"liquidation-orders","instType":"SWAP"}""", messages[3], StringComparison.Ordinal);

        // The snapshot is OKX's shape and what the collector's parser and checksum accept: the book as recorded.
        using var snapshot = JsonDocument.Parse(messages[2]);
        var data = snapshot.RootElement.GetProperty("data")[0];
        Assert.Equal(-1, data.GetProperty("prevSeqId").GetInt64());
        var records = new List<MarketRecord>();
        new OkxFrameParser(OkxSymbols.CreateTable(MarketType.Spot, [])).Parse(System.Text.Encoding.UTF8.GetBytes(messages[2]), TimeProvider.System.GetUtcNow().UtcDateTime, records);
        var delta = Assert.IsType<BookDeltaRecord>(Assert.Single(records));
        Assert.True(delta.IsSnapshot);
        Assert.Equal(400, delta.Bids.Length);
        Assert.Equal(400, delta.Asks.Length);
        Assert.Equal(delta.Checksum, OkxChecksum.Compute(delta.Bids, delta.Asks));
        var truth = simulator.GetTrueBook(OkxVenue, "BTC-USDT", 400);
        Assert.Equal(truth.Bids, delta.Bids);
        Assert.Equal(truth.LastUpdateId, delta.LastUpdateId);
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { "not json", """{"event":"error","code":"60012","msg":"Invalid request: not json","connId":""" },
        { """{"op":"subscribe"}""", """{"event":"error","code":"60013","msg":"Invalid args","connId":""" },
        { """{"op":"subscribe","args":[{"channel":"books","instId":"ETH-USDT"}]}""", """{"event":"error","code":"60018","msg":"Wrong URL or channel:books,instId:ETH-USDT doesn't exist. Please use the correct URL, channel and parameters referring to API document.","connId":""" },
        { """{"op":"subscribe","args":[{"channel":"funding-rate","instId":"BTC-USDT"}]}""", """{"event":"error","code":"60018","msg":"Wrong URL or channel:funding-rate,instId:BTC-USDT doesn't exist.""" },
        { """{"op":"subscribe","args":[{"channel":"candle1m","instId":"BTC-USDT"}]}""", """{"event":"error","code":"60018","msg":"Wrong URL or channel:candle1m,instId:BTC-USDT""" },
        { """{"op":"subscribe","args":[{"channel":"liquidation-orders","instType":"SPOT"}]}""", """{"event":"error","code":"60018","msg":"Wrong URL or channel:liquidation-orders,instType:SPOT""" },
        { """{"op":"login","args":[{}]}""", """{"event":"error","code":"60012","msg":"Invalid request: {\"op\":\"login\",\"args\":[{}]}""" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_requests_get_okx_error_codes_and_the_connection_stays_open(string request, string answer)
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, PublicPath, cancellation);

        await SendAsync(socket, request, cancellation);
        var error = await ReceiveAsync(socket, cancellation);
        await SendAsync(socket, "ping", cancellation);

        Assert.StartsWith(answer, error, StringComparison.Ordinal);
        Assert.Equal("pong", await ReceiveAsync(socket, cancellation));
        Assert.Empty(Assert.Single(simulator.GetStatus().Connections).Subscriptions);
    }

    [Fact]
    public async Task Unsubscribing_is_acknowledged_and_the_channel_stops()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, PublicPath, cancellation);
        await SendAsync(socket, """{"op":"subscribe","args":[{"channel":"trades","instId":"BTC-USDT"}]}""", cancellation);
        await ReceiveAsync(socket, cancellation);

        await SendAsync(socket, """{"op":"unsubscribe","args":[{"channel":"trades","instId":"BTC-USDT"}]}""", cancellation);

        Assert.StartsWith("""{"event":"unsubscribe","arg":{"channel":"trades","instId":"BTC-USDT"},"connId":""", await ReceiveAsync(socket, cancellation), StringComparison.Ordinal);
        Assert.Empty(Assert.Single(simulator.GetStatus().Connections).Subscriptions);
    }

    [Fact]
    public async Task A_connection_with_nothing_pushed_for_the_idle_timeout_is_closed_and_pings_keep_one_open()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.AutoStart = false, clock);
        var cancellation = Within();
        using var silent = await ConnectAsync(simulator, PublicPath, cancellation);
        using var pinging = await ConnectAsync(simulator, PublicPath, cancellation);
        // Ids are given in connection order, from 1: the silent client connected first.
        long[] ids = [(await simulator.WaitForConnectionAsync(c => c.Id == 1, cancellation)).Id, (await simulator.WaitForConnectionAsync(c => c.Id == 2, cancellation)).Id];

        for (var second = 0; second < 45; second += 5)
        {
            await SendAsync(pinging, "ping", cancellation);
            Assert.Equal("pong", await ReceiveAsync(pinging, cancellation));
            clock.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Null(await ReceiveAsync(silent, cancellation));
        var closed = await simulator.WaitForConnectionClosedAsync(ids[0], cancellation);
        Assert.Equal((WebSocketCloseStatus)4004, silent.CloseStatus);
        Assert.Equal("closed: nothing pushed for 30 s (OKX's idle rule)", closed.Reason);
        Assert.Equal(WebSocketState.Open, pinging.State);
        Assert.Contains(simulator.GetStatus().Connections, connection => connection.Id == ids[1]);
    }
}

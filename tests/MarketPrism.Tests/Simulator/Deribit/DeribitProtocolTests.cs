using System.Net.WebSockets;
using System.Text.Json;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator.Deribit;

/// <summary>The simulated Deribit's JSON-RPC protocol, spoken to with a real WebSocket client.</summary>
public sealed class DeribitProtocolTests
{
    private const string Path = "/deribit/ws/api/v2";

    [Fact]
    public async Task Subscribe_answers_with_the_channels_it_serves_leaves_out_the_others_and_sends_the_book_snapshot_next()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, Path, cancellation);

        await SendAsync(socket, """{"jsonrpc":"2.0","id":42,"method":"public/subscribe","params":{"channels":["book.BTC-24SEP21-8000-P.100ms","ticker.BTC-24SEP21-8000-P.100ms","book.BTC-1JAN99-1-C.100ms","quote.BTC-PERPETUAL"]}}""", cancellation);
        var messages = await ReceiveManyAsync(socket, 2, cancellation);

        using var answer = JsonDocument.Parse(messages[0]);
        Assert.Equal(42, answer.RootElement.GetProperty("id").GetInt32());
        Assert.Equal(
            ["book.BTC-24SEP21-8000-P.100ms", "ticker.BTC-24SEP21-8000-P.100ms", "quote.BTC-PERPETUAL"],
            answer.RootElement.GetProperty("result").EnumerateArray().Select(channel => channel.GetString()));
        Assert.False(answer.RootElement.GetProperty("testnet").GetBoolean());
        Assert.True(answer.RootElement.TryGetProperty("usDiff", out _));

        // The snapshot is the recorded one (frames keep their recorded times in these tests), under the served channel name.
        Assert.Equal(
            """{"jsonrpc":"2.0","method":"subscription","params":{"channel":"book.BTC-24SEP21-8000-P.100ms","data":{"type":"snapshot","timestamp":1626993722319,"instrument_name":"BTC-24SEP21-8000-P","change_id":33195894164,"bids":[["new",0.0005,153.1]],"asks":[["new",0.0015,94.7],["new",0.002,22.0],["new",0.0025,1.0],["new",0.003,3.0],["new",0.006,0.5],["new",0.0075,0.1],["new",0.009,0.1],["new",0.01,1.1],["new",0.011,0.1],["new",0.0145,0.1],["new",0.0175,0.1],["new",0.05,1.0],["new",0.1,2.0],["new",0.25,9.0]]}}}""",
            messages[1]);
    }

    [Fact]
    public async Task Raw_channels_are_refused_as_for_any_unauthenticated_session()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, Path, cancellation);

        await SendAsync(socket, """{"jsonrpc":"2.0","id":"cryptofeed","method":"public/subscribe","params":{"channels":["book.BTC-24SEP21-8000-P.raw"]}}""", cancellation);
        using var reply = JsonDocument.Parse((await ReceiveAsync(socket, cancellation))!);

        Assert.Equal("cryptofeed", reply.RootElement.GetProperty("id").GetString());
        Assert.Equal(13778, reply.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("raw_subscriptions_not_available_for_unauthorized", reply.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"public/subscribe","params":{"channels":"book.BTC-PERPETUAL.100ms"}}""", -32602, "Invalid params")]
    [InlineData("""{"jsonrpc":"2.0","id":2,"method":"public/set_heartbeat","params":{"interval":5}}""", -32602, "Invalid params")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"private/buy","params":{}}""", -32601, "Method not found")]
    [InlineData("""{"jsonrpc":"2.0","id":4,"method":"public/subscribe",""", -32700, "Parse error")]
    [InlineData("""[1,2]""", -32600, "Invalid Request")]
    public async Task Bad_requests_get_json_rpc_errors(string request, int code, string message)
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, Path, cancellation);

        await SendAsync(socket, request, cancellation);
        using var reply = JsonDocument.Parse((await ReceiveAsync(socket, cancellation))!);

        var error = reply.RootElement.GetProperty("error");
        Assert.Equal((code, message), (error.GetProperty("code").GetInt32(), error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Unsubscribe_answers_with_the_channels_it_removed_and_their_frames_stop()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, Path, cancellation);
        await SendAsync(socket, """{"jsonrpc":"2.0","id":1,"method":"public/subscribe","params":{"channels":["ticker.BTC-PERPETUAL.100ms","quote.BTC-PERPETUAL"]}}""", cancellation);
        await ReceiveAsync(socket, cancellation);

        await SendAsync(socket, """{"jsonrpc":"2.0","id":2,"method":"public/unsubscribe","params":{"channels":["quote.BTC-PERPETUAL","book.BTC-PERPETUAL.100ms"]}}""", cancellation);
        using var reply = JsonDocument.Parse((await ReceiveAsync(socket, cancellation))!);

        Assert.Equal(["quote.BTC-PERPETUAL"], reply.RootElement.GetProperty("result").EnumerateArray().Select(channel => channel.GetString()));
        var connection = Assert.Single(simulator.GetStatus().Connections);
        Assert.Equal(["ticker.BTC-PERPETUAL.100ms"], connection.Subscriptions);
    }

    [Fact]
    public async Task Test_and_get_time_answer_with_the_version_and_the_clock()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.AutoStart = false, clock);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, Path, cancellation);

        await SendAsync(socket, """{"jsonrpc":"2.0","id":8212,"method":"public/test","params":{}}""", cancellation);
        await SendAsync(socket, """{"jsonrpc":"2.0","id":8213,"method":"public/get_time"}""", cancellation);
        var replies = await ReceiveManyAsync(socket, 2, cancellation);

        Assert.Equal("""{"jsonrpc":"2.0","id":8212,"result":{"version":"1.2.26"},"usIn":1704067200000000,"usOut":1704067200000000,"usDiff":0,"testnet":false}""", replies[0]);
        Assert.Equal("""{"jsonrpc":"2.0","id":8213,"result":1704067200000,"usIn":1704067200000000,"usOut":1704067200000000,"usDiff":0,"testnet":false}""", replies[1]);
    }

    [Fact]
    public async Task Too_many_requests_in_a_second_are_answered_too_many_requests_and_the_connection_is_closed()
    {
        await using var simulator = await StartAsync(o =>
        {
            o.AutoStart = false;
            o.Venue<MarketPrism.Simulator.Deribit.DeribitVenueOptions>("deribit").MessagesPerSecond = 3;
        }, new ManualClock());
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, Path, cancellation);

        for (var i = 0; i < 4; i++)
        {
            await SendAsync(socket, $$"""{"jsonrpc":"2.0","id":{{i}},"method":"public/test"}""", cancellation);
        }

        var messages = new List<string>();
        while (await ReceiveAsync(socket, cancellation) is { } message)
        {
            messages.Add(message);
        }

        Assert.Equal(4, messages.Count);
        using var last = JsonDocument.Parse(messages[^1]);
        Assert.Equal(10028, last.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        Assert.Single(simulator.GetStatus().RateLimitViolations);
    }
}

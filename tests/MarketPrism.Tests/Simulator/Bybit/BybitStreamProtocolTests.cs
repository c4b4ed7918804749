using System.Text.Json;
using static MarketPrism.Tests.Simulator.Bybit.BybitStreams;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator.Bybit;

public sealed class BybitStreamProtocolTests
{
    [Fact]
    public async Task A_book_subscription_is_acknowledged_then_sent_the_recorded_snapshot_and_deltas_byte_for_byte()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, LinearPath, cancellation);

        await SubscribeAsync(socket, "1", cancellation, "orderbook.500.XRPUSDT");
        var ack = JsonDocument.Parse((await ReceiveAsync(socket, cancellation))!).RootElement;
        var snapshot = await ReceiveAsync(socket, cancellation);
        simulator.Start(BybitLinear);
        var deltas = await ReceiveManyAsync(socket, 49, cancellation);

        Assert.Equal((true, "", "1", "subscribe"), (ack.GetProperty("success").GetBoolean(), ack.GetProperty("ret_msg").GetString(), ack.GetProperty("req_id").GetString(), ack.GetProperty("op").GetString()));
        Assert.Matches("^[0-9a-f]{8}-0000-4000-8000-[0-9]{12}$", ack.GetProperty("conn_id").GetString());
        Assert.Equal(RecordedLines, new[] { snapshot! }.Concat(deltas).ToArray());
    }

    [Fact]
    public async Task Spot_acknowledges_with_its_own_message_and_both_categories_answer_pings_as_documented()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var spot = await ConnectAsync(simulator, SpotPath, cancellation);
        using var linear = await ConnectAsync(simulator, LinearPath, cancellation);

        await SubscribeAsync(spot, "7", cancellation, "publicTrade.XRPUSDT");
        await SendAsync(spot, """{"op":"ping"}""", cancellation);
        await SendAsync(linear, """{"op":"ping"}""", cancellation);
        await SendAsync(linear, """{"req_id":"100001","op":"ping"}""", cancellation);
        var spotReplies = await ReceiveManyAsync(spot, 2, cancellation);
        var linearReplies = await ReceiveManyAsync(linear, 2, cancellation);

        Assert.Matches("""^\{"success":true,"ret_msg":"subscribe","conn_id":"[^"]+","req_id":"7","op":"subscribe"\}$""", spotReplies[0]);
        Assert.Matches("""^\{"success":true,"ret_msg":"pong","conn_id":"[^"]+","op":"ping"\}$""", spotReplies[1]);
        Assert.Matches("""^\{"success":true,"ret_msg":"pong","conn_id":"[^"]+","req_id":"","op":"ping"\}$""", linearReplies[0]);
        Assert.Matches("""^\{"success":true,"ret_msg":"pong","conn_id":"[^"]+","req_id":"100001","op":"ping"\}$""", linearReplies[1]);
    }

    [Theory]
    [InlineData(LinearPath, """{"req_id":"2","op":"subscribe","args":["orderbook.3.XRPUSDT"]}""", "error:handler not found,topic:orderbook.3.XRPUSDT")]
    [InlineData(LinearPath, """{"req_id":"2","op":"subscribe","args":["candles.XRPUSDT"]}""", "error:handler not found,topic:candles.XRPUSDT")]
    [InlineData(LinearPath, """{"req_id":"2","op":"subscribe","args":["publicTrade.xrpusdt"]}""", "error:handler not found,topic:publicTrade.xrpusdt")]
    [InlineData(SpotPath, """{"req_id":"2","op":"subscribe","args":["allLiquidation.XRPUSDT"]}""", "error:handler not found,topic:allLiquidation.XRPUSDT")]
    [InlineData(SpotPath, """{"req_id":"2","op":"subscribe","args":["orderbook.500.XRPUSDT"]}""", "error:handler not found,topic:orderbook.500.XRPUSDT")]
    [InlineData(LinearPath, """{"req_id":"2","op":"subscribe","args":["tickers.XRPUSDT","tickers.XRPUSDT"]}""", "error:already subscribed,topic:tickers.XRPUSDT")]
    [InlineData(LinearPath, """{"req_id":"2","op":"subscribe","args":[]}""", "error:args is empty")]
    [InlineData(LinearPath, """{"req_id":"2","op":"unsubscribe","args":["tickers.XRPUSDT"]}""", "error:not subscribed,topic:tickers.XRPUSDT")]
    [InlineData(LinearPath, """{"req_id":"2","op":"subscribe","args":[5]}""", "error:args must be topic strings, got 5")]
    [InlineData(LinearPath, """{"req_id":"2","op":"auth","args":[]}""", "error:unsupported op: auth")]
    [InlineData(LinearPath, """{"req_id":"2","args":[]}""", "error:op is missing")]
    [InlineData(LinearPath, """{"req_id":"2","op":"subscribe",""", "error:request is not valid JSON")]
    public async Task Bad_requests_are_refused_with_success_false_and_the_reason(string path, string request, string reason)
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, path, cancellation);

        await SendAsync(socket, request, cancellation);
        var reply = JsonDocument.Parse((await ReceiveAsync(socket, cancellation))!).RootElement;

        Assert.False(reply.GetProperty("success").GetBoolean());
        Assert.Equal(reason, reply.GetProperty("ret_msg").GetString());
        Assert.Empty((await simulator.WaitForConnectionAsync(cancellationToken: cancellation)).Subscriptions);
    }

    [Fact]
    public async Task Spot_refuses_more_than_ten_topics_in_one_request_and_a_second_subscription_of_a_topic()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, SpotPath, cancellation);
        var eleven = Enumerable.Range(0, 11).Select(i => $"publicTrade.COIN{i}USDT").ToArray();

        await SubscribeAsync(socket, "1", cancellation, eleven);
        await SubscribeAsync(socket, "2", cancellation, eleven[..10]);
        await SubscribeAsync(socket, "3", cancellation, "publicTrade.COIN3USDT");
        var replies = (await ReceiveManyAsync(socket, 3, cancellation)).Select(reply => JsonDocument.Parse(reply).RootElement).ToList();

        Assert.Equal("error:args size >10", replies[0].GetProperty("ret_msg").GetString());
        Assert.True(replies[1].GetProperty("success").GetBoolean());
        Assert.Equal("error:already subscribed,topic:publicTrade.COIN3USDT", replies[2].GetProperty("ret_msg").GetString());
        Assert.Equal(10, (await simulator.WaitForConnectionAsync(cancellationToken: cancellation)).Subscriptions.Length);
    }

    [Fact]
    public async Task Unsubscribing_stops_a_topic_and_subscribing_again_sends_a_fresh_snapshot()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, LinearPath, cancellation);

        await SubscribeAsync(socket, "1", cancellation, "orderbook.50.XRPUSDT");
        await UnsubscribeAsync(socket, "2", cancellation, "orderbook.50.XRPUSDT");
        await SubscribeAsync(socket, "3", cancellation, "orderbook.50.XRPUSDT");
        var messages = (await ReceiveManyAsync(socket, 5, cancellation)).Select(m => JsonDocument.Parse(m).RootElement).ToList();

        Assert.Equal("subscribe", messages[0].GetProperty("op").GetString());
        Assert.Equal("snapshot", messages[1].GetProperty("type").GetString());
        Assert.Equal(("unsubscribe", "2", true), (messages[2].GetProperty("op").GetString(), messages[2].GetProperty("req_id").GetString(), messages[2].GetProperty("success").GetBoolean()));
        Assert.Equal("3", messages[3].GetProperty("req_id").GetString());
        Assert.Equal(messages[1].GetRawText(), messages[4].GetRawText());
        Assert.Equal(50, messages[4].GetProperty("data").GetProperty("b").GetArrayLength());
    }

    [Fact]
    public async Task A_topic_of_a_symbol_the_session_does_not_have_is_accepted_and_stays_silent()
    {
        await using var simulator = await StartAsync();
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, LinearPath, cancellation);

        await SubscribeAsync(socket, "1", cancellation, "publicTrade.BTCUSDT", "kline.1.XRPUSDT");
        var ack = JsonDocument.Parse((await ReceiveAsync(socket, cancellation))!).RootElement;
        await simulator.WhenFinishedAsync(BybitLinear, cancellation);

        Assert.True(ack.GetProperty("success").GetBoolean());
        Assert.Equal(0, simulator.GetFramesGenerated(BybitLinear, "publicTrade.BTCUSDT"));
        Assert.Equal(["publicTrade.BTCUSDT", "kline.1.XRPUSDT"], (await simulator.WaitForConnectionAsync(cancellationToken: cancellation)).Subscriptions);
    }
}

using System.Net.WebSockets;
using System.Text.Json;
using MarketPrism.Simulator;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator.Binance;

public sealed class BinanceStreamProtocolTests
{
    [Fact]
    public async Task Subscribe_is_acknowledged_before_the_first_frame_of_the_stream()
    {
        await using var simulator = await StartAsync();
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/binance/spot/ws", cancellation);

        await SendAsync(socket, """{"method":"SUBSCRIBE","params":["nknusdt@depth@100ms"],"id":1}""", cancellation);
        var messages = await ReceiveManyAsync(socket, 3, cancellation);

        Assert.Equal("""{"result":null,"id":1}""", messages[0]);
        var expected = RecordedSession.Spot.FramesOf("nknusdt@depth@100ms").Take(2).Select(f => f.DataText);
        Assert.Equal(expected, messages.Skip(1));
    }

    [Fact]
    public async Task Streams_in_the_address_are_live_once_the_client_sees_the_connection_open()
    {
        const string stream = "sushiusdt@bookTicker";
        var clock = new ManualClock();
        await using var simulator = await StartAsync(
            o =>
            {
                o.AutoStart = false;
                o.Speed = 1;
            },
            clock);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, $"/binance/futures/ws/{stream}", cancellation);
        AssertSubscribed(simulator, stream);

        // The session's first event is this stream's first frame, due at once: no time for the server to catch up.
        var waiting = clock.NextTimerAsync(cancellation);
        simulator.Start(Futures);
        await waiting;

        await AssertReceivesEveryFrameGeneratedAsync(simulator, socket, stream, cancellation);
    }

    [Fact]
    public async Task A_subscribed_stream_is_live_once_the_client_has_read_the_acknowledgement()
    {
        const string stream = "sushiusdt@bookTicker";
        var clock = new ManualClock();
        await using var simulator = await StartAsync(
            o =>
            {
                o.AutoStart = false;
                o.Speed = 1;
            },
            clock);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/binance/futures/ws", cancellation);
        await SendAsync(socket, $$"""{"method":"SUBSCRIBE","params":["{{stream}}"],"id":1}""", cancellation);
        Assert.Equal("""{"result":null,"id":1}""", await ReceiveAsync(socket, cancellation));
        AssertSubscribed(simulator, stream);

        var waiting = clock.NextTimerAsync(cancellation);
        simulator.Start(Futures);
        await waiting;

        await AssertReceivesEveryFrameGeneratedAsync(simulator, socket, stream, cancellation);
    }

    [Fact]
    public async Task List_subscriptions_reports_the_streams_in_subscription_order_and_unsubscribe_removes_them()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/binance/spot/stream?streams=nknusdt@bookTicker/blzeth@aggTrade", cancellation);

        await SendAsync(socket, """{"method":"SUBSCRIBE","params":["lrcbtc@depth@100ms","nknusdt@bookTicker"],"id":7}""", cancellation);
        await SendAsync(socket, """{"method":"LIST_SUBSCRIPTIONS","id":8}""", cancellation);
        await SendAsync(socket, """{"method":"UNSUBSCRIBE","params":["nknusdt@bookTicker"],"id":9}""", cancellation);
        await SendAsync(socket, """{"method":"LIST_SUBSCRIPTIONS","id":10}""", cancellation);
        var replies = await ReceiveManyAsync(socket, 4, cancellation);

        Assert.Equal(
            [
                """{"result":null,"id":7}""",
                """{"result":["nknusdt@bookTicker","blzeth@aggTrade","lrcbtc@depth@100ms"],"id":8}""",
                """{"result":null,"id":9}""",
                """{"result":["blzeth@aggTrade","lrcbtc@depth@100ms"],"id":10}""",
            ],
            replies);
    }

    [Theory]
    [InlineData("""{"method":"SUBSCRIBE","params":["nknusdt@trade"],"id":1""", """{"error":{"code":3,"msg":"Invalid JSON: expected value at line 1 column 56"},"id":null}""")]
    [InlineData("""{"method":"SUBSCRIBE","params":["nknusdt@trade"],"id":1} x""", """{"error":{"code":3,"msg":"Invalid JSON: expected value at line 1 column 58"},"id":null}""")]
    [InlineData("""{"method":"SUBSCRIBEX","params":[],"id":2}""", """{"error":{"code":2,"msg":"Invalid request: unknown variant `SUBSCRIBEX`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY` at line 1 column 22"},"id":2}""")]
    [InlineData("""{"params":["nknusdt@trade"],"id":3}""", """{"error":{"code":2,"msg":"Invalid request: missing field `method` at line 1 column 35"},"id":3}""")]
    [InlineData("""{"method":"SUBSCRIBE","params":["nknusdt@trade"]}""", """{"error":{"code":2,"msg":"Invalid request: request ID must be an unsigned integer"},"id":null}""")]
    [InlineData("""{"method":"SUBSCRIBE","params":["nknusdt@trade"],"id":4,"extra":1}""", """{"error":{"code":2,"msg":"Invalid request: too many parameters"},"id":4}""")]
    [InlineData("""{"method":"SUBSCRIBE","params":["NKNUSDT@trade"],"id":5}""", """{"error":{"code":2,"msg":"Invalid request: invalid stream name `NKNUSDT@trade`: stream names are `<symbol>@<stream>` with a lower-case symbol"},"id":5}""")]
    [InlineData("""{"method":"SUBSCRIBE","params":[42],"id":6}""", """{"error":{"code":2,"msg":"Invalid request: invalid type: integer, expected a string"},"id":6}""")]
    [InlineData("""{"method":"SET_PROPERTY","params":["fancy",true],"id":7}""", """{"error":{"code":0,"msg":"Unknown property"},"id":7}""")]
    [InlineData("""{"method":"SET_PROPERTY","params":["combined","yes"],"id":8}""", """{"error":{"code":1,"msg":"Invalid value type: expected Boolean"},"id":8}""")]
    [InlineData("""{"method":"GET_PROPERTY","params":[1],"id":9}""", """{"error":{"code":2,"msg":"Invalid request: property name must be a string"},"id":9}""")]
    [InlineData("""{"method":"LIST_SUBSCRIPTIONS","id":"ab-12"}""", """{"result":[],"id":"ab-12"}""")]
    public async Task Spot_requests_get_binance_replies(string request, string reply)
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/binance/spot/ws", cancellation);

        await SendAsync(socket, request, cancellation);

        Assert.Equal(reply, await ReceiveAsync(socket, cancellation));
    }

    [Theory]
    [InlineData("""{"method":"LIST_SUBSCRIPTIONS","id":-1}""")]
    [InlineData("""{"method":"LIST_SUBSCRIPTIONS","id":"abc"}""")]
    [InlineData("""{"method":"LIST_SUBSCRIPTIONS","id":null}""")]
    public async Task Futures_request_ids_must_be_unsigned_integers(string request)
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/binance/futures/ws", cancellation);

        await SendAsync(socket, request, cancellation);

        Assert.Equal(
            """{"error":{"code":2,"msg":"Invalid request: request ID must be an unsigned integer"},"id":null}""",
            await ReceiveAsync(socket, cancellation));
    }

    [Fact]
    public async Task Subscribing_beyond_the_stream_limit_is_refused_without_subscribing_anything()
    {
        await using var simulator = await StartAsync(o =>
        {
            o.AutoStart = false;
            o.MaxStreamsPerConnection = 3;
        });
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/binance/spot/stream?streams=nknusdt@trade/nknusdt@aggTrade", cancellation);

        await SendAsync(socket, """{"method":"SUBSCRIBE","params":["blzeth@trade","lrcbtc@trade"],"id":1}""", cancellation);
        await SendAsync(socket, """{"method":"LIST_SUBSCRIPTIONS","id":2}""", cancellation);

        Assert.Equal(
            """{"error":{"code":2,"msg":"Invalid request: too many streams: a connection may listen to at most 3 streams"},"id":1}""",
            await ReceiveAsync(socket, cancellation));
        Assert.Equal("""{"result":["nknusdt@trade","nknusdt@aggTrade"],"id":2}""", await ReceiveAsync(socket, cancellation));
    }

    [Fact]
    public async Task Set_property_combined_wraps_the_frames_of_a_raw_connection()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/binance/spot/ws/nknusdt@bookTicker", cancellation);

        await SendAsync(socket, """{"method":"SET_PROPERTY","params":["combined",true],"id":1}""", cancellation);
        await SendAsync(socket, """{"method":"GET_PROPERTY","params":["combined"],"id":2}""", cancellation);
        var replies = await ReceiveManyAsync(socket, 2, cancellation);
        simulator.Start();
        var frame = await ReceiveAsync(socket, cancellation);

        Assert.Equal(["""{"result":null,"id":1}""", """{"result":true,"id":2}"""], replies);
        Assert.Equal(RecordedSession.Spot.FramesOf("nknusdt@bookTicker")[0].Payload, frame);
    }

    [Theory]
    [InlineData("/binance/futures/public/stream?streams=sushiusdt@bookTicker")]
    [InlineData("/binance/futures/market/stream?streams=sushiusdt@bookTicker")]
    [InlineData("/binance/futures/stream?streams=sushiusdt@bookTicker")]
    public async Task Futures_streams_are_served_on_every_endpoint_root(string path)
    {
        await using var simulator = await StartAsync();
        var cancellation = Within();

        using var socket = await ConnectAsync(simulator, path, cancellation);

        Assert.Equal(RecordedSession.Futures.FramesOf("sushiusdt@bookTicker")[0].Payload, await ReceiveAsync(socket, cancellation));
    }

    [Fact]
    public async Task An_upper_case_stream_in_the_address_is_refused_before_the_upgrade()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() =>
            socket.ConnectAsync(WebSocketUri(simulator, "/binance/spot/stream?streams=NKNUSDT@trade"), Within()));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, socket.HttpStatusCode);
    }

    [Fact]
    public async Task A_stream_the_session_never_produces_can_be_subscribed_and_stays_silent()
    {
        await using var simulator = await StartAsync();
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/binance/spot/stream?streams=btcusdt@trade/nknusdt@aggTrade", cancellation);

        var first = await ReceiveAsync(socket, cancellation);

        using var document = JsonDocument.Parse(first!);
        Assert.Equal("nknusdt@aggTrade", document.RootElement.GetProperty("stream").GetString());
        Assert.Equal(0, simulator.GetFramesGenerated(Spot, "btcusdt@trade"));
    }

    /// <summary>The simulator's only connection is already among the stream's subscribers.</summary>
    private static void AssertSubscribed(RunningSimulator simulator, string stream)
    {
        Assert.True(simulator.Venue(Futures).Streams.TryGet(stream, out var channel));
        Assert.Equal(1, Assert.Single(channel.Subscribers).Id);
    }

    private static async Task AssertReceivesEveryFrameGeneratedAsync(
        RunningSimulator simulator, WebSocket socket, string stream, CancellationToken cancellationToken)
    {
        var generated = (int)simulator.GetFramesGenerated(Futures, stream);
        var expected = RecordedSession.Futures.FramesOf(stream).Take(generated).Select(f => f.DataText);

        Assert.NotEqual(0, generated);
        Assert.Equal(expected, await ReceiveManyAsync(socket, generated, cancellationToken));
    }
}

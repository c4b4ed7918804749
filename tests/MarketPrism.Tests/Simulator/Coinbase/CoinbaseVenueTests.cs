using System.Net.WebSockets;
using System.Text.Json;
using MarketPrism.Tests.Simulator.Conformance;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator.Coinbase;

/// <summary>What the simulated Coinbase does that the conformance suite cannot express: the 5-second subscribe rule,
/// Advanced Trade's per-connection numbering, heartbeats and idle rule, and the Exchange feed's gap.</summary>
public sealed class CoinbaseVenueTests
{
    private const string Venue = "coinbase";
    private const string Exchange = "/coinbase/exchange";
    private const string AdvancedTrade = "/coinbase/advanced-trade";
    private const string SubscribeHeartbeats = """{"type":"subscribe","channel":"heartbeats"}""";
    private const string SubscribeLevel2 = """{"type":"subscribe","product_ids":["SKL-USD"],"channel":"level2"}""";

    [Theory]
    [InlineData(Exchange)]
    [InlineData(AdvancedTrade)]
    public async Task A_connection_that_has_not_subscribed_five_seconds_after_opening_is_closed(string path)
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.AutoStart = false, clock);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, path, cancellation);
        var connection = await simulator.WaitForConnectionAsync(cancellationToken: cancellation);

        clock.Advance(TimeSpan.FromSeconds(5));
        var message = await ReceiveAsync(socket, cancellation);
        var closed = await simulator.WaitForConnectionClosedAsync(connection.Id, cancellation);

        Assert.Null(message);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        Assert.Equal("closed: no subscribe within 5 s (Coinbase's rule)", closed.Reason);
    }

    [Theory]
    [InlineData(Exchange, """{"type":"subscribe","product_ids":["SKL-USD"],"channels":["ticker"]}""")]
    [InlineData(AdvancedTrade, SubscribeHeartbeats)]
    public async Task A_connection_that_subscribed_in_time_stays_open_after_five_seconds(string path, string subscribe)
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.AutoStart = false, clock);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, path, cancellation);
        await SendAsync(socket, subscribe, cancellation);
        var acknowledgement = await ReceiveAsync(socket, cancellation);

        clock.Advance(TimeSpan.FromSeconds(6));
        await SendAsync(socket, subscribe, cancellation);
        var again = await ReceiveUntilAsync(socket, m => m.Contains("subscriptions", StringComparison.Ordinal), cancellation);

        Assert.Contains("subscriptions", acknowledgement, StringComparison.Ordinal);
        Assert.NotNull(again);
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task Advanced_trade_numbers_every_message_of_a_connection_across_channels_from_zero()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.AutoStart = false, clock);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, AdvancedTrade, cancellation);

        await SendAsync(socket, SubscribeHeartbeats, cancellation);
        var first = await ReceiveAsync(socket, cancellation);
        await SendAsync(socket, SubscribeLevel2, cancellation);
        var next = await ReceiveManyAsync(socket, 2, cancellation);
        clock.Advance(TimeSpan.FromSeconds(1));
        var heartbeat = await ReceiveAsync(socket, cancellation);
        var messages = new[] { first!, next[0], next[1], heartbeat! }.Select(m => JsonDocument.Parse(m).RootElement).ToArray();

        Assert.Equal([0L, 1, 2, 3], messages.Select(m => m.GetProperty("sequence_num").GetInt64()));
        Assert.Equal(["subscriptions", "subscriptions", "l2_data", "heartbeats"], messages.Select(m => m.GetProperty("channel").GetString()));
        Assert.Equal("""{"heartbeats":["heartbeats"],"level2":["SKL-USD"]}""", messages[1].GetProperty("events")[0].GetProperty("subscriptions").GetRawText());
        Assert.Equal("snapshot", messages[2].GetProperty("events")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_heartbeat_has_the_shape_of_the_real_one_and_counts_up_by_one_a_second()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.AutoStart = false, clock);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, AdvancedTrade, cancellation);
        await SendAsync(socket, SubscribeHeartbeats, cancellation);
        await ReceiveAsync(socket, cancellation);

        clock.Advance(TimeSpan.FromSeconds(1));
        var first = await ReceiveAsync(socket, cancellation);
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = await ReceiveAsync(socket, cancellation);

        GoldenFrame.AssertMatches(
            GoldenFrame.Read("coinbase", "heartbeats-advanced-trade.json"),
            first,
            ["$.timestamp", "$.events[0].current_time", "$.events[0].heartbeat_counter"]);
        Assert.Equal(Counter(first!) + 1, Counter(second!));
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000 UTC m=\+\d+\.\d{9}$", JsonDocument.Parse(first!).RootElement.GetProperty("events")[0].GetProperty("current_time").GetString());
    }

    [Fact]
    public async Task Stopping_heartbeats_holds_them_back_and_the_counter_jumps_when_they_resume()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.AutoStart = false, clock);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, AdvancedTrade, cancellation);
        await SendAsync(socket, SubscribeHeartbeats, cancellation);
        await ReceiveAsync(socket, cancellation);
        clock.Advance(TimeSpan.FromSeconds(1));
        var before = await ReceiveAsync(socket, cancellation);

        simulator.StallStream(Venue, "advanced-trade/heartbeats", TimeSpan.FromSeconds(3.5));
        for (var second = 0; second < 3; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        await SendAsync(socket, """{"type":"unsubscribe","product_ids":["SKL-USD"],"channel":"ticker"}""", cancellation);
        var marker = await ReceiveAsync(socket, cancellation);
        clock.Advance(TimeSpan.FromSeconds(1));
        var after = await ReceiveAsync(socket, cancellation);

        Assert.StartsWith("""{"channel":"subscriptions",""", marker, StringComparison.Ordinal);
        Assert.Equal(Counter(before!) + 4, Counter(after!));
        Assert.Equal(Number(marker!) + 1, Number(after!));
        Assert.True(simulator.GetStatus().Venues.Single(v => v.Name == Venue).FramesStalled >= 3);
    }

    [Fact]
    public async Task Advanced_trade_drops_the_subscriptions_of_a_connection_that_was_sent_nothing_for_sixty_seconds()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.AutoStart = false, clock);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, AdvancedTrade, cancellation);
        await SendAsync(socket, SubscribeLevel2, cancellation);
        await ReceiveManyAsync(socket, 2, cancellation);
        var subscribed = await simulator.WaitForConnectionAsync(c => c.Subscriptions.Length == 1, cancellation);

        // The rule is checked every tenth of the timeout: 60 s of silence is seen by the check after it, at most 66 s on.
        for (var second = 0; second < 80; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var dropped = await simulator.WaitForConnectionAsync(c => c.Id == subscribed.Id && c.Subscriptions.Length == 0, cancellation);

        Assert.Empty(dropped.Subscriptions);
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task Heartbeats_keep_the_subscriptions_of_a_quiet_connection_open()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.AutoStart = false, clock);
        var cancellation = Within(60);
        using var socket = await ConnectAsync(simulator, AdvancedTrade, cancellation);
        await SendAsync(socket, SubscribeHeartbeats, cancellation);
        await ReceiveAsync(socket, cancellation);
        await SendAsync(socket, SubscribeLevel2, cancellation);
        await ReceiveManyAsync(socket, 2, cancellation);

        for (var second = 0; second < 70; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Contains("\"heartbeats\"", await ReceiveAsync(socket, cancellation), StringComparison.Ordinal);
        }

        var connection = await simulator.WaitForConnectionAsync(cancellationToken: cancellation);
        Assert.Equal(2, connection.Subscriptions.Length);
    }

    [Fact]
    public async Task Gap_on_the_exchange_feed_withholds_the_next_match_so_its_trade_id_and_sequence_are_skipped()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within(60);
        using var socket = await ConnectAsync(simulator, Exchange, cancellation);
        await SendAsync(socket, """{"type":"subscribe","product_ids":["SKL-USD"],"channels":["matches"]}""", cancellation);
        var opening = await ReceiveManyAsync(socket, 2, cancellation);

        simulator.InjectGap(Venue, "SKL-USD");
        var reading = ReadTradeIdsAsync(socket, cancellation);
        simulator.Start(Venue);
        await simulator.WhenFinishedAsync(Venue, cancellation);
        await SendAsync(socket, """{"type":"unsubscribe","product_ids":["SKL-USD"],"channels":["ticker"]}""", cancellation);
        var received = await reading;
        var generated = simulator.GetGeneratedIds(Venue, "SKL-USD", "trade");

        Assert.Contains("\"type\":\"last_match\",\"trade_id\":1568267", opening[1], StringComparison.Ordinal);
        Assert.Equal([1568269L, 1568270, 1568271, 1568272], received);
        Assert.Equal(6, generated.Count); // the recorded last_match and five replayed trades
        Assert.Equal(1, simulator.GetStatus().Venues.Single(v => v.Name == Venue).GapsInjected);
    }

    [Fact]
    public async Task Both_apis_serve_the_same_trades_with_the_makers_side_and_the_same_book()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within(60);
        using var exchange = await ConnectAsync(simulator, Exchange, cancellation);
        using var advanced = await ConnectAsync(simulator, AdvancedTrade, cancellation);
        await SendAsync(exchange, """{"type":"subscribe","product_ids":["SKL-USD"],"channels":["matches"]}""", cancellation);
        await ReceiveManyAsync(exchange, 2, cancellation);
        await SendAsync(advanced, """{"type":"subscribe","product_ids":["SKL-USD"],"channel":"market_trades"}""", cancellation);
        await ReceiveManyAsync(advanced, 2, cancellation);

        var exchangeReading = ReadUntilMarkerAsync(exchange, cancellation);
        var advancedReading = ReadUntilMarkerAsync(advanced, cancellation);
        simulator.Start(Venue);
        await simulator.WhenFinishedAsync(Venue, cancellation);
        await SendAsync(exchange, """{"type":"unsubscribe","product_ids":["SKL-USD"],"channels":["ticker"]}""", cancellation);
        await SendAsync(advanced, """{"type":"unsubscribe","product_ids":["SKL-USD"],"channel":"ticker"}""", cancellation);
        var matches = (await exchangeReading).Select(m => JsonDocument.Parse(m).RootElement)
            .Where(m => m.GetProperty("type").GetString() == "match")
            .Select(m => (m.GetProperty("trade_id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), m.GetProperty("side").GetString()!.ToUpperInvariant(), m.GetProperty("price").GetString()));
        var trades = (await advancedReading).Select(m => JsonDocument.Parse(m).RootElement)
            .Where(m => m.GetProperty("channel").GetString() == "market_trades")
            .SelectMany(m => m.GetProperty("events")[0].GetProperty("trades").EnumerateArray())
            .Select(t => (t.GetProperty("trade_id").GetString()!, t.GetProperty("side").GetString()!, t.GetProperty("price").GetString()));

        Assert.Equal(matches, trades);
        Assert.Equal(5, matches.Count());
    }

    private static long Counter(string heartbeat) =>
        JsonDocument.Parse(heartbeat).RootElement.GetProperty("events")[0].GetProperty("heartbeat_counter").GetInt64();

    private static long Number(string message) => JsonDocument.Parse(message).RootElement.GetProperty("sequence_num").GetInt64();

    private static async Task<string?> ReceiveUntilAsync(WebSocket socket, Func<string, bool> done, CancellationToken cancellation)
    {
        while (await ReceiveAsync(socket, cancellation) is { } message)
        {
            if (done(message))
            {
                return message;
            }
        }

        return null;
    }

    /// <summary>Messages until the answer to an unsubscribe (a subscriptions message), which is queued behind every frame.</summary>
    private static async Task<List<string>> ReadUntilMarkerAsync(WebSocket socket, CancellationToken cancellation)
    {
        var messages = new List<string>();
        while (await ReceiveAsync(socket, cancellation) is { } message)
        {
            if (message.Contains("subscriptions", StringComparison.Ordinal))
            {
                return messages;
            }

            messages.Add(message);
        }

        throw new InvalidOperationException("The connection closed before the marker's answer.");
    }

    private static async Task<List<long>> ReadTradeIdsAsync(WebSocket socket, CancellationToken cancellation)
    {
        var ids = new List<long>();
        foreach (var message in await ReadUntilMarkerAsync(socket, cancellation))
        {
            using var document = JsonDocument.Parse(message);
            if (document.RootElement.GetProperty("type").GetString() == "match")
            {
                ids.Add(document.RootElement.GetProperty("trade_id").GetInt64());
            }
        }

        return ids;
    }
}

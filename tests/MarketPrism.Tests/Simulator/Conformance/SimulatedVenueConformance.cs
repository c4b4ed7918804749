using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using MarketPrism.Simulator;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator.Conformance;

/// <summary>
/// What every simulated venue must do, written once (the way dotnet/runtime runs one abstract test base over every
/// channel): speak its venue's handshake, heartbeat and subscribe/acknowledge/error exchanges as the golden frames
/// under <c>recordings/protocol/&lt;venue&gt;/</c> show them, stream a book that equals the truth its REST and control
/// API serve, and apply every simulator fault. A new simulated venue derives one class and says where its book is
/// and how its frames read.
/// </summary>
public abstract class SimulatedVenueConformance
{
    /// <summary>Control-API name, e.g. <c>okx</c>.</summary>
    protected abstract string Venue { get; }

    /// <summary>Folder of the venue's golden frames under <c>recordings/protocol</c>.</summary>
    protected abstract string ProtocolFolder { get; }

    /// <summary>Suffix of the golden files where the market's frames differ from the venue's others (<c>-spot</c>), else empty.</summary>
    protected virtual string GoldenSuffix => "";

    /// <summary>JSON paths whose values change per connection or per moment (connection ids, server times).</summary>
    protected virtual IReadOnlyCollection<string> VolatilePaths => [];

    /// <summary>Path of the venue's public WebSocket.</summary>
    protected abstract string WebSocketPath { get; }

    /// <summary>The recorded symbol whose book the suite follows, as the venue writes it (and the control API takes it).</summary>
    protected abstract string Symbol { get; }

    /// <summary>The venue's name of that book's stream, as <c>/sim/status</c> counts it and the stall fault takes it.</summary>
    protected abstract string BookStream { get; }

    /// <summary>Subscribes to the book stream; its answer is the golden <c>subscribe-ack.json</c>.</summary>
    protected abstract string SubscribeRequest { get; }

    /// <summary>A subscription to a channel the venue does not have; its answer is the golden <c>error-unknown-channel.json</c>.</summary>
    protected abstract string UnknownChannelRequest { get; }

    /// <summary>
    /// A request whose answer is queued behind every frame already queued, and a test for that answer: reading up to it
    /// reads everything the simulator sent before.
    /// </summary>
    protected abstract string MarkerRequest { get; }

    protected abstract bool IsMarkerReply(string message);

    /// <summary>True when the venue's heartbeat is a text request the client sends (golden <c>ping</c> and <c>pong</c> files).</summary>
    protected virtual string? HeartbeatFileExtension => null;

    /// <summary>True when the server sends WebSocket ping frames and drops a client that does not answer (options <c>ping_interval</c>, <c>pong_timeout</c>).</summary>
    protected virtual bool SendsPingFrames => false;

    /// <summary>A REST path of the venue that answers 200 when no fault is set (a time or ping endpoint).</summary>
    protected abstract string RestProbePath { get; }

    /// <summary>The REST book of <see cref="Symbol"/>: its path, and how its body reads into a book and a sequence.</summary>
    protected abstract string RestBookPath { get; }

    protected abstract LocalBook ReadRestBook(JsonElement body);

    /// <summary>
    /// The JSON bodies of the probe and book requests where the venue's REST API is one POST endpoint that reads the
    /// request from its body (Hyperliquid's <c>POST /info</c>); null where they are GET requests.
    /// </summary>
    protected virtual string? RestProbeBody => null;

    protected virtual string? RestBookBody => null;

    /// <summary>
    /// True when every book push is the whole book (Hyperliquid): nothing on the wire can show a lost push, so a gap
    /// gives the client no break, and the next push repairs its book. False when updates chain by a sequence.
    /// </summary>
    protected virtual bool BookPushesAreWholeSnapshots => false;

    /// <summary>True when a book subscription starts with an in-band snapshot (otherwise the client seeds from REST).</summary>
    protected abstract bool SnapshotInBand { get; }

    /// <summary>Levels a side the book stream keeps (its subscribed depth); the truth is compared down to this.</summary>
    protected virtual int BookDepth => int.MaxValue;

    /// <summary>True when the venue's book updates carry a checksum the checksum fault can corrupt.</summary>
    protected virtual bool HasBookChecksum => false;

    /// <summary>
    /// False when the venue's REST book carries no sequence (Coinbase's <c>product_book</c>): its levels are still
    /// compared with the truth, its sequence is not.
    /// </summary>
    protected virtual bool RestBookHasSequence => true;

    /// <summary>
    /// Why a lost book update cannot be seen on this protocol, when it cannot (Coinbase's Exchange feed: level2 carries
    /// no sequence; its gap fault withholds a sequenced message of another channel, tested next to the derived class).
    /// Null: the gap rule applies.
    /// </summary>
    protected virtual string? GapInvisibleBecause => null;

    /// <summary>
    /// Applies <paramref name="message"/> to <paramref name="book"/> when it is a frame of the followed book, and says
    /// whether it continues the previous one (its sequence links to <see cref="LocalBook.Sequence"/>; a snapshot
    /// always does). Null when the message is not a book frame.
    /// </summary>
    protected abstract bool? ApplyBookFrame(JsonElement message, LocalBook book);

    [Fact]
    public async Task The_websocket_handshake_opens_a_connection_the_control_api_lists_under_the_venue()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();

        using var socket = await ConnectAsync(simulator, WebSocketPath, cancellation);
        var connection = await simulator.WaitForConnectionAsync(cancellationToken: cancellation);

        Assert.Equal(WebSocketState.Open, socket.State);
        Assert.Equal(Venue, connection.Venue);
        Assert.StartsWith(WebSocketPath, connection.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subscription_is_acknowledged_as_the_golden_frame_shows()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, WebSocketPath, cancellation);

        await SendAsync(socket, SubscribeRequest, cancellation);

        GoldenFrame.AssertMatches(Golden("subscribe-ack.json"), await ReceiveAsync(socket, cancellation), VolatilePaths);
        Assert.Single((await simulator.WaitForConnectionAsync(cancellationToken: cancellation)).Subscriptions);
    }

    [Fact]
    public async Task An_unknown_channel_is_refused_as_the_golden_frame_shows_and_the_connection_stays_open()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, WebSocketPath, cancellation);

        await SendAsync(socket, UnknownChannelRequest, cancellation);
        var error = await ReceiveAsync(socket, cancellation);
        await SendAsync(socket, MarkerRequest, cancellation);

        GoldenFrame.AssertMatches(Golden("error-unknown-channel.json"), error, VolatilePaths);
        Assert.True(IsMarkerReply((await ReceiveAsync(socket, cancellation))!), "the connection stopped answering after the error");
        Assert.Empty((await simulator.WaitForConnectionAsync(cancellationToken: cancellation)).Subscriptions);
    }

    [Fact]
    public async Task A_heartbeat_request_is_answered_as_the_golden_pong_shows()
    {
        Assert.SkipWhen(HeartbeatFileExtension is null, $"{Venue}'s heartbeat is the server's WebSocket ping frames (see the ping-frame test).");
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, WebSocketPath, cancellation);

        await SendAsync(socket, Golden("ping" + HeartbeatFileExtension), cancellation);

        GoldenFrame.AssertMatches(Golden("pong" + HeartbeatFileExtension), await ReceiveAsync(socket, cancellation), VolatilePaths);
    }

    [Fact]
    public async Task The_server_sends_ping_frames_and_drops_a_client_that_never_answers()
    {
        Assert.SkipUnless(SendsPingFrames, $"{Venue} sends no WebSocket ping frames; its heartbeat is the client's request.");
        await using var simulator = await StartAsync(o =>
        {
            o.AutoStart = false;
            o.SetVenueOption($"{Venue}.ping_interval=200ms");
            o.SetVenueOption($"{Venue}.pong_timeout=1s");
        });
        var cancellation = Within();
        using var client = new RawWebSocketClient();

        await client.ConnectAsync(simulator.BaseAddress, WebSocketPath, cancellation);
        var connection = await simulator.WaitForConnectionAsync(cancellationToken: cancellation);
        var opcode = await client.ReadFrameAsync(cancellation);
        var closed = await simulator.WaitForConnectionClosedAsync(connection.Id, cancellation);

        Assert.Equal(0x9, opcode);
        Assert.StartsWith("dropped", closed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_streamed_book_equals_the_truth_of_the_control_api_and_of_rest()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        using var http = Http(simulator);
        var cancellation = Within(60);
        using var socket = await ConnectAsync(simulator, WebSocketPath, cancellation);
        var book = await OpenBookAsync(socket, simulator, cancellation);

        var breaks = await ReplayAsync(simulator, socket, book, cancellation);
        var truth = simulator.GetTrueBook(Venue, Symbol, BookDepth);
        var rest = await RestBookAsync(http, cancellation);

        Assert.Empty(breaks);
        Assert.Equal(truth.LastUpdateId, book.Sequence);
        Assert.Equal(truth.Bids, book.BidLevels(BookDepth));
        Assert.Equal(truth.Asks, book.AskLevels(BookDepth));
        if (RestBookHasSequence)
        {
            Assert.Equal(truth.LastUpdateId, rest.Sequence);
        }

        Assert.Equal(truth.Bids.Take(rest.Bids.Count), rest.BidLevels());
        Assert.Equal(truth.Asks.Take(rest.Asks.Count), rest.AskLevels());
        Assert.NotEmpty(rest.Bids);
        Assert.True(simulator.GetFramesGenerated(Venue, BookStream) > 1, $"{BookStream} generated no updates");
    }

    [Fact]
    public async Task Gap_withholds_one_update_the_client_sees_one_break_and_the_truth_moves_on()
    {
        Assert.SkipWhen(GapInvisibleBecause is not null, $"{Venue} ({WebSocketPath}): {GapInvisibleBecause}");
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        using var http = Http(simulator);
        var cancellation = Within(60);
        using var socket = await ConnectAsync(simulator, WebSocketPath, cancellation);
        var book = await OpenBookAsync(socket, simulator, cancellation);

        simulator.InjectGap(Venue, Symbol);
        var breaks = await ReplayAsync(simulator, socket, book, cancellation);
        var truth = simulator.GetTrueBook(Venue, Symbol, BookDepth);

        if (BookPushesAreWholeSnapshots)
        {
            Assert.Empty(breaks);
            Assert.Equal(truth.Bids, book.BidLevels(BookDepth));
            Assert.Equal(truth.Asks, book.AskLevels(BookDepth));
        }
        else
        {
            Assert.Single(breaks);
        }

        Assert.Equal(truth.LastUpdateId, book.Sequence);
        Assert.Equal(1, Status(simulator).GapsInjected);
    }

    [Fact]
    public async Task Stall_withholds_the_book_stream_from_one_connection_while_another_gets_it_all()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within(60);
        using var stalled = await ConnectAsync(simulator, WebSocketPath, cancellation);
        var stalledConnection = await simulator.WaitForConnectionAsync(cancellationToken: cancellation);
        using var other = await ConnectAsync(simulator, WebSocketPath, cancellation);
        await simulator.WaitForConnectionAsync(c => c.Id != stalledConnection.Id, cancellation);
        var stalledBook = await OpenBookAsync(stalled, simulator, cancellation);
        var otherBook = await OpenBookAsync(other, simulator, cancellation);
        var opened = stalledBook.Sequence;

        // The stall outlasts the replay (speed 0), so every frame of the book stream falls inside it.
        simulator.StallStream(Venue, BookStream, TimeSpan.FromHours(1), stalledConnection.Id);
        var reader = ReadUntilMarkerAsync(stalled, cancellation);
        var breaks = await ReplayAsync(simulator, other, otherBook, cancellation);
        await SendAsync(stalled, MarkerRequest, cancellation);
        var withheld = await reader;

        Assert.Empty(breaks);
        Assert.Equal(simulator.GetTrueBook(Venue, Symbol).LastUpdateId, otherBook.Sequence);
        Assert.NotEqual(opened, otherBook.Sequence);
        Assert.Empty(withheld.Where(message => Apply(Parse(message), stalledBook) is not null).Select(message => message.Length > 300 ? message[..300] : message));
        Assert.Equal(opened, stalledBook.Sequence);
        Assert.True(Status(simulator).FramesStalled > 0);
    }

    [Fact]
    public async Task Garble_sends_the_next_frame_as_invalid_json_once()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, WebSocketPath, cancellation);
        await OpenBookAsync(socket, simulator, cancellation);
        var connection = await simulator.WaitForConnectionAsync(cancellationToken: cancellation);

        var armed = simulator.GarbleNextFrame(Venue);
        simulator.Start(Venue);
        var messages = await ReceiveManyAsync(socket, 2, cancellation);

        Assert.Equal([connection.Id], armed);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(messages[0]));
        using var next = JsonDocument.Parse(messages[1]);
    }

    [Fact]
    public async Task Oversize_sends_the_next_frame_padded_to_the_size_as_well_formed_json_once()
    {
        const int size = 1024 * 1024;
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, WebSocketPath, cancellation);
        await OpenBookAsync(socket, simulator, cancellation);

        simulator.OversizeNextFrame(Venue, size);
        simulator.Start(Venue);
        var messages = await ReceiveManyAsync(socket, 2, cancellation);

        Assert.Equal(size, System.Text.Encoding.UTF8.GetByteCount(messages[0]));
        using var padded = JsonDocument.Parse(messages[0]);
        Assert.True(messages[1].Length < size);
    }

    [Fact]
    public async Task Disconnect_close_sends_a_close_frame_and_records_the_reason()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, WebSocketPath, cancellation);
        var connection = await simulator.WaitForConnectionAsync(cancellationToken: cancellation);

        var ended = simulator.Disconnect(Venue, DisconnectMode.Close);
        var message = await ReceiveAsync(socket, cancellation);
        var closed = await simulator.WaitForConnectionClosedAsync(connection.Id, cancellation);

        Assert.Equal([connection.Id], ended);
        Assert.Null(message);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.CloseStatus);
        Assert.Equal("closed by fault injection", closed.Reason);
    }

    [Fact]
    public async Task Disconnect_reset_ends_the_connection_without_a_close_frame()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, WebSocketPath, cancellation);
        var connection = await simulator.WaitForConnectionAsync(cancellationToken: cancellation);

        using var http = Http(simulator);
        using var response = await http.PostAsync(new Uri($"/sim/faults/disconnect?venue={Venue}&mode=reset", UriKind.Relative), null, cancellation);
        var failure = await Assert.ThrowsAsync<WebSocketException>(() => ReceiveAsync(socket, cancellation));
        var closed = await simulator.WaitForConnectionClosedAsync(connection.Id, cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, failure.WebSocketErrorCode);
        Assert.Null(socket.CloseStatus);
        Assert.Equal("reset by fault injection", closed.Reason);
    }

    [Fact]
    public async Task Refuse_fails_websocket_upgrades_until_it_expires()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.AutoStart = false, clock);
        var cancellation = Within();

        simulator.RefuseConnections(Venue, TimeSpan.FromSeconds(30));
        using var refused = new ClientWebSocket();
        refused.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(WebSocketUri(simulator, WebSocketPath), cancellation));
        simulator.RefuseConnections(Venue, TimeSpan.FromSeconds(30), status: 0);
        using var reset = new ClientWebSocket();
        await Assert.ThrowsAsync<WebSocketException>(() => reset.ConnectAsync(WebSocketUri(simulator, WebSocketPath), cancellation));
        clock.Advance(TimeSpan.FromSeconds(31));
        using var accepted = await ConnectAsync(simulator, WebSocketPath, cancellation);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.HttpStatusCode);
        Assert.Equal(WebSocketState.Open, accepted.State);
        Assert.Equal(2, Status(simulator).RefusedConnections);
    }

    [Fact]
    public async Task Rest_429_fault_answers_the_given_number_of_requests_with_retry_after()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false, new ManualClock());
        using var http = Http(simulator);
        var cancellation = Within();

        simulator.FailRest(Venue, 429, count: 2, duration: null, retryAfter: TimeSpan.FromSeconds(3));
        using var first = await RestAsync(http, RestProbePath, RestProbeBody, cancellation);
        using var second = await RestAsync(http, RestBookPath, RestBookBody, cancellation);
        using var third = await RestAsync(http, RestProbePath, RestProbeBody, cancellation);

        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.OK], [first.StatusCode, second.StatusCode, third.StatusCode]);
        Assert.Equal(TimeSpan.FromSeconds(3), first.Headers.RetryAfter?.Delta);
        Assert.Equal([429, 429, 200], simulator.GetRequests().Select(r => r.Status));
    }

    [Fact]
    public async Task Slow_rest_holds_the_answer_back_until_the_delay_has_passed()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.AutoStart = false, clock);
        using var http = Http(simulator);
        var cancellation = Within();

        simulator.SlowRest(Venue, TimeSpan.FromSeconds(5), count: 1, duration: null);
        var held = clock.NextTimerAsync(cancellation);
        var slow = RestAsync(http, RestProbePath, RestProbeBody, cancellation);
        await held;
        Assert.False(slow.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(5));
        using var answer = await slow;
        using var next = await RestAsync(http, RestProbePath, RestProbeBody, cancellation);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(1, Status(simulator).SlowRestResponses);
    }

    [Fact]
    public async Task Checksum_fault_is_taken_exactly_where_the_venues_books_carry_a_checksum()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);

        if (HasBookChecksum)
        {
            simulator.CorruptChecksum(Venue, Symbol);
        }
        else
        {
            Assert.Throws<KeyNotFoundException>(() => simulator.CorruptChecksum(Venue, Symbol));
        }
    }

    private string Golden(string file)
    {
        var dot = file.LastIndexOf('.');
        var specific = file[..dot] + GoldenSuffix + file[dot..];
        return GoldenFrame.Read(ProtocolFolder, File.Exists(Path.Combine(GoldenFrame.Directory, ProtocolFolder, specific)) ? specific : file);
    }

    private VenueStatus Status(RunningSimulator simulator) => simulator.GetStatus().Venues.Single(v => v.Name == Venue);

    private async Task<LocalBook> RestBookAsync(HttpClient http, CancellationToken cancellation)
    {
        using var response = await RestAsync(http, RestBookPath, RestBookBody, cancellation);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellation));
        return ReadRestBook(body.RootElement);
    }

    private static Task<HttpResponseMessage> RestAsync(HttpClient http, string path, string? body, CancellationToken cancellation) =>
        body is null
            ? http.GetAsync(path, cancellation)
            : http.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), cancellation);

    /// <summary>
    /// Subscribes to the book and reads its opening: the acknowledgement and, where the venue sends one in band, the
    /// snapshot; otherwise the client seeds the book from REST, read before the venue starts.
    /// </summary>
    private async Task<LocalBook> OpenBookAsync(WebSocket socket, RunningSimulator simulator, CancellationToken cancellation)
    {
        var book = new LocalBook();
        if (!SnapshotInBand)
        {
            using var http = Http(simulator);
            book = await RestBookAsync(http, cancellation);
        }

        await SendAsync(socket, SubscribeRequest, cancellation);
        var acknowledged = false;
        while (!acknowledged || (SnapshotInBand && book.Sequence == 0))
        {
            var message = await ReceiveAsync(socket, cancellation) ?? throw new InvalidOperationException("The connection closed while subscribing.");
            acknowledged |= Apply(Parse(message), book) is null;
        }

        return book;
    }

    /// <summary>
    /// Starts the venue and applies what the connection receives to <paramref name="book"/> until the venue finished
    /// and the book reached the truth's sequence; returns the frames that did not continue the one before (where a
    /// client would resynchronize).
    /// </summary>
    private async Task<List<string>> ReplayAsync(RunningSimulator simulator, WebSocket socket, LocalBook book, CancellationToken cancellation)
    {
        // Read all along: at speed 0 a connection that stops reading holds the timeline up. The marker's answer only
        // wakes the reader once the venue finished; answers may overtake frames, so the end is the truth's sequence.
        var target = new long[] { -1 };
        var reader = Task.Run(
            async () =>
            {
                var breaks = new List<string>();
                while (book.Sequence != Volatile.Read(ref target[0]))
                {
                    var message = await ReceiveAsync(socket, cancellation)
                        ?? throw new InvalidOperationException($"The connection closed at sequence {book.Sequence} ({socket.CloseStatus}: {socket.CloseStatusDescription}).");
                    if (!IsMarkerReply(message) && Apply(Parse(message), book) == false)
                    {
                        breaks.Add(message.Length > 300 ? message[..300] : message);
                    }
                }

                return breaks;
            },
            cancellation);
        simulator.Start(Venue);
        await simulator.WhenFinishedAsync(Venue, cancellation);
        Volatile.Write(ref target[0], simulator.GetTrueBook(Venue, Symbol).LastUpdateId);
        await SendAsync(socket, MarkerRequest, cancellation);
        return await reader;
    }

    private async Task<List<string>> ReadUntilMarkerAsync(WebSocket socket, CancellationToken cancellation)
    {
        var messages = new List<string>();
        while (await ReceiveAsync(socket, cancellation) is { } message)
        {
            if (IsMarkerReply(message))
            {
                return messages;
            }

            messages.Add(message);
        }

        throw new InvalidOperationException($"The connection closed after {messages.Count} messages, before the marker's answer ({socket.CloseStatus}: {socket.CloseStatusDescription}).");
    }

    private bool? Apply(JsonElement message, LocalBook book) =>
        message.ValueKind == JsonValueKind.Object ? ApplyBookFrame(message, book) : null;

    private static JsonElement Parse(string message)
    {
        if (message is "pong" or "ping")
        {
            return default; // OKX's text heartbeat: not JSON, not a book frame.
        }

        using var document = JsonDocument.Parse(message);
        return document.RootElement.Clone();
    }
}

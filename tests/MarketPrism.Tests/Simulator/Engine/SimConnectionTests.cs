using System.Net.WebSockets;
using System.Text;
using MarketPrism.Simulator.Engine;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Time.Testing;

namespace MarketPrism.Tests.Simulator.Engine;

public sealed class SimConnectionTests
{
    private const string StreamName = "nknusdt@bookTicker";

    [Fact]
    public void A_garbled_frame_is_cut_short_but_never_inside_a_utf8_sequence()
    {
        var payload = Encoding.UTF8.GetBytes("""{"s":"€€€€"}""");

        var garbled = SimConnection.Garble(payload);

        Assert.True(garbled.Length < payload.Length);
        Assert.Equal(Encoding.UTF8.GetString(garbled.Span), new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(garbled.Span));
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => System.Text.Json.JsonDocument.Parse(garbled));
    }

    [Fact]
    public async Task Streams_activated_before_the_upgrade_queue_their_frames_and_tell_the_venue()
    {
        var fixture = new Fixture(queueCapacity: 4);

        fixture.Subscribe();
        await fixture.Channel.PublishAsync(Frame(), waitForRoom: false, TestContext.Current.CancellationToken);

        Assert.Equal([fixture.Connection], fixture.Channel.Subscribers);
        Assert.Equal([[StreamName]], fixture.Activated);
        Assert.False(fixture.Lifetime.Aborted);
        Assert.Null(fixture.Connection.CloseReason);
        fixture.Connection.Discard("test over");
    }

    [Fact]
    public async Task A_frame_that_finds_the_queue_full_drops_the_slow_consumer()
    {
        var fixture = new Fixture(queueCapacity: 1);
        fixture.Subscribe();

        await fixture.Channel.PublishAsync(Frame(), waitForRoom: false, TestContext.Current.CancellationToken);
        await fixture.Channel.PublishAsync(Frame(), waitForRoom: false, TestContext.Current.CancellationToken);

        Assert.True(fixture.Lifetime.Aborted);
        Assert.Equal("slow consumer: 1 frames queued and not read", fixture.Connection.CloseReason);
        fixture.Connection.Discard("test over");
    }

    [Fact]
    public async Task A_frame_published_to_a_closing_connection_leaves_its_close_handshake_alone()
    {
        var fixture = new Fixture(queueCapacity: 1);
        fixture.Subscribe();
        fixture.Connection.RequestClose(WebSocketCloseStatus.EndpointUnavailable, "simulated disconnect", "closed by fault injection");

        await fixture.Channel.PublishAsync(Frame(), waitForRoom: false, TestContext.Current.CancellationToken);
        await fixture.Channel.PublishAsync(Frame(), waitForRoom: false, TestContext.Current.CancellationToken);

        // Not dropped as a slow consumer: the close frame is still to be sent.
        Assert.False(fixture.Lifetime.Aborted);
        Assert.Equal("closed by fault injection", fixture.Connection.CloseReason);
        fixture.Connection.Discard("test over");
    }

    [Fact]
    public void A_reset_of_a_connection_that_already_finished_is_no_error_and_ends_nothing()
    {
        // The disconnect fault lists open connections, then resets each: one may finish in between (the client
        // closed it) and Kestrel recycles its HttpContext. Resetting it must neither throw nor count it as reset.
        var fixture = new Fixture(queueCapacity: 4);
        fixture.Connection.Discard("client closed");
        fixture.Http.Uninitialize();

        Assert.False(fixture.Connection.Abort("reset by fault injection", reset: true));
        Assert.Equal("client closed", fixture.Connection.CloseReason);
    }

    [Fact]
    public void A_reset_of_an_open_connection_ends_it_once()
    {
        var fixture = new Fixture(queueCapacity: 4);
        fixture.Subscribe();

        Assert.True(fixture.Connection.Abort("reset by fault injection", reset: true));
        Assert.False(fixture.Connection.Abort("reset by fault injection", reset: true));

        Assert.True(fixture.Lifetime.Aborted);
        Assert.Equal("reset by fault injection", fixture.Connection.CloseReason);
        fixture.Connection.Discard("test over");
    }

    [Fact]
    public void A_connection_whose_upgrade_failed_leaves_its_streams()
    {
        var fixture = new Fixture(queueCapacity: 4);
        fixture.Subscribe();

        fixture.Connection.Discard("upgrade failed: client gone");

        Assert.Empty(fixture.Channel.Subscribers);
        Assert.True(fixture.Lifetime.Aborted);
        Assert.Equal("upgrade failed: client gone", fixture.Connection.CloseReason);
    }

    [Fact]
    public void A_stream_unsubscribed_before_it_went_live_stays_silent()
    {
        var fixture = new Fixture(queueCapacity: 4);
        Assert.True(fixture.Connection.TryReserve([fixture.Channel], maxStreams: 10, out var added));

        fixture.Connection.Unsubscribe([StreamName]);
        fixture.Connection.Activate(added);

        Assert.Empty(fixture.Channel.Subscribers);
        Assert.Empty(fixture.Activated);
        fixture.Connection.Discard("test over");
    }

    private static OutboundFrame Frame()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"u":1}""");
        return new OutboundFrame(bytes, 0, bytes.Length);
    }

    /// <summary>A connection before its upgrade (no socket yet), one stream, and what the venue and the transport saw.</summary>
    private sealed class Fixture
    {
        public Fixture(int queueCapacity)
        {
            var http = new DefaultHttpContext();
            http.Features.Set<IHttpRequestLifetimeFeature>(Lifetime);
            Http = http;
            Connection = new SimConnection(
                1,
                "binance-spot",
                "/binance/spot/ws/" + StreamName,
                combined: false,
                http,
                queueCapacity,
                new FakeTimeProvider(),
                (_, channels) => Activated.Add([.. channels.Select(c => c.Name)]),
                CancellationToken.None);
        }

        public SimConnection Connection { get; }

        public DefaultHttpContext Http { get; }

        public StreamChannel Channel { get; } = new(StreamName) { HasSource = true };

        public RecordingLifetime Lifetime { get; } = new();

        public List<string[]> Activated { get; } = [];

        public void Subscribe()
        {
            Assert.True(Connection.TryReserve([Channel], maxStreams: 10, out var added));
            Connection.Activate(added);
        }
    }

    private sealed class RecordingLifetime : IHttpRequestLifetimeFeature
    {
        public CancellationToken RequestAborted { get; set; }

        public bool Aborted { get; private set; }

        public void Abort() => Aborted = true;
    }
}

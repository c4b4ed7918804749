using System.Net.WebSockets;
using System.Text.Json;
using MarketPrism.Simulator.Engine;
using MarketPrism.Simulator.Plugins;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Simulator.Deribit;

/// <summary>
/// Deribit, served under <c>/deribit</c>: the JSON-RPC WebSocket <c>/ws/api/v2</c> (<c>public/subscribe</c>,
/// <c>public/unsubscribe</c>, <c>public/set_heartbeat</c> with <c>test_request</c>s that must be answered with
/// <c>public/test</c>, <c>public/test</c>, <c>public/get_time</c>, <c>public/hello</c>) and the REST methods
/// <c>/api/v2/public/get_order_book</c>, <c>get_time</c> and <c>test</c>. Subscribing a book sends its snapshot
/// first, as Deribit does; channels Deribit would refuse are left out of the answer without an error, and
/// <c>raw</c> channels are refused with error 13778, as for any unauthenticated Deribit session.
/// </summary>
internal sealed partial class DeribitVenue : SimulatedVenue
{
    public const string VenueName = "deribit";
    public const string Prefix = "/deribit";

    private readonly DeribitSession _session;
    private readonly VenueTimeline _timeline;
    private readonly Dictionary<string, DeribitInstrument> _books = new(StringComparer.Ordinal);
    private readonly DeribitRestApi _rest;
    private readonly ILogger _logger;

    private readonly DeribitVenueOptions _options;

    private DeribitVenue(DeribitVenueOptions venueOptions, DeribitSessionData data, StreamRegistry streams, VenueServices services, ILogger logger)
        : base(VenueName, Prefix, services, venueOptions.RequestsPerMinute, streams)
    {
        _options = venueOptions;
        var options = services.Options;
        _logger = logger;
        _session = new DeribitSession(data, services.Time, options.Retime, waitForRoom: options.Speed == 0);
        _timeline = new VenueTimeline(VenueName, _session, services.Time, options.Speed, options.Loop, logger);
        _rest = new DeribitRestApi(_session, Rest, services);
        foreach (var instrument in data.Instruments.Values)
        {
            _books[instrument.BookChannel.Name] = instrument;
        }
    }

    public override VenueTimeline Timeline => _timeline;

    public override IReadOnlyList<string> Symbols => _session.InstrumentNames;

    public override long GapsInjected => _session.GapsInjected;

    /// <summary>Loads the session; null when the recordings hold no Deribit capture.</summary>
    /// <summary>Deribit as a simulator plug-in: its options and its loader.</summary>
    public static VenuePlugin Plugin { get; } =
        VenuePlugin.Of(VenueName, "cryptofeed captures (*.ws.*) of Deribit", () => new DeribitVenueOptions(), static (services, options) => TryCreate(options, services));

    public static DeribitVenue? TryCreate(DeribitVenueOptions venueOptions, VenueServices services)
    {
        var logger = services.LoggerFactory.CreateLogger("MarketPrism.Simulator." + VenueName);
        var streams = new StreamRegistry();
        var data = DeribitSessionLoader.Load(services.Options.RecordingsDirectory, streams, logger);
        return data is null ? null : new DeribitVenue(venueOptions, data, streams, services, logger);
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix);
        group.Map("/ws/api/v2", HandleWebSocketAsync);
        group.MapGet("/api/v2/public/{method}", _rest.HandleAsync);
    }

    public override bool TryGetTrueBook(string symbol, int depth, out TrueBook book)
    {
        if (!_session.TryGetBook(symbol, depth, out var changeId, out var bids, out var asks, out _))
        {
            book = null!;
            return false;
        }

        book = new TrueBook(Name, symbol, changeId, bids, asks);
        return true;
    }

    /// <summary>Stream <c>trade</c> (or Deribit's <c>trades</c>): the numeric part of every trade id generated (<c>ETH-200000001</c> is 200000001).</summary>
    public override bool TryGetGeneratedIds(string symbol, string stream, out GeneratedIds ids)
    {
        ids = null!;
        if (stream is not ("trades" or "trade") || !_session.TryGetInstrument(symbol, out var instrument))
        {
            return false;
        }

        lock (instrument.Gate)
        {
            ids = new GeneratedIds(Name, symbol, stream, instrument.TradeIds.Count, instrument.TradeIds.ToArray());
        }

        return true;
    }

    public override bool TryInjectGap(string symbol)
    {
        if (!_session.TryGetInstrument(symbol, out var instrument))
        {
            return false;
        }

        instrument.ArmGap();
        return true;
    }

    private async Task HandleWebSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("WebSocket upgrade expected.");
            return;
        }

        if (Refusal.ShouldRefuse(out var refusalStatus))
        {
            LogRefused(_logger, context.Request.Path);
            Refuse(context, refusalStatus);
            return;
        }

        var options = Services.Options;
        var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = _options.PingInterval,
            KeepAliveTimeout = _options.PongTimeout,
        });
        var connection = new SimConnection(
            Services.Connections.NextId(),
            Name,
            context.Request.Path + context.Request.QueryString,
            combined: true,
            context,
            options.ConnectionQueueCapacity,
            Services.Time,
            static (_, _) => { }, // SubscribeAsync warns about silent channels and starts the venue itself.
            Services.Shutdown);
        using var client = new DeribitClient(connection, Services.Time);
        using var lifetime = StartLifetimeTimer(connection);
        Services.Connections.Opened(connection);
        LogOpened(_logger, connection.Id, connection.Path);
        var reason = "server error";
        try
        {
            reason = await connection.RunAsync(
                socket,
                (_, message) => HandleMessageAsync(client, message),
                new MessageRateWindow(_options.MessagesPerSecond, Services.Time),
                OnRateViolation);
        }
        catch (Exception ex)
        {
            reason = $"server error: {ex.Message}";
            LogConnectionFailed(_logger, connection.Id, ex);
            connection.Abort(reason, reset: false);
        }
        finally
        {
            client.DisableHeartbeat();
            Services.Connections.Closed(connection, reason, Services.Time.GetUtcNow());
            LogClosed(_logger, connection.Id, reason, connection.FramesSent, client.TestRequestsSent, client.TestRequestsAnswered);
        }
    }

    private async ValueTask HandleMessageAsync(DeribitClient client, ReadOnlyMemory<byte> message)
    {
        try
        {
            await HandleRequestAsync(client, message);
        }
        catch (Exception ex)
        {
            // A bug of ours, not the client's: say so on the connection and in the log, and end it.
            LogConnectionFailed(_logger, client.Connection.Id, ex);
            client.Connection.RequestClose(WebSocketCloseStatus.InternalServerError, "internal error", $"server error: {ex.Message}");
        }
    }

    private async ValueTask HandleRequestAsync(DeribitClient client, ReadOnlyMemory<byte> message)
    {
        var connection = client.Connection;
        var usIn = Microseconds();
        if (!DeribitRpcRequest.TryParse(message.Span, out var request, out var rawId, out var code, out var error))
        {
            await connection.SendReplyAsync(DeribitFrames.Error(rawId, usIn, Microseconds(), code, error));
            return;
        }

        switch (request!.Method)
        {
            case "public/subscribe":
                await SubscribeAsync(client, request, usIn);
                break;
            case "public/unsubscribe":
                await UnsubscribeAsync(client, request, usIn);
                break;
            case "public/set_heartbeat":
                if (request.Interval() is not { } seconds || seconds < 10)
                {
                    await connection.SendReplyAsync(DeribitFrames.Error(
                        request.RawId, usIn, Microseconds(), -32602, "Invalid params", "must be 10 or more", "interval"));
                    break;
                }

                client.SetHeartbeat(TimeSpan.FromSeconds(seconds));
                await connection.SendReplyAsync(DeribitFrames.Result(request.RawId, usIn, Microseconds(), writer => writer.WriteStringValue("ok")));
                break;
            case "public/disable_heartbeat":
                client.DisableHeartbeat();
                await connection.SendReplyAsync(DeribitFrames.Result(request.RawId, usIn, Microseconds(), writer => writer.WriteStringValue("ok")));
                break;
            case "public/test":
            case "public/hello":
                client.Tested();
                await connection.SendReplyAsync(DeribitFrames.Result(request.RawId, usIn, Microseconds(), static writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteString("version", DeribitFrames.Version);
                    writer.WriteEndObject();
                }));
                break;
            case "public/get_time":
                var now = Services.Time.GetUtcNow().ToUnixTimeMilliseconds();
                await connection.SendReplyAsync(DeribitFrames.Result(request.RawId, usIn, Microseconds(), writer => writer.WriteNumberValue(now)));
                break;
            default:
                await connection.SendReplyAsync(DeribitFrames.Error(request.RawId, usIn, Microseconds(), -32601, "Method not found"));
                break;
        }
    }

    /// <summary>
    /// Subscribes every channel the simulated Deribit serves and answers with those; the others are left out of the
    /// answer, as Deribit does for channels it cannot subscribe. A <c>raw</c> channel fails the whole request.
    /// </summary>
    private async ValueTask SubscribeAsync(DeribitClient client, DeribitRpcRequest request, long usIn)
    {
        var connection = client.Connection;
        if (request.Channels() is not { } names)
        {
            await connection.SendReplyAsync(DeribitFrames.Error(request.RawId, usIn, Microseconds(), -32602, "Invalid params", "value must be a list", "channels"));
            return;
        }

        if (names.Exists(name => name.EndsWith(".raw", StringComparison.Ordinal)))
        {
            await connection.SendReplyAsync(DeribitFrames.Error(request.RawId, usIn, Microseconds(), 13778, "raw_subscriptions_not_available_for_unauthorized"));
            return;
        }

        var channels = new List<StreamChannel>(names.Count);
        foreach (var name in names)
        {
            if (Streams.TryGet(name, out var channel) && !channels.Contains(channel))
            {
                channels.Add(channel);
            }
            else if (!Streams.TryGet(name, out _))
            {
                LogUnknownChannel(_logger, connection.Id, name);
            }
        }

        var max = Services.Options.MaxStreamsPerConnection;
        if (!connection.TryReserve(channels, max, out var added))
        {
            await connection.SendReplyAsync(DeribitFrames.Error(
                request.RawId, usIn, Microseconds(), -32602, "Invalid params", $"a connection may subscribe at most {max} channels", "channels"));
            return;
        }

        // The answer goes out before the first notification of the new channels (a book's snapshot first of all).
        await connection.SendReplyAsync(DeribitFrames.Result(request.RawId, usIn, Microseconds(), writer =>
        {
            writer.WriteStartArray();
            foreach (var channel in channels)
            {
                writer.WriteStringValue(channel.Name);
            }

            writer.WriteEndArray();
        }));

        foreach (var channel in added)
        {
            if (_books.TryGetValue(channel.Name, out var instrument))
            {
                _session.SubscribeBook(instrument, connection);
            }
            else
            {
                connection.Activate([channel]);
            }
        }

        if (Services.Options.AutoStart)
        {
            Start();
        }
    }

    private async ValueTask UnsubscribeAsync(DeribitClient client, DeribitRpcRequest request, long usIn)
    {
        var connection = client.Connection;
        if (request.Channels() is not { } names)
        {
            await connection.SendReplyAsync(DeribitFrames.Error(request.RawId, usIn, Microseconds(), -32602, "Invalid params", "value must be a list", "channels"));
            return;
        }

        var subscribed = connection.SubscriptionNames();
        var removed = names.Where(name => Array.IndexOf(subscribed, name) >= 0).Distinct(StringComparer.Ordinal).ToList();
        connection.Unsubscribe(removed);
        await connection.SendReplyAsync(DeribitFrames.Result(request.RawId, usIn, Microseconds(), writer =>
        {
            writer.WriteStartArray();
            foreach (var name in removed)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
        }));
    }

    private void OnRateViolation(SimConnection connection)
    {
        var limit = _options.MessagesPerSecond;
        Services.Connections.RecordViolation(new RateLimitViolation(connection.Id, Name, Services.Time.GetUtcNow(), limit));
        LogRateViolation(_logger, connection.Id, limit);
        var now = Microseconds();
        _ = connection.SendReplyAsync(DeribitFrames.Error([], now, now, 10028, "too_many_requests")).AsTask();
        connection.RequestClose(
            WebSocketCloseStatus.PolicyViolation, "too_many_requests", $"rate limit: more than {limit} messages in 1 s", drainQueued: true);
    }

    private long Microseconds() => Services.Time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;

    [LoggerMessage(Level = LogLevel.Information, Message = "deribit: connection {Id} opened on {Path}")]
    private static partial void LogOpened(ILogger logger, long id, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "deribit: connection {Id} ended: {Reason} ({Frames} frames sent, {TestRequests} test_requests sent, {Answered} answered)")]
    private static partial void LogClosed(ILogger logger, long id, string reason, long frames, long testRequests, long answered);

    [LoggerMessage(Level = LogLevel.Warning, Message = "deribit: connection {Id} asked for {Channel}, which this session does not serve; left out of the answer")]
    private static partial void LogUnknownChannel(ILogger logger, long id, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "deribit: connection {Id} sent more than {Limit} messages in 1 s; closing it (1008)")]
    private static partial void LogRateViolation(ILogger logger, long id, int limit);

    [LoggerMessage(Level = LogLevel.Error, Message = "deribit: connection {Id} failed inside the simulator")]
    private static partial void LogConnectionFailed(ILogger logger, long id, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "deribit: WebSocket upgrade on {Path} refused (fault)")]
    private static partial void LogRefused(ILogger logger, PathString path);
}

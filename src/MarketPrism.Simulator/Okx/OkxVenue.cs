using System.Net.WebSockets;
using System.Text;
using MarketPrism.Simulator.Engine;
using MarketPrism.Simulator.Plugins;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Simulator.Okx;

/// <summary>
/// OKX v5, served under <c>/okx</c>: the public WebSocket <c>/okx/ws/v5/public</c> (per-argument subscribe and
/// unsubscribe acknowledgements, OKX's error codes, the text <c>ping</c>/<c>pong</c> keep-alive, and the rule that a
/// connection with nothing pushed for 30 s is closed) and the public REST endpoints the collector polls.
/// </summary>
internal sealed partial class OkxVenue : SimulatedVenue
{
    public const string VenueName = "okx";
    public const string Prefix = "/okx";

    /// <summary>OKX allows 480 subscribe/unsubscribe/login requests per hour per connection.</summary>
    private const int RequestsPerHour = 480;

    /// <summary>OKX publishes no per-second message limit; the simulator closes a connection beyond this many (1008).</summary>
    private const int MessagesPerSecond = 100;

    private readonly OkxSession _session;
    private readonly VenueTimeline _timeline;
    private readonly OkxRestApi _rest;
    private readonly ILogger _logger;

    private readonly OkxVenueOptions _options;

    private OkxVenue(OkxVenueOptions venueOptions, OkxSessionData data, StreamRegistry streams, VenueServices services, ILogger logger)
        : base(VenueName, Prefix, services, venueOptions.RequestsPerMinute, streams)
    {
        _options = venueOptions;
        _logger = logger;
        _session = new OkxSession(
            data, services.Time, services.Options.Retime, waitForRoom: services.Options.Speed == 0, withholdSnapshot: venueOptions.WithholdBookSnapshot);
        _timeline = new VenueTimeline(VenueName, _session, services.Time, services.Options.Speed, services.Options.Loop, logger);
        _rest = new OkxRestApi(_session, Rest, services);
    }

    public override VenueTimeline Timeline => _timeline;

    public override IReadOnlyList<string> Symbols => _session.InstrumentIds;

    public override long GapsInjected => _session.GapsInjected;

    /// <summary>OKX as a simulator plug-in: its options and its loader.</summary>
    public static VenuePlugin Plugin { get; } =
        VenuePlugin.Of(VenueName, "cryptofeed captures (*.ws.*) of OKX v5", () => new OkxVenueOptions(), static (services, options) => TryCreate(options, services));

    /// <summary>Loads the OKX session; null when the recordings hold no OKX capture.</summary>
    public static OkxVenue? TryCreate(OkxVenueOptions venueOptions, VenueServices services)
    {
        var logger = services.LoggerFactory.CreateLogger("MarketPrism.Simulator." + VenueName);
        var streams = new StreamRegistry();
        var data = OkxSessionLoader.Load(services.Options.RecordingsDirectory, streams, logger);
        return data is null ? null : new OkxVenue(venueOptions, data, streams, services, logger);
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix);
        group.Map("/ws/v5/public", HandleWebSocketAsync);
        _rest.Map(group);
    }

    public override bool TryGetTrueBook(string symbol, int depth, out TrueBook book)
    {
        if (!_session.TryGetDepth(symbol, depth, out var seqId, out var bids, out var asks))
        {
            book = null!;
            return false;
        }

        book = new TrueBook(Name, symbol, seqId, bids, asks);
        return true;
    }

    /// <summary>Trade ids of an instrument's <c>trades</c> channel (asked for as stream <c>trade</c>).</summary>
    public override bool TryGetGeneratedIds(string symbol, string stream, out GeneratedIds ids)
    {
        ids = null!;
        if (stream != "trade" || !_session.TryGetInstrument(symbol, out var instrument))
        {
            return false;
        }

        lock (instrument.TradeGate)
        {
            ids = new GeneratedIds(Name, symbol, stream, instrument.TradeIds.Count, instrument.TradeIds.ToArray());
        }

        return true;
    }

    public override bool TryInjectGap(string symbol)
    {
        if (!_session.TryGetInstrument(symbol, out var instrument) || instrument.Truth is null)
        {
            return false;
        }

        instrument.ArmGap();
        return true;
    }

    public override bool TryCorruptChecksum(string symbol)
    {
        if (!_session.TryGetInstrument(symbol, out var instrument) || instrument.Truth is null)
        {
            return false;
        }

        instrument.ArmChecksumFault();
        return true;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _session.Dispose();
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

        // OKX's keep-alive is the client's text ping; the server sends no WebSocket ping frames.
        var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = TimeSpan.Zero });
        var id = Services.Connections.NextId();
        var connection = new SimConnection(
            id, Name, context.Request.Path + context.Request.QueryString, combined: true, context,
            Services.Options.ConnectionQueueCapacity, Services.Time,
            static (_, _) => { }, // SubscribeAsync warns about silent channels and starts the venue itself.
            Services.Shutdown);
        var state = new OkxConnectionState(Services.Time) { ConnectionId = id.ToString("x8", System.Globalization.CultureInfo.InvariantCulture) };
        var idleTimeout = _options.IdleTimeout;
        var checkEvery = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 100, idleTimeout.Ticks / 10));
        using var idle = Services.Time.CreateTimer(
            _ =>
            {
                if (state.SilentFor(connection.FramesSent) > idleTimeout)
                {
                    connection.RequestClose(
                        (WebSocketCloseStatus)4004,
                        $"No data pushed for {idleTimeout.TotalSeconds:0.#} s",
                        $"closed: nothing pushed for {idleTimeout.TotalSeconds:0.#} s (OKX's idle rule)");
                }
            },
            null,
            checkEvery,
            checkEvery);
        using var lifetime = StartLifetimeTimer(connection);
        Services.Connections.Opened(connection);
        LogOpened(_logger, connection.Id, connection.Path);
        var reason = "server error";
        try
        {
            reason = await connection.RunAsync(
                socket,
                (c, message) => HandleMessageAsync(c, state, message),
                new MessageRateWindow(MessagesPerSecond, Services.Time),
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
            Services.Connections.Closed(connection, reason, Services.Time.GetUtcNow());
            LogClosed(_logger, connection.Id, reason, connection.FramesSent);
        }
    }

    private async ValueTask HandleMessageAsync(SimConnection connection, OkxConnectionState state, ReadOnlyMemory<byte> message)
    {
        try
        {
            await HandleRequestAsync(connection, state, message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug of ours, not the client's: say so on the connection and in the log, and end it.
            LogConnectionFailed(_logger, connection.Id, ex);
            connection.RequestClose(WebSocketCloseStatus.InternalServerError, "internal error", $"server error: {ex.Message}");
        }
    }

    private async ValueTask HandleRequestAsync(SimConnection connection, OkxConnectionState state, ReadOnlyMemory<byte> message)
    {
        if (message.Span.Trim(" \t\r\n"u8).SequenceEqual("ping"u8))
        {
            await ReplyAsync(connection, state, "pong"u8.ToArray());
            return;
        }

        if (!OkxRequest.TryParse(message.Span, out var request, out var code, out var error))
        {
            await ReplyAsync(connection, state, OkxFrames.Error(code, error, state.ConnectionId));
            return;
        }

        if (!state.TryCountRequest(RequestsPerHour))
        {
            await ReplyAsync(connection, state, OkxFrames.Error("60014", "Requests too frequent.", state.ConnectionId));
            return;
        }

        var subscribe = request.Op == "subscribe";
        var started = false;
        foreach (var argument in request.Args)
        {
            if (!TryResolve(argument, out var instrument, out var failure))
            {
                await ReplyAsync(connection, state, OkxFrames.Error(failure.Code, failure.Message, state.ConnectionId));
                continue;
            }

            var name = OkxStreams.Name(argument.Channel!, argument.Target!);
            var key = argument.Channel == OkxStreams.LiquidationOrders ? "instType" : "instId";
            if (!subscribe)
            {
                connection.Unsubscribe([name]);
                await ReplyAsync(connection, state, OkxFrames.Acknowledge("unsubscribe", argument.Channel!, key, argument.Target!, state.ConnectionId));
                continue;
            }

            var channel = Streams.GetOrAdd(name);
            if (!connection.TryReserve([channel], Services.Options.MaxStreamsPerConnection, out var added))
            {
                await ReplyAsync(connection, state, OkxFrames.Error("60013", $"Invalid args: a connection may subscribe at most {Services.Options.MaxStreamsPerConnection} channels", state.ConnectionId));
                continue;
            }

            // The acknowledgement goes out before the channel's first frame (for books: the snapshot).
            await ReplyAsync(connection, state, OkxFrames.Acknowledge("subscribe", argument.Channel!, key, argument.Target!, state.ConnectionId));
            if (added.Count == 0)
            {
                continue; // Already subscribed: OKX acknowledges again and changes nothing.
            }

            if (argument.Channel == "books" && instrument?.Truth is not null)
            {
                await _session.SubscribeBooksAsync(connection, instrument, Services.Shutdown);
            }
            else
            {
                connection.Activate(added);
            }

            if (!channel.HasSource)
            {
                LogSilentStream(_logger, connection.Id, name);
            }

            started = true;
        }

        if (started && Services.Options.AutoStart)
        {
            Start();
        }
    }

    /// <summary>
    /// Checks an argument against the session: a channel OKX has, and an instrument (or for
    /// <c>liquidation-orders</c> an instrument type) that exists; OKX answers anything else with error 60018.
    /// </summary>
    private bool TryResolve(OkxArgument argument, out OkxSimInstrument? instrument, out (string Code, string Message) failure)
    {
        instrument = null;
        failure = default;
        if (argument.Channel is null)
        {
            failure = ("60013", "Invalid args");
            return false;
        }

        if (argument.Channel == OkxStreams.LiquidationOrders)
        {
            if (argument.InstType is "SWAP" or "FUTURES" or "MARGIN" or "OPTION")
            {
                return true;
            }

            failure = ("60018", WrongChannel(argument.Channel, "instType", argument.InstType));
            return false;
        }

        if (Array.IndexOf(OkxStreams.ByInstrument, argument.Channel) >= 0 && argument.InstId is { } instId
            && _session.TryGetInstrument(instId, out var known)
            && (argument.Channel != "funding-rate" || known.Type == OkxInstType.Swap))
        {
            instrument = known;
            return true;
        }

        failure = ("60018", WrongChannel(argument.Channel, "instId", argument.InstId));
        return false;
    }

    private static string WrongChannel(string channel, string key, string? value) =>
        $"Wrong URL or channel:{channel},{key}:{value} doesn't exist. Please use the correct URL, channel and parameters referring to API document.";

    private static async ValueTask ReplyAsync(SimConnection connection, OkxConnectionState state, byte[] reply)
    {
        await connection.SendReplyAsync(reply);
        state.Pushed();
    }

    private void OnRateViolation(SimConnection connection)
    {
        Services.Connections.RecordViolation(new RateLimitViolation(connection.Id, Name, Services.Time.GetUtcNow(), MessagesPerSecond));
        LogRateViolation(_logger, connection.Id, MessagesPerSecond);
        connection.RequestClose(WebSocketCloseStatus.PolicyViolation, "Too many requests", $"rate limit: more than {MessagesPerSecond} messages in 1 s", drainQueued: true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "okx: connection {Id} opened on {Path}")]
    private static partial void LogOpened(ILogger logger, long id, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "okx: connection {Id} ended: {Reason} ({Frames} frames sent)")]
    private static partial void LogClosed(ILogger logger, long id, string reason, long frames);

    [LoggerMessage(Level = LogLevel.Warning, Message = "okx: connection {Id} subscribed to {Stream}, which this session never produces")]
    private static partial void LogSilentStream(ILogger logger, long id, string stream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "okx: connection {Id} sent more than {Limit} messages in 1 s; closing it (1008)")]
    private static partial void LogRateViolation(ILogger logger, long id, int limit);

    [LoggerMessage(Level = LogLevel.Error, Message = "okx: connection {Id} failed inside the simulator")]
    private static partial void LogConnectionFailed(ILogger logger, long id, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "okx: WebSocket upgrade on {Path} refused (fault)")]
    private static partial void LogRefused(ILogger logger, PathString path);
}

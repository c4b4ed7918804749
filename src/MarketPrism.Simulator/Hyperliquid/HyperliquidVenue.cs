using System.Net.WebSockets;
using System.Text;
using MarketPrism.Core.Model;
using MarketPrism.Simulator.Engine;
using MarketPrism.Simulator.Plugins;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Simulator.Hyperliquid;

/// <summary>
/// Hyperliquid, served under <c>/hyperliquid</c>: the WebSocket <c>/hyperliquid/ws</c> (subscribe and unsubscribe
/// echoed as <c>subscriptionResponse</c>, <c>{"channel":"error"}</c> for what Hyperliquid cannot read, the
/// <c>{"method":"ping"}</c>/<c>{"channel":"pong"}</c> keep-alive, a connection the server has sent nothing to for 60 s
/// closed, the per-address limits on connections, subscriptions and messages) and the REST <c>POST /hyperliquid/info</c>.
/// </summary>
internal sealed partial class HyperliquidVenue : SimulatedVenue
{
    public const string VenueName = "hyperliquid";
    public const string Prefix = "/hyperliquid";

    private readonly HyperliquidSession _session;
    private readonly VenueTimeline _timeline;
    private readonly HyperliquidRestApi _rest;
    private readonly HyperliquidVenueOptions _options;
    private readonly HyperliquidMessageBudget _messages;
    private readonly ILogger _logger;

    private HyperliquidVenue(HyperliquidVenueOptions venueOptions, List<HyperliquidRecordedPush> pushes, StreamRegistry streams, VenueServices services, ILogger logger)
        : base(VenueName, Prefix, services, venueOptions.RestWeightPerMinute, streams)
    {
        _options = venueOptions;
        _logger = logger;
        _messages = new HyperliquidMessageBudget(services.Time);
        _session = new HyperliquidSession(pushes, streams, services.Time, services.Options.Retime, waitForRoom: services.Options.Speed == 0, logger);
        _timeline = new VenueTimeline(VenueName, _session, services.Time, services.Options.Speed, services.Options.Loop, logger);
        _rest = new HyperliquidRestApi(_session, Rest, services);
    }

    public override VenueTimeline Timeline => _timeline;

    public override IReadOnlyList<string> Symbols => _session.CoinNames;

    public override long GapsInjected => _session.GapsInjected;

    /// <summary>Hyperliquid as a simulator plug-in: its options and its loader.</summary>
    public static VenuePlugin Plugin { get; } =
        VenuePlugin.Of(VenueName, "hftbacktest captures (hftbacktest_*.txt) of Hyperliquid l2Book/trades", () => new HyperliquidVenueOptions(), static (services, options) => TryCreate(options, services));

    /// <summary>Loads the Hyperliquid session; null when the recordings hold no Hyperliquid capture.</summary>
    public static HyperliquidVenue? TryCreate(HyperliquidVenueOptions venueOptions, VenueServices services)
    {
        var logger = services.LoggerFactory.CreateLogger("MarketPrism.Simulator." + VenueName);
        var pushes = HyperliquidSessionLoader.Load(services.Options.RecordingsDirectory, logger);
        return pushes.Exists(push => push.Book is not null)
            ? new HyperliquidVenue(venueOptions, pushes, new StreamRegistry(), services, logger)
            : null;
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix);
        group.Map("/ws", HandleWebSocketAsync);
        _rest.Map(group);
    }

    /// <summary>The latest snapshot generated; its <c>time</c> stands for the sequence Hyperliquid's books lack.</summary>
    public override bool TryGetTrueBook(string symbol, int depth, out TrueBook book)
    {
        if (!_session.TryGetBook(symbol, out var bids, out var asks, out var time))
        {
            book = null!;
            return false;
        }

        book = new TrueBook(Name, symbol, time, Levels(bids, depth), Levels(asks, depth));
        return true;
    }

    /// <summary>The <c>tid</c>s sent on a coin's <c>trades</c> stream (asked for as stream <c>trade</c> or <c>trades</c>).</summary>
    public override bool TryGetGeneratedIds(string symbol, string stream, out GeneratedIds ids)
    {
        ids = null!;
        if (stream is not ("trade" or "trades") || !_session.TryGetCoin(symbol, out var coin))
        {
            return false;
        }

        lock (coin.Gate)
        {
            ids = new GeneratedIds(Name, symbol, "trades", coin.TradeIds.Count, coin.TradeIds.ToArray());
        }

        return true;
    }

    /// <summary>
    /// The coin's next <c>l2Book</c> push is generated (the truth becomes it) but not sent: a lost push. Hyperliquid's
    /// books carry no sequence, so no client can see the loss; the following push, a whole book, repairs it.
    /// </summary>
    public override bool TryInjectGap(string symbol)
    {
        if (!_session.TryGetCoin(symbol, out var coin))
        {
            return false;
        }

        HyperliquidSession.ArmGap(coin);
        return true;
    }

    private static BookLevel[] Levels(HyperliquidLevel[] side, int depth) =>
        [.. side.Take(depth).Select(level => new BookLevel(level.Price, level.Size))];

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

        if (Services.Connections.OpenConnections(Name).Count() >= _options.MaxConnections)
        {
            // "Maximum of 100 websocket connections" per IP; how Hyperliquid refuses the next one is not documented.
            LogTooManyConnections(_logger, _options.MaxConnections);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            await context.Response.WriteAsync($"Too many connections: at most {_options.MaxConnections} per address.");
            return;
        }

        // Hyperliquid's keep-alive is the client's {"method":"ping"}; the server sends no WebSocket ping frames.
        var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = TimeSpan.Zero });
        var connection = new SimConnection(
            Services.Connections.NextId(), Name, context.Request.Path + context.Request.QueryString, combined: true, context,
            Services.Options.ConnectionQueueCapacity, Services.Time,
            static (_, _) => { }, // SubscribeAsync joins each stream itself, after its current value.
            Services.Shutdown);
        var state = new HyperliquidConnectionState(Services.Time);
        var idleTimeout = _options.IdleTimeout;
        var checkEvery = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 100, idleTimeout.Ticks / 10));
        using var idle = Services.Time.CreateTimer(
            _ =>
            {
                if (state.SilentFor(connection.FramesSent) >= idleTimeout)
                {
                    connection.RequestClose(
                        WebSocketCloseStatus.NormalClosure,
                        "",
                        $"closed: nothing sent to it for {idleTimeout.TotalSeconds:0.#} s (Hyperliquid's idle rule)");
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
                new MessageRateWindow(_options.MessagesPerMinute, Services.Time),
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

    private async ValueTask HandleMessageAsync(SimConnection connection, HyperliquidConnectionState state, ReadOnlyMemory<byte> message)
    {
        try
        {
            if (!_messages.TryCount(_options.MessagesPerMinute))
            {
                OnRateViolation(connection);
                return;
            }

            await HandleRequestAsync(connection, state, message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug of ours, not the client's: say so on the connection and in the log, and end it.
            LogConnectionFailed(_logger, connection.Id, ex);
            connection.RequestClose(WebSocketCloseStatus.InternalServerError, "internal error", $"server error: {ex.Message}");
        }
    }

    private async ValueTask HandleRequestAsync(SimConnection connection, HyperliquidConnectionState state, ReadOnlyMemory<byte> message)
    {
        if (!HyperliquidRequest.TryParse(message.Span, out var request))
        {
            await ReplyAsync(connection, state, HyperliquidFrames.Error(HyperliquidRequest.ParseError(message.Span)));
            return;
        }

        switch (request.Method)
        {
            case "ping":
                await ReplyAsync(connection, state, HyperliquidFrames.Pong);
                break;
            case "subscribe":
                await SubscribeAsync(connection, state, request.Subscription!);
                break;
            default:
                await UnsubscribeAsync(connection, state, request.Subscription!);
                break;
        }
    }

    private async ValueTask SubscribeAsync(SimConnection connection, HyperliquidConnectionState state, HyperliquidSubscription subscription)
    {
        var name = subscription.StreamName;
        if (Array.IndexOf(connection.SubscriptionNames(), name) >= 0)
        {
            await ReplyAsync(connection, state, HyperliquidFrames.Error("Already subscribed: " + Echo(subscription)));
            return;
        }

        var total = Services.Connections.OpenConnections(Name).Sum(open => open.SubscriptionCount);
        var channel = Streams.GetOrAdd(name);
        if (total >= _options.MaxSubscriptions || !connection.TryReserve([channel], Services.Options.MaxStreamsPerConnection, out _))
        {
            // "Maximum of 1000 websocket subscriptions" per IP; the wording of the refusal is the simulator's.
            await ReplyAsync(connection, state, HyperliquidFrames.Error($"Cannot track more than {Math.Min(_options.MaxSubscriptions, Services.Options.MaxStreamsPerConnection)} total subscriptions"));
            return;
        }

        // The acknowledgement goes out first, then the stream's current value (a book: the whole book), then its pushes.
        await ReplyAsync(connection, state, HyperliquidFrames.SubscriptionResponse("subscribe", subscription));
        if (channel.HasSource && subscription.Coin is { } coinName && _session.TryGetCoin(coinName, out var coin))
        {
            if (!HyperliquidSession.Join(connection, coin, channel))
            {
                return;
            }
        }
        else
        {
            channel.Add(connection);
            LogSilentStream(_logger, connection.Id, name);
        }

        if (Services.Options.AutoStart)
        {
            Start();
        }
    }

    private static async ValueTask UnsubscribeAsync(SimConnection connection, HyperliquidConnectionState state, HyperliquidSubscription subscription)
    {
        var name = subscription.StreamName;
        if (Array.IndexOf(connection.SubscriptionNames(), name) < 0)
        {
            await ReplyAsync(connection, state, HyperliquidFrames.Error("Already unsubscribed: " + Echo(subscription)));
            return;
        }

        connection.Unsubscribe([name]);
        await ReplyAsync(connection, state, HyperliquidFrames.SubscriptionResponse("unsubscribe", subscription));
    }

    private static string Echo(HyperliquidSubscription subscription) =>
        Encoding.UTF8.GetString(HyperliquidFrames.Write(subscription.WriteEcho));

    private static async ValueTask ReplyAsync(SimConnection connection, HyperliquidConnectionState state, byte[] reply)
    {
        await connection.SendReplyAsync(reply);
        state.Sent();
    }

    private void OnRateViolation(SimConnection connection)
    {
        Services.Connections.RecordViolation(new RateLimitViolation(connection.Id, Name, Services.Time.GetUtcNow(), _options.MessagesPerMinute));
        LogRateViolation(_logger, connection.Id, _options.MessagesPerMinute);
        connection.RequestClose(WebSocketCloseStatus.PolicyViolation, "Too many messages", $"rate limit: more than {_options.MessagesPerMinute} messages in a minute", drainQueued: true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "hyperliquid: connection {Id} opened on {Path}")]
    private static partial void LogOpened(ILogger logger, long id, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "hyperliquid: connection {Id} ended: {Reason} ({Frames} frames sent)")]
    private static partial void LogClosed(ILogger logger, long id, string reason, long frames);

    [LoggerMessage(Level = LogLevel.Warning, Message = "hyperliquid: connection {Id} subscribed to {Stream}, which this session never produces")]
    private static partial void LogSilentStream(ILogger logger, long id, string stream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "hyperliquid: connection {Id} sent more than {Limit} messages in a minute; closing it (1008)")]
    private static partial void LogRateViolation(ILogger logger, long id, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "hyperliquid: WebSocket upgrade refused: {Limit} connections are open already")]
    private static partial void LogTooManyConnections(ILogger logger, int limit);

    [LoggerMessage(Level = LogLevel.Error, Message = "hyperliquid: connection {Id} failed inside the simulator")]
    private static partial void LogConnectionFailed(ILogger logger, long id, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "hyperliquid: WebSocket upgrade on {Path} refused (fault)")]
    private static partial void LogRefused(ILogger logger, PathString path);
}

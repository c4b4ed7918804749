using System.Net.WebSockets;
using MarketPrism.Simulator.Engine;
using MarketPrism.Simulator.Plugins;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Simulator.Bybit;

/// <summary>
/// Bybit v5 spot or linear, served under <see cref="BybitMarket.PathPrefix"/>: the public stream
/// (<c>/v5/public/{category}</c>: subscribe, unsubscribe and ping requests with Bybit's acknowledgements, errors and
/// pongs; a snapshot first on every book and ticker subscription; the argument limits; a connection that stops
/// pinging is cut) and the public REST endpoints.
/// </summary>
internal sealed partial class BybitVenue : SimulatedVenue
{
    /// <summary>"for one public connection, you cannot have length of "args" array over 21,000 characters".</summary>
    public const int MaxArgsCharacters = 21_000;

    /// <summary>Bybit publishes no rate for client messages on public streams; the simulator closes a connection past this many per second.</summary>
    public const int MessagesPerSecond = 100;

    private readonly BybitMarket _market;
    private readonly BybitSession _session;
    private readonly VenueTimeline _timeline;
    private readonly BybitRestApi _rest;
    private readonly ILogger _logger;

    private readonly BybitVenueOptions _options;

    private BybitVenue(BybitMarket market, BybitVenueOptions venueOptions, IReadOnlyList<BybitRecordedBook> books, StreamRegistry streams, VenueServices services, ILogger logger)
        : base(market.VenueName, market.PathPrefix, services, BybitRestApi.RequestsPerMinute, streams)
    {
        _options = venueOptions;
        var options = services.Options;
        _market = market;
        _logger = logger;
        _session = new BybitSession(market, books, streams, services.Time, options.Retime, waitForRoom: options.Speed == 0);
        _timeline = new VenueTimeline(market.VenueName, _session, services.Time, options.Speed, options.Loop, logger);
        _rest = new BybitRestApi(market, _session, Rest, services);
    }

    public override VenueTimeline Timeline => _timeline;

    public override IReadOnlyList<string> Symbols => _session.SymbolNames;

    public override long GapsInjected => _session.GapsInjected;

    /// <summary>The category as a simulator plug-in: its options and its loader.</summary>
    public static VenuePlugin Plugin(BybitMarket market) =>
        VenuePlugin.Of(
            market.VenueName,
            "Bybit order-book sessions (*.data)",
            () => new BybitVenueOptions(market),
            (services, options) => TryCreate(market, options, services));

    /// <summary>Loads the recorded Bybit sessions; null when the recordings hold none.</summary>
    public static BybitVenue? TryCreate(BybitMarket market, BybitVenueOptions venueOptions, VenueServices services)
    {
        var logger = services.LoggerFactory.CreateLogger("MarketPrism.Simulator." + market.VenueName);
        var books = BybitSessionLoader.Load(services.Options.RecordingsDirectory, logger);
        return books.Count == 0 ? null : new BybitVenue(market, venueOptions, books, new StreamRegistry(), services, logger);
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(_market.PathPrefix);
        group.Map(_market.StreamPath, HandleWebSocketAsync);
        _rest.Map(group);
    }

    public override bool TryGetTrueBook(string symbol, int depth, out TrueBook book)
    {
        if (!_session.TryGetBook(symbol, depth, out var view))
        {
            book = null!;
            return false;
        }

        book = new TrueBook(Name, symbol, view.UpdateId, view.Bids, view.Asks);
        return true;
    }

    /// <summary>
    /// The running numbers of the synthetic trades of topic <c>publicTrade</c> (asked for as stream <c>trade</c>, the
    /// control API's default); <see cref="BybitTradeIds"/> turns them into ids.
    /// </summary>
    public override bool TryGetGeneratedIds(string symbol, string stream, out GeneratedIds ids)
    {
        ids = null!;
        if (!_session.TryGetSymbol(symbol, out var state) || stream is not ("publicTrade" or "trade"))
        {
            return false;
        }

        lock (state.Gate)
        {
            ids = new GeneratedIds(Name, symbol, "publicTrade", state.TradeNumbers.Count, state.TradeNumbers.ToArray());
        }

        return true;
    }

    /// <summary>The symbol's next recorded book change is applied to the truth, but no depth's message of it is sent.</summary>
    public override bool TryInjectGap(string symbol)
    {
        if (!_session.TryGetSymbol(symbol, out var state))
        {
            return false;
        }

        lock (state.Gate)
        {
            state.ArmGap();
        }

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
            LogRefused(_logger, Name, context.Request.Path);
            Refuse(context, refusalStatus);
            return;
        }

        // Bybit's keep-alive is the client's ping message; the server sends no WebSocket pings.
        var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = TimeSpan.Zero });
        var connection = new SimConnection(
            Services.Connections.NextId(),
            Name,
            context.Request.Path + context.Request.QueryString,
            combined: true,
            context,
            Services.Options.ConnectionQueueCapacity,
            Services.Time,
            static (_, _) => { }, // Subscriptions join their symbol's stream themselves, after its snapshot (SubscribeAsync).
            Services.Shutdown);
        var timeout = _options.HeartbeatTimeout;
        using var heartbeat = Services.Time.CreateTimer(
            static state => ((SimConnection)state!).Abort("cut: no ping received in time", reset: false), connection, timeout, Timeout.InfiniteTimeSpan);
        using var lifetime = StartLifetimeTimer(connection);
        Services.Connections.Opened(connection);
        LogOpened(_logger, Name, connection.Id, connection.Path);
        var reason = "server error";
        try
        {
            reason = await connection.RunAsync(
                socket,
                (c, message) => HandleMessageAsync(c, message, heartbeat, timeout),
                new MessageRateWindow(MessagesPerSecond, Services.Time),
                OnRateViolation);
        }
        catch (Exception ex)
        {
            reason = $"server error: {ex.Message}";
            LogConnectionFailed(_logger, Name, connection.Id, ex);
            connection.Abort(reason, reset: false);
        }
        finally
        {
            Services.Connections.Closed(connection, reason, Services.Time.GetUtcNow());
            LogClosed(_logger, Name, connection.Id, reason, connection.FramesSent);
        }
    }

    private async ValueTask HandleMessageAsync(SimConnection connection, ReadOnlyMemory<byte> message, ITimer heartbeat, TimeSpan timeout)
    {
        try
        {
            await HandleRequestAsync(connection, message, heartbeat, timeout);
        }
        catch (Exception ex)
        {
            // A bug of ours, not the client's: say so on the connection and in the log, and end it.
            LogConnectionFailed(_logger, Name, connection.Id, ex);
            connection.RequestClose(WebSocketCloseStatus.InternalServerError, "internal error", $"server error: {ex.Message}");
        }
    }

    private async ValueTask HandleRequestAsync(SimConnection connection, ReadOnlyMemory<byte> message, ITimer heartbeat, TimeSpan timeout)
    {
        var connectionId = BybitFrames.ConnectionId(connection.Id);
        if (!BybitRequest.TryParse(message.Span, out var request, out var problem, out var operation, out var requestId))
        {
            await connection.SendReplyAsync(BybitFrames.Reply(false, problem, connectionId, requestId, operation));
            return;
        }

        switch (request.Operation)
        {
            case "ping":
                heartbeat.Change(timeout, Timeout.InfiniteTimeSpan);

                // Spot answers without req_id unless the ping had one; linear always echoes it (docs "Connect").
                var echoed = _market.IsSpot ? request.RequestId : request.RequestId ?? "";
                await connection.SendReplyAsync(BybitFrames.Reply(true, "pong", connectionId, echoed, "ping"));
                break;
            case "subscribe":
                await SubscribeAsync(connection, request, connectionId);
                break;
            case "unsubscribe":
                await UnsubscribeAsync(connection, request, connectionId);
                break;
            default:
                await connection.SendReplyAsync(BybitFrames.Reply(false, $"error:unsupported op: {request.Operation}", connectionId, request.RequestId, request.Operation));
                break;
        }
    }

    private async ValueTask SubscribeAsync(SimConnection connection, BybitRequest request, string connectionId)
    {
        var problem = CheckSubscription(connection, request.Args);
        if (problem is not null)
        {
            await connection.SendReplyAsync(BybitFrames.Reply(false, problem, connectionId, request.RequestId ?? "", "subscribe"));
            return;
        }

        var channels = request.Args.ConvertAll(Streams.GetOrAdd);
        connection.TryReserve(channels, int.MaxValue, out var added);

        // The acknowledgement goes out first, then each topic's snapshot, then its messages.
        await connection.SendReplyAsync(BybitFrames.Reply(true, _market.IsSpot ? "subscribe" : "", connectionId, request.RequestId ?? "", "subscribe"));
        foreach (var channel in added)
        {
            if (_session.TryGetSource(channel.Name, out var symbol, out var depth))
            {
                if (!_session.Join(connection, symbol, depth, channel))
                {
                    return;
                }
            }
            else
            {
                channel.Add(connection);
                LogSilentStream(_logger, Name, connection.Id, channel.Name);
            }
        }

        if (Services.Options.AutoStart)
        {
            Start();
        }
    }

    private async ValueTask UnsubscribeAsync(SimConnection connection, BybitRequest request, string connectionId)
    {
        var subscribed = connection.SubscriptionNames();
        var missing = request.Args.Find(topic => Array.IndexOf(subscribed, topic) < 0);
        if (request.Args.Count == 0 || missing is not null)
        {
            var problem = missing is null ? "error:args is empty" : $"error:not subscribed,topic:{missing}";
            await connection.SendReplyAsync(BybitFrames.Reply(false, problem, connectionId, request.RequestId ?? "", "unsubscribe"));
            return;
        }

        connection.Unsubscribe(request.Args);
        await connection.SendReplyAsync(BybitFrames.Reply(true, _market.IsSpot ? "unsubscribe" : "", connectionId, request.RequestId ?? "", "unsubscribe"));
    }

    /// <summary>Bybit's reason to refuse the whole request, or null: limits first, then each topic in order.</summary>
    private string? CheckSubscription(SimConnection connection, List<string> topics)
    {
        if (topics.Count == 0)
        {
            return "error:args is empty";
        }

        if (_market.MaxArgsPerRequest > 0 && topics.Count > _market.MaxArgsPerRequest)
        {
            return $"error:args size >{_market.MaxArgsPerRequest}";
        }

        var subscribed = connection.SubscriptionNames();
        var characters = subscribed.Sum(topic => topic.Length) + topics.Sum(topic => topic.Length);
        if (characters > MaxArgsCharacters)
        {
            return $"error:args length >{MaxArgsCharacters}";
        }

        for (var i = 0; i < topics.Count; i++)
        {
            var topic = topics[i];
            if (!IsTopic(topic))
            {
                return $"error:handler not found,topic:{topic}";
            }

            if (Array.IndexOf(subscribed, topic) >= 0 || topics.IndexOf(topic) < i)
            {
                return $"error:already subscribed,topic:{topic}";
            }
        }

        return null;
    }

    /// <summary>
    /// A topic this category knows: <c>orderbook.{depth}.{symbol}</c> with one of its depths, or
    /// <c>publicTrade</c>, <c>tickers</c>, <c>kline.{interval}</c>, and on contracts <c>allLiquidation</c> and the
    /// deprecated <c>liquidation</c>, followed by an upper-case symbol. A known topic of a symbol the session never
    /// produces is accepted and stays silent, as a real venue's quiet market would.
    /// </summary>
    private bool IsTopic(string topic)
    {
        var parts = topic.Split('.');
        var symbol = parts[^1];
        if (symbol.Length == 0 || !symbol.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            return false;
        }

        return parts switch
        {
            ["orderbook", var depth, _] => int.TryParse(depth, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var levels) && _market.Depths.Contains(levels),
            ["publicTrade" or "tickers", _] => true,
            ["kline", _, _] => true,
            ["allLiquidation" or "liquidation", _] => !_market.IsSpot,
            _ => false,
        };
    }

    private void OnRateViolation(SimConnection connection)
    {
        var at = Services.Time.GetUtcNow();
        Services.Connections.RecordViolation(new RateLimitViolation(connection.Id, Name, at, MessagesPerSecond));
        LogRateViolation(_logger, Name, connection.Id, MessagesPerSecond);
        connection.RequestClose(WebSocketCloseStatus.PolicyViolation, "Too many requests", $"rate limit: more than {MessagesPerSecond} messages in 1 s", drainQueued: true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Venue}: connection {Id} opened on {Path}")]
    private static partial void LogOpened(ILogger logger, string venue, long id, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Venue}: connection {Id} ended: {Reason} ({Frames} frames sent)")]
    private static partial void LogClosed(ILogger logger, string venue, long id, string reason, long frames);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Venue}: connection {Id} subscribed to {Stream}, which this session never produces")]
    private static partial void LogSilentStream(ILogger logger, string venue, long id, string stream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Venue}: connection {Id} sent more than {Limit} messages in 1 s; closing it (1008)")]
    private static partial void LogRateViolation(ILogger logger, string venue, long id, int limit);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Venue}: connection {Id} failed inside the simulator")]
    private static partial void LogConnectionFailed(ILogger logger, string venue, long id, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Venue}: WebSocket upgrade on {Path} refused (fault)")]
    private static partial void LogRefused(ILogger logger, string venue, PathString path);
}

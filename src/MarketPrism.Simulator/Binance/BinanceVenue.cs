using System.Net.WebSockets;
using System.Text.Json;
using MarketPrism.Simulator.Engine;
using MarketPrism.Simulator.Plugins;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Simulator.Binance;

/// <summary>
/// Binance spot or USD-M futures, served under <see cref="BinanceMarket.PathPrefix"/>: the market-stream
/// WebSocket protocol (raw <c>/ws/&lt;streams&gt;</c>, combined <c>/stream?streams=</c>, live SUBSCRIBE and
/// friends, ping frames, message-rate and stream-count limits) and the public REST endpoints.
/// </summary>
internal sealed partial class BinanceVenue : SimulatedVenue
{
    private readonly BinanceMarket _market;
    private readonly BinanceSession _session;
    private readonly VenueTimeline _timeline;
    private readonly BinanceRestApi _rest;
    private readonly ILogger _logger;
    private readonly TimeSpan _pingInterval;
    private readonly TimeSpan _pongTimeout;
    private readonly int _messagesPerSecond;

    private BinanceVenue(BinanceMarket market, BinanceVenueOptions venueOptions, BinanceSessionData data, StreamRegistry streams, VenueServices services, ILogger logger)
        : base(market.VenueName, market.PathPrefix, services, venueOptions.RequestWeightPerMinute, streams)
    {
        var options = services.Options;
        _market = market;
        _logger = logger;
        _session = new BinanceSession(market, data, services.Time, options.Retime, waitForRoom: options.Speed == 0);
        _timeline = new VenueTimeline(market.VenueName, _session, services.Time, options.Speed, options.Loop, logger);
        _rest = new BinanceRestApi(market, _session, Rest, services);
        _pingInterval = venueOptions.PingInterval;
        _pongTimeout = venueOptions.PongTimeout;
        _messagesPerSecond = venueOptions.MessagesPerSecond;
    }

    public override VenueTimeline Timeline => _timeline;

    public override IReadOnlyList<string> Symbols => _session.SymbolNames;

    public override long GapsInjected => _session.GapsInjected;

    /// <summary>The market as a simulator plug-in: its options and its loader.</summary>
    public static VenuePlugin Plugin(BinanceMarket market) =>
        VenuePlugin.Of(
            market.VenueName,
            $"cryptofeed captures (*.ws.*, *.http.*) of {(market.IsFutures ? "Binance USD-M futures" : "Binance spot")}",
            () => new BinanceVenueOptions(market),
            (services, options) => TryCreate(market, options, services));

    /// <summary>Loads the market's session; null when the recordings hold nothing of this market.</summary>
    public static BinanceVenue? TryCreate(BinanceMarket market, BinanceVenueOptions venueOptions, VenueServices services)
    {
        var logger = services.LoggerFactory.CreateLogger("MarketPrism.Simulator." + market.VenueName);
        var streams = new StreamRegistry();
        var data = BinanceSessionLoader.Load(market, services.Options.RecordingsDirectory, streams, logger, services.Options.SyntheticCopies);
        return data is null ? null : new BinanceVenue(market, venueOptions, data, streams, services, logger);
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(_market.PathPrefix);
        foreach (var root in _market.WebSocketRoots)
        {
            group.Map(root + "/ws", context => HandleWebSocketAsync(context, combined: false, context.Request.Query["streams"].ToString()));
            group.Map(root + "/ws/{**streams}", context => HandleWebSocketAsync(context, combined: false, context.Request.RouteValues["streams"] as string));
            group.Map(root + "/stream", context => HandleWebSocketAsync(context, combined: true, context.Request.Query["streams"].ToString()));
        }

        _rest.Map(group);
    }

    public override bool TryGetTrueBook(string symbol, int depth, out TrueBook book)
    {
        if (!_session.TryGetDepth(symbol, depth, out var view))
        {
            book = null!;
            return false;
        }

        book = new TrueBook(Name, symbol, view.LastUpdateId, view.Bids, view.Asks);
        return true;
    }

    public override bool TryGetGeneratedIds(string symbol, string stream, out GeneratedIds ids)
    {
        ids = null!;
        if (!_session.TryGetSymbol(symbol, out var state) || stream is not ("trade" or "aggTrade"))
        {
            return false;
        }

        var set = stream == "trade" ? state.TradeIds : state.AggregateIds;
        lock (state.Gate)
        {
            ids = new GeneratedIds(Name, symbol, stream, set.Count, set.ToArray());
        }

        return true;
    }

    public override bool TryInjectGap(string symbol)
    {
        if (!_session.TryGetSymbol(symbol, out var state) || state.DepthChannel is null)
        {
            return false;
        }

        state.ArmGap();
        return true;
    }

    private async Task HandleWebSocketAsync(HttpContext context, bool combined, string? requestedStreams)
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

        var names = SplitStreams(requestedStreams);
        var invalid = FindInvalidStream(names);
        if (invalid is not null || names.Count > Services.Options.MaxStreamsPerConnection)
        {
            var message = invalid is not null
                ? $"Invalid stream name '{invalid}': stream names are '<symbol>@<stream>' with a lower-case symbol."
                : $"Too many streams: a connection may listen to at most {Services.Options.MaxStreamsPerConnection} streams; {names.Count} requested.";
            await BinanceRestApi.WriteErrorAsync(context, StatusCodes.Status400BadRequest, -1100, message);
            return;
        }

        var connection = new SimConnection(
            Services.Connections.NextId(),
            Name,
            context.Request.Path + context.Request.QueryString,
            combined,
            context,
            Services.Options.ConnectionQueueCapacity,
            Services.Time,
            OnSubscribed,
            Services.Shutdown);
        if (names.Count > 0)
        {
            // Live before the upgrade completes (frames wait in the queue meanwhile): once the client sees the
            // connection open, it gets every frame generated from then on, as its request asked.
            connection.TryReserve(names.ConvertAll(Streams.GetOrAdd), Services.Options.MaxStreamsPerConnection, out var added);
            connection.Activate(added);
        }

        WebSocket socket;
        try
        {
            socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                KeepAliveInterval = _pingInterval,
                KeepAliveTimeout = _pongTimeout,
            });
        }
        catch (Exception ex)
        {
            connection.Discard($"upgrade failed: {ex.Message}");
            throw;
        }

        using var lifetime = StartLifetimeTimer(connection);
        Services.Connections.Opened(connection);
        LogOpened(_logger, Name, connection.Id, connection.Path);
        var reason = "server error";
        try
        {
            reason = await connection.RunAsync(socket, HandleMessageAsync, new MessageRateWindow(_messagesPerSecond, Services.Time), OnRateViolation);
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

    private async ValueTask HandleMessageAsync(SimConnection connection, ReadOnlyMemory<byte> message)
    {
        try
        {
            await HandleRequestAsync(connection, message);
        }
        catch (Exception ex)
        {
            // A bug of ours, not the client's: say so on the connection and in the log, and end it.
            LogConnectionFailed(_logger, Name, connection.Id, ex);
            connection.RequestClose(WebSocketCloseStatus.InternalServerError, "internal error", $"server error: {ex.Message}");
        }
    }

    private async ValueTask HandleRequestAsync(SimConnection connection, ReadOnlyMemory<byte> message)
    {
        if (!BinanceStreamRequest.TryParse(message.Span, _market.IsFutures, out var request, out var error))
        {
            await connection.SendReplyAsync(error);
            return;
        }

        switch (request.Method)
        {
            case BinanceStreamMethod.Subscribe:
                await SubscribeAsync(connection, request);
                break;
            case BinanceStreamMethod.Unsubscribe:
                if (StreamNames(request, out var names, out var problem))
                {
                    connection.Unsubscribe(names);
                    await connection.SendReplyAsync(BinanceStreamRequest.NullResult(request.Id));
                }
                else
                {
                    await connection.SendReplyAsync(BinanceStreamRequest.Error(request.Id, 2, problem));
                }

                break;
            case BinanceStreamMethod.ListSubscriptions:
                await connection.SendReplyAsync(BinanceStreamRequest.ListResult(request.Id, connection.SubscriptionNames()));
                break;
            case BinanceStreamMethod.SetProperty:
                await connection.SendReplyAsync(SetProperty(connection, request));
                break;
            case BinanceStreamMethod.GetProperty:
                await connection.SendReplyAsync(GetProperty(connection, request));
                break;
        }
    }

    private async ValueTask SubscribeAsync(SimConnection connection, BinanceStreamRequest request)
    {
        if (!StreamNames(request, out var names, out var problem))
        {
            await connection.SendReplyAsync(BinanceStreamRequest.Error(request.Id, 2, problem));
            return;
        }

        var channels = names.ConvertAll(Streams.GetOrAdd);
        var max = Services.Options.MaxStreamsPerConnection;
        if (!connection.TryReserve(channels, max, out var added))
        {
            await connection.SendReplyAsync(BinanceStreamRequest.Error(
                request.Id, 2, $"Invalid request: too many streams: a connection may listen to at most {max} streams"));
            return;
        }

        // The new streams go live as the acknowledgement leaves the queue: it precedes their first frame, and a
        // client that has read it misses none of their frames.
        await connection.SendReplyAsync(BinanceStreamRequest.NullResult(request.Id), added.Count > 0 ? added : null);
    }

    /// <summary>Streams of a connection went live: warn about silent ones, and start the timeline if it waits for that.</summary>
    private void OnSubscribed(SimConnection connection, List<StreamChannel> channels)
    {
        foreach (var channel in channels)
        {
            if (!channel.HasSource)
            {
                LogSilentStream(_logger, Name, connection.Id, channel.Name);
            }
        }

        if (Services.Options.AutoStart)
        {
            Start();
        }
    }

    private static byte[] SetProperty(SimConnection connection, BinanceStreamRequest request)
    {
        var parameters = request.Params;
        if (parameters.Count == 0 || parameters[0].Kind != JsonTokenType.String)
        {
            return BinanceStreamRequest.Error(request.Id, 2, "Invalid request: property name must be a string");
        }

        if (parameters[0].Text != "combined")
        {
            return BinanceStreamRequest.Error(request.Id, 0, "Unknown property");
        }

        if (parameters.Count != 2 || parameters[1].Kind is not (JsonTokenType.True or JsonTokenType.False))
        {
            return BinanceStreamRequest.Error(request.Id, 1, "Invalid value type: expected Boolean");
        }

        connection.Combined = parameters[1].Flag;
        return BinanceStreamRequest.NullResult(request.Id);
    }

    private static byte[] GetProperty(SimConnection connection, BinanceStreamRequest request)
    {
        var parameters = request.Params;
        if (parameters.Count == 0 || parameters[0].Kind != JsonTokenType.String)
        {
            return BinanceStreamRequest.Error(request.Id, 2, "Invalid request: property name must be a string");
        }

        return parameters[0].Text == "combined"
            ? BinanceStreamRequest.BooleanResult(request.Id, connection.Combined)
            : BinanceStreamRequest.Error(request.Id, 0, "Unknown property");
    }

    private void OnRateViolation(SimConnection connection)
    {
        var at = Services.Time.GetUtcNow();
        Services.Connections.RecordViolation(new RateLimitViolation(connection.Id, Name, at, _messagesPerSecond));
        LogRateViolation(_logger, Name, connection.Id, _messagesPerSecond);
        connection.RequestClose(
            WebSocketCloseStatus.PolicyViolation,
            "Too many requests",
            $"rate limit: more than {_messagesPerSecond} messages in 1 s",
            drainQueued: true);
    }

    private static bool StreamNames(BinanceStreamRequest request, out List<string> names, out string problem)
    {
        names = new List<string>(request.Params.Count);
        foreach (var parameter in request.Params)
        {
            if (parameter.Kind != JsonTokenType.String)
            {
                problem = $"Invalid request: invalid type: {Describe(parameter.Kind)}, expected a string";
                return false;
            }

            names.Add(parameter.Text!);
        }

        if (FindInvalidStream(names) is { } invalid)
        {
            problem = $"Invalid request: invalid stream name `{invalid}`: stream names are `<symbol>@<stream>` with a lower-case symbol";
            return false;
        }

        problem = "";
        return true;
    }

    private static string Describe(JsonTokenType kind) => kind switch
    {
        JsonTokenType.Number => "integer",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "sequence",
        JsonTokenType.StartObject => "map",
        _ => kind.ToString(),
    };

    private static List<string> SplitStreams(string? streams) =>
        string.IsNullOrEmpty(streams) ? [] : [.. streams.Split('/', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>
    /// A stream name is <c>&lt;symbol&gt;@&lt;kind&gt;</c> (or an all-market <c>!&lt;kind&gt;@arr</c>) whose symbol part
    /// has no upper-case letters; Binance's stream names are lower case.
    /// </summary>
    private static string? FindInvalidStream(List<string> names)
    {
        foreach (var name in names)
        {
            var at = name.IndexOf('@', StringComparison.Ordinal);
            if (at <= 0 || at == name.Length - 1)
            {
                return name;
            }

            if (name[0] == '!')
            {
                continue; // All-market streams (!forceOrder@arr) have no symbol.
            }

            foreach (var c in name.AsSpan(0, at))
            {
                if (char.IsAsciiLetterUpper(c) || char.IsWhiteSpace(c))
                {
                    return name;
                }
            }
        }

        return null;
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

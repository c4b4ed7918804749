using System.Net.WebSockets;
using MarketPrism.Simulator.Engine;
using MarketPrism.Simulator.Plugins;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Simulator.Coinbase;

/// <summary>
/// Coinbase, served under <c>/coinbase</c> with both public market-data protocols over one replayed session: the
/// Exchange feed at <c>/coinbase/exchange</c> (as <c>wss://ws-feed.exchange.coinbase.com</c>) and Advanced Trade at
/// <c>/coinbase/advanced-trade</c> (as <c>wss://advanced-trade-ws.coinbase.com</c>), plus Advanced Trade's public REST
/// endpoints under <c>/coinbase/api/v3/brokerage</c>. Both WebSockets close a connection that has not subscribed within
/// 5 s; Advanced Trade numbers every message of a connection (<c>sequence_num</c>), sends <c>heartbeats</c> once per
/// second and drops the subscriptions of a connection that was sent nothing for 60 s.
/// </summary>
internal sealed partial class CoinbaseVenue : SimulatedVenue
{
    public const string VenueName = "coinbase";
    public const string Prefix = "/coinbase";
    public const string ExchangePath = "/exchange";
    public const string AdvancedTradePath = "/advanced-trade";

    private readonly CoinbaseSession _session;
    private readonly VenueTimeline _timeline;
    private readonly CoinbaseRestApi _rest;
    private readonly CoinbaseVenueOptions _options;
    private readonly ILogger _logger;
    private readonly StreamChannel _heartbeats;
    private readonly ITimer _heartbeatTimer;
    private readonly long _startedAt;
    private long _heartbeatCounter;

    private CoinbaseVenue(CoinbaseVenueOptions venueOptions, CoinbaseSessionData data, StreamRegistry streams, VenueServices services, ILogger logger)
        : base(VenueName, Prefix, services, venueOptions.RestRequestsPerMinute, streams)
    {
        _options = venueOptions;
        _logger = logger;
        _session = new CoinbaseSession(data, services.Time, services.Options.Retime, waitForRoom: services.Options.Speed == 0);
        _timeline = new VenueTimeline(VenueName, _session, services.Time, services.Options.Speed, services.Options.Loop, logger);
        _rest = new CoinbaseRestApi(_session, Rest, services);
        _heartbeats = streams.GetOrAdd(CoinbaseStreams.HeartbeatsName);
        _heartbeats.HasSource = true;
        _startedAt = services.Time.GetTimestamp();

        // One server-wide counter, as Coinbase's: every heartbeat goes to every subscriber, and one that is held back
        // (the stall fault on advanced-trade/heartbeats: "stop heartbeats") shows as a jump when they resume.
        _heartbeatTimer = services.Time.CreateTimer(static state => ((CoinbaseVenue)state!).Beat(), this, venueOptions.HeartbeatInterval, venueOptions.HeartbeatInterval);
    }

    public override VenueTimeline Timeline => _timeline;

    public override IReadOnlyList<string> Symbols => _session.ProductIds;

    public override long GapsInjected => _session.GapsInjected;

    /// <summary>Coinbase as a simulator plug-in: its options and its loader.</summary>
    public static VenuePlugin Plugin { get; } =
        VenuePlugin.Of(VenueName, "cryptofeed captures (*.ws.*) of Coinbase's Exchange feed", () => new CoinbaseVenueOptions(), static (services, options) => TryCreate(options, services));

    /// <summary>Loads the Coinbase session; null when the recordings hold no Coinbase capture.</summary>
    public static CoinbaseVenue? TryCreate(CoinbaseVenueOptions venueOptions, VenueServices services)
    {
        var logger = services.LoggerFactory.CreateLogger("MarketPrism.Simulator." + VenueName);
        var streams = new StreamRegistry();
        var data = CoinbaseSessionLoader.Load(services.Options.RecordingsDirectory, streams, logger);
        return data is null ? null : new CoinbaseVenue(venueOptions, data, streams, services, logger);
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix);
        group.Map(ExchangePath, context => HandleWebSocketAsync(context, advancedTrade: false));
        group.Map(AdvancedTradePath, context => HandleWebSocketAsync(context, advancedTrade: true));
        _rest.Map(group);
    }

    public override bool TryGetTrueBook(string symbol, int depth, out TrueBook book)
    {
        if (!_session.TryGetDepth(symbol, depth, out var version, out var bids, out var asks))
        {
            book = null!;
            return false;
        }

        book = new TrueBook(Name, symbol, version, bids, asks);
        return true;
    }

    /// <summary>Trade ids of a product (asked for as stream <c>trade</c>): the Exchange feed's and Advanced Trade's, which are the same.</summary>
    public override bool TryGetGeneratedIds(string symbol, string stream, out GeneratedIds ids)
    {
        ids = null!;
        if (stream != "trade" || !_session.TryGetTradeIds(symbol, out var count, out var ranges))
        {
            return false;
        }

        ids = new GeneratedIds(Name, symbol, stream, count, ranges);
        return true;
    }

    /// <summary>
    /// "Drop one message": the product's next book update is numbered but not sent on Advanced Trade (each subscriber's
    /// <c>sequence_num</c> skips one, the truth moves on), and its next match is not sent on the Exchange feed (its
    /// <c>trade_id</c> and <c>sequence</c> are skipped: the Exchange feed's level2 has no sequence, so a lost book
    /// update could not be seen there). Counted once.
    /// </summary>
    public override bool TryInjectGap(string symbol)
    {
        if (!_session.TryGetProduct(symbol, out var product) || product.Truth is null)
        {
            return false;
        }

        product.ArmGap();
        _session.CountGap();
        return true;
    }

    public override async ValueTask DisposeAsync()
    {
        await _heartbeatTimer.DisposeAsync();
        await base.DisposeAsync();
        _session.Dispose();
    }

    private void Beat()
    {
        _session.PublishExchangeHeartbeats();

        var counter = Interlocked.Increment(ref _heartbeatCounter);
        var (bytes, at) = CoinbaseFrames.AdvancedHeartbeat(counter, Services.Time.GetElapsedTime(_startedAt), Services.Time.GetUtcNow());

        // Never waits: a subscriber whose queue is full is a slow consumer and is dropped, as at any speed but 0.
        // Without waiting for room the publish completes at once.
        var publishing = _heartbeats.PublishAsync(OutboundFrame.Sequenced(bytes, at), waitForRoom: false, CancellationToken.None);
        if (!publishing.IsCompletedSuccessfully)
        {
            publishing.AsTask().GetAwaiter().GetResult();
        }
    }

    private async Task HandleWebSocketAsync(HttpContext context, bool advancedTrade)
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

        // Coinbase's keep-alive is its data and, on Advanced Trade, the heartbeats channel: no ping frames here.
        var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = TimeSpan.Zero });
        var connection = new SimConnection(
            Services.Connections.NextId(), Name, context.Request.Path + context.Request.QueryString, combined: true, context,
            Services.Options.ConnectionQueueCapacity, Services.Time,
            static (_, _) => { },
            Services.Shutdown);
        var state = new CoinbaseConnectionState(Services.Time);
        var subscribeTimeout = _options.SubscribeTimeout;
        using var subscribeTimer = Services.Time.CreateTimer(
            _ =>
            {
                if (!state.HasSubscribed)
                {
                    connection.RequestClose(
                        WebSocketCloseStatus.PolicyViolation,
                        "subscribe timeout",
                        $"closed: no subscribe within {subscribeTimeout.TotalSeconds:0.###} s (Coinbase's rule)");
                }
            },
            null,
            subscribeTimeout,
            Timeout.InfiniteTimeSpan);
        using var idleTimer = advancedTrade ? StartIdleTimer(connection, state) : null;
        using var lifetime = StartLifetimeTimer(connection);
        Services.Connections.Opened(connection);
        LogOpened(_logger, connection.Id, connection.Path);
        var perSecond = advancedTrade ? _options.AdvancedTradeMessagesPerSecond : _options.ExchangeMessagesPerSecond;
        var reason = "server error";
        try
        {
            reason = await connection.RunAsync(
                socket,
                (c, message) => HandleMessageAsync(c, state, message, advancedTrade),
                new MessageRateWindow(perSecond, Services.Time),
                c => OnRateViolation(c, perSecond));
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

    /// <summary>
    /// Advanced Trade's idle rule: a connection that was sent nothing (not even a heartbeat) for
    /// <see cref="CoinbaseVenueOptions.IdleSubscriptionTimeout"/> loses its subscriptions, without a word, and stays open.
    /// </summary>
    private ITimer StartIdleTimer(SimConnection connection, CoinbaseConnectionState state)
    {
        var timeout = _options.IdleSubscriptionTimeout;
        var checkEvery = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 100, timeout.Ticks / 10));
        return Services.Time.CreateTimer(
            _ =>
            {
                if (connection.SubscriptionCount > 0 && state.SilentFor(connection.FramesSent) > timeout)
                {
                    var dropped = connection.SubscriptionNames();
                    state.Clear();
                    connection.Unsubscribe(dropped);
                    LogIdleSubscriptionsClosed(_logger, connection.Id, dropped.Length, timeout.TotalSeconds);
                }
            },
            null,
            checkEvery,
            checkEvery);
    }

    private async ValueTask HandleMessageAsync(SimConnection connection, CoinbaseConnectionState state, ReadOnlyMemory<byte> message, bool advancedTrade)
    {
        try
        {
            if (advancedTrade)
            {
                await HandleAdvancedTradeRequestAsync(connection, state, message);
            }
            else
            {
                await HandleExchangeRequestAsync(connection, state, message);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug of ours, not the client's: say so on the connection and in the log, and end it.
            LogConnectionFailed(_logger, connection.Id, ex);
            connection.RequestClose(WebSocketCloseStatus.InternalServerError, "internal error", $"server error: {ex.Message}");
        }
    }

    private void OnRateViolation(SimConnection connection, int perSecond)
    {
        Services.Connections.RecordViolation(new RateLimitViolation(connection.Id, Name, Services.Time.GetUtcNow(), perSecond));
        LogRateViolation(_logger, connection.Id, perSecond);
        connection.RequestClose(WebSocketCloseStatus.PolicyViolation, "Too many requests", $"rate limit: more than {perSecond} messages in 1 s", drainQueued: true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "coinbase: connection {Id} opened on {Path}")]
    private static partial void LogOpened(ILogger logger, long id, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "coinbase: connection {Id} ended: {Reason} ({Frames} frames sent)")]
    private static partial void LogClosed(ILogger logger, long id, string reason, long frames);

    [LoggerMessage(Level = LogLevel.Warning, Message = "coinbase: connection {Id} subscribed to {Stream}, which this session never produces")]
    private static partial void LogSilentStream(ILogger logger, long id, string stream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "coinbase: connection {Id} sent more than {Limit} messages in 1 s; closing it (1008)")]
    private static partial void LogRateViolation(ILogger logger, long id, int limit);

    [LoggerMessage(Level = LogLevel.Error, Message = "coinbase: connection {Id} failed inside the simulator")]
    private static partial void LogConnectionFailed(ILogger logger, long id, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "coinbase: WebSocket upgrade on {Path} refused (fault)")]
    private static partial void LogRefused(ILogger logger, PathString path);

    [LoggerMessage(Level = LogLevel.Information, Message = "coinbase: connection {Id} was sent nothing for {Seconds} s; its {Count} subscriptions closed (Advanced Trade's idle rule)")]
    private static partial void LogIdleSubscriptionsClosed(ILogger logger, long id, int count, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "coinbase: connection {Id} refused: {Problem}")]
    private static partial void LogRequestRefused(ILogger logger, long id, string problem);
}

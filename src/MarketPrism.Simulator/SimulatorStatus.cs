namespace MarketPrism.Simulator;

/// <summary>Everything the simulator is doing, as <c>GET /sim/status</c> reports it.</summary>
/// <param name="Started">Whether any venue's timeline has started.</param>
/// <param name="Venues">Per venue: timeline state and frames generated per stream.</param>
/// <param name="Connections">Open WebSocket connections.</param>
/// <param name="ClosedConnections">The most recently closed connections (up to 1000), oldest first, with why they closed.</param>
/// <param name="RateLimitViolations">Connections closed for sending too many messages per second.</param>
/// <param name="RestRequests">REST requests answered (control requests under <c>/sim/</c> excluded).</param>
public sealed record SimulatorStatus(
    bool Started,
    VenueStatus[] Venues,
    ConnectionStatus[] Connections,
    ClosedConnectionStatus[] ClosedConnections,
    RateLimitViolation[] RateLimitViolations,
    long RestRequests);

/// <summary>One venue's timeline.</summary>
/// <param name="Name">Venue name used by the control API: <c>binance-spot</c>, <c>binance-futures</c>.</param>
/// <param name="PathPrefix">Where the venue is served: <c>/binance/spot</c>.</param>
/// <param name="Started">Whether the timeline has started.</param>
/// <param name="Finished">Whether a non-looping timeline has produced its last frame.</param>
/// <param name="Loops">Completed passes over the session.</param>
/// <param name="FramesGenerated">Frames generated on all streams, sent or not.</param>
/// <param name="FramesSent">
/// Stream frames written to the venue's sockets, over every connection it has had (open or closed): one generated
/// frame counts once per connection it went to.
/// </param>
/// <param name="FramesPending">
/// Stream frames queued to the venue's open connections and not yet written. With <paramref name="Finished"/> and
/// 0 here, every frame the session will ever send is on a socket.
/// </param>
/// <param name="Symbols">Exchange symbols in the session.</param>
/// <param name="Streams">Frames generated per stream name.</param>
/// <param name="GapsInjected">Depth diffs generated but withheld by the gap fault.</param>
/// <param name="RefusedConnections">WebSocket upgrades refused by the refuse fault.</param>
/// <param name="FramesStalled">Stream frames withheld by the stall fault, one per frame and connection it did not go to.</param>
/// <param name="SlowRestResponses">REST responses held back by the slow-REST fault.</param>
/// <param name="RestWeightExceeded">REST requests refused with 429 because the client went over its weight budget per minute (injected 429s not included).</param>
public sealed record VenueStatus(
    string Name,
    string PathPrefix,
    bool Started,
    bool Finished,
    int Loops,
    long FramesGenerated,
    long FramesSent,
    long FramesPending,
    string[] Symbols,
    SortedDictionary<string, long> Streams,
    long GapsInjected,
    long RefusedConnections,
    long FramesStalled,
    long SlowRestResponses,
    long RestWeightExceeded);

/// <summary>An open WebSocket connection.</summary>
/// <param name="Id">Connection id, unique for the simulator's lifetime.</param>
/// <param name="Venue">Venue name.</param>
/// <param name="Path">Request path and query the client connected to.</param>
/// <param name="Combined">Whether frames are wrapped as <c>{"stream":..,"data":..}</c>.</param>
/// <param name="Subscriptions">Streams the connection listens to, in subscription order.</param>
/// <param name="FramesSent">Stream frames written to the socket (replies excluded).</param>
/// <param name="FramesQueued">Stream frames taken into the connection's send queue, written or not.</param>
/// <param name="FramesPending">Stream frames queued and not yet written (a frame counts until its write completes).</param>
/// <param name="OpenedAt">When the connection was accepted.</param>
public sealed record ConnectionStatus(
    long Id,
    string Venue,
    string Path,
    bool Combined,
    string[] Subscriptions,
    long FramesSent,
    long FramesQueued,
    long FramesPending,
    DateTimeOffset OpenedAt);

/// <summary>A connection that has ended, and why.</summary>
/// <param name="Id">Connection id.</param>
/// <param name="Venue">Venue name.</param>
/// <param name="Path">Request path and query.</param>
/// <param name="OpenedAt">When the connection was accepted.</param>
/// <param name="ClosedAt">When it ended.</param>
/// <param name="FramesSent">Stream frames written to the socket.</param>
/// <param name="Reason">Who ended it and why, e.g. <c>client closed (NormalClosure)</c>, <c>rate limit: more than 10 messages in 1 s</c>.</param>
public sealed record ClosedConnectionStatus(
    long Id,
    string Venue,
    string Path,
    DateTimeOffset OpenedAt,
    DateTimeOffset ClosedAt,
    long FramesSent,
    string Reason);

/// <summary>A connection closed for sending more messages per second than the venue allows.</summary>
/// <param name="ConnectionId">The connection.</param>
/// <param name="Venue">Venue name.</param>
/// <param name="At">When the message over the limit arrived.</param>
/// <param name="Limit">Messages per second the venue allows.</param>
public sealed record RateLimitViolation(long ConnectionId, string Venue, DateTimeOffset At, int Limit);

/// <summary>A REST request the simulator answered.</summary>
/// <param name="Time">When it arrived.</param>
/// <param name="Venue">Venue name.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path and query.</param>
/// <param name="Status">HTTP status returned.</param>
/// <param name="Weight">Request weight of the endpoint (0 when refused before counting).</param>
/// <param name="UsedWeight">Weight used in the current minute after this request, as sent in <c>X-MBX-USED-WEIGHT-1M</c>.</param>
/// <param name="InsideBanWindow">Whether it arrived while an earlier 418 answer's ban was still running.</param>
/// <param name="InsideRetryAfterWindow">Whether it arrived before an earlier 429 answer's <c>Retry-After</c> had passed.</param>
public sealed record RestRequestRecord(
    DateTimeOffset Time,
    string Venue,
    string Method,
    string Path,
    int Status,
    int Weight,
    int UsedWeight,
    bool InsideBanWindow,
    bool InsideRetryAfterWindow);

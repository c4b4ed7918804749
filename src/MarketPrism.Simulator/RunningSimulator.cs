using System.Net.WebSockets;
using MarketPrism.Simulator.Engine;
using Microsoft.AspNetCore.Builder;

namespace MarketPrism.Simulator;

/// <summary>
/// A simulator that is listening. Everything the HTTP control API under <c>/sim/</c> offers is also here
/// in-process: status, truth queries, faults. Methods taking a venue name throw
/// <see cref="KeyNotFoundException"/> for an unknown venue or symbol and <see cref="ArgumentException"/> for
/// invalid arguments. Dispose to close every connection and stop listening.
/// </summary>
public sealed class RunningSimulator : IAsyncDisposable
{
    /// <summary>Size of an oversized frame when none is given: beyond the 16 MB a sane client accepts. 20 MiB.</summary>
    public const int DefaultOversizeBytes = 20 * 1024 * 1024;

    /// <summary>Largest oversized frame the fault sends (1 GiB).</summary>
    public const int MaxOversizeBytes = 1 << 30;

    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(2);

    private readonly WebApplication _app;
    private readonly SimulatedVenue[] _venues;
    private readonly ConnectionTracker _connections;
    private readonly RestRequestLog _requests;
    private readonly CancellationTokenSource _shutdown;
    private int _disposed;

    internal RunningSimulator(
        WebApplication app,
        Uri baseAddress,
        SimulatorOptions options,
        SimulatedVenue[] venues,
        ConnectionTracker connections,
        RestRequestLog requests,
        CancellationTokenSource shutdown)
    {
        _app = app;
        BaseAddress = baseAddress;
        Options = options;
        _venues = venues;
        _connections = connections;
        _requests = requests;
        _shutdown = shutdown;
        VenueNames = [.. venues.Select(v => v.Name)];
    }

    /// <summary>Where the simulator listens, e.g. <c>http://127.0.0.1:8765/</c>; venues are under it (<c>binance/spot</c>).</summary>
    public Uri BaseAddress { get; }

    public SimulatorOptions Options { get; }

    /// <summary>Names of the venues served, e.g. <c>binance-spot</c>, <c>binance-futures</c>.</summary>
    public IReadOnlyList<string> VenueNames { get; }

    /// <summary>Starts one venue's timeline, or all of them; starting a started timeline does nothing.</summary>
    public void Start(string? venue = null)
    {
        foreach (var each in Select(venue))
        {
            each.Start();
        }
    }

    /// <summary>
    /// Ends one or all replays between two events, looping or not: the venue reads finished, its connections stay
    /// open and its truth stays put, so a test can compare a client's books with it after a run of any length.
    /// </summary>
    public void Halt(string? venue = null)
    {
        foreach (var each in Select(venue))
        {
            each.Halt();
        }
    }

    public SimulatorStatus GetStatus()
    {
        var venues = new VenueStatus[_venues.Length];
        var started = false;
        for (var i = 0; i < venues.Length; i++)
        {
            venues[i] = _venues[i].GetStatus();
            started |= venues[i].Started;
        }

        return new SimulatorStatus(
            started,
            venues,
            _connections.OpenStatuses(),
            _connections.ClosedStatuses(),
            _connections.Violations(),
            _requests.Total);
    }

    /// <summary>Every REST request answered (newest 10 000), oldest first.</summary>
    public RestRequestRecord[] GetRequests() => _requests.Snapshot();

    /// <summary>Completes when a non-looping venue has generated its last frame.</summary>
    public Task WhenFinishedAsync(string venue, CancellationToken cancellationToken = default) =>
        Venue(venue).Timeline.WhenFinished.WaitAsync(cancellationToken);

    /// <summary>The true book of a symbol, up to <paramref name="depth"/> levels per side.</summary>
    public TrueBook GetTrueBook(string venue, string symbol, int depth = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depth);
        return Venue(venue).TryGetTrueBook(symbol, depth, out var book)
            ? book
            : throw new KeyNotFoundException($"{venue} has no order book for symbol '{symbol}'.");
    }

    /// <summary>Ids generated so far on a symbol's <c>trade</c> or <c>aggTrade</c> stream.</summary>
    public GeneratedIds GetGeneratedIds(string venue, string symbol, string stream)
    {
        if (stream is not ("trade" or "aggTrade"))
        {
            throw new ArgumentException($"Stream must be 'trade' or 'aggTrade'; got '{stream}'.", nameof(stream));
        }

        // (OKX's trades channel is asked for as 'trade'.)

        return Venue(venue).TryGetGeneratedIds(symbol, stream, out var ids)
            ? ids
            : throw new KeyNotFoundException($"{venue} has no symbol '{symbol}'.");
    }

    /// <summary>Frames generated on a stream (e.g. <c>nknusdt@depth@100ms</c>), sent or not; 0 for a stream nobody generates.</summary>
    public long GetFramesGenerated(string venue, string stream) =>
        Venue(venue).Streams.TryGet(stream, out var channel) ? channel.Generated : 0;

    /// <summary>Completes with the first open connection that matches (one already open, or the next to open).</summary>
    public Task<ConnectionStatus> WaitForConnectionAsync(Func<ConnectionStatus, bool>? match = null, CancellationToken cancellationToken = default) =>
        _connections.WaitForOpenAsync(match ?? (static _ => true), cancellationToken);

    /// <summary>Completes when the connection has ended, with the reason it ended.</summary>
    public Task<ClosedConnectionStatus> WaitForConnectionClosedAsync(long connectionId, CancellationToken cancellationToken = default) =>
        _connections.WaitForCloseAsync(connectionId, cancellationToken);

    /// <summary>Fault: ends the venue's connections (or one of them) with a close frame or a TCP reset; returns the ids ended.</summary>
    public long[] Disconnect(string venue, DisconnectMode mode, long? connectionId = null) =>
        Venue(venue).Disconnect(mode, connectionId);

    /// <summary>Fault: the symbol's next depth diff is generated (the truth advances) but not sent, so clients see a gap.</summary>
    public void InjectGap(string venue, string symbol)
    {
        if (!Venue(venue).TryInjectGap(symbol))
        {
            throw new KeyNotFoundException($"{venue} has no depth stream for symbol '{symbol}'.");
        }
    }

    /// <summary>Fault: the symbol's next book update is sent with a wrong checksum (venues whose books carry one: OKX).</summary>
    public void CorruptChecksum(string venue, string symbol)
    {
        if (!Venue(venue).TryCorruptChecksum(symbol))
        {
            throw new KeyNotFoundException($"{venue} has no book checksum for symbol '{symbol}'.");
        }
    }

    /// <summary>Fault: the next frame to each open connection of the venue is sent garbled (invalid JSON); returns the connections armed.</summary>
    public long[] GarbleNextFrame(string venue) => Venue(venue).GarbleNextFrame();

    /// <summary>
    /// Fault: the next frame to each open connection of the venue is a well-formed JSON frame of
    /// <paramref name="bytes"/> bytes (the frame padded with whitespace); returns the connections armed.
    /// </summary>
    public long[] OversizeNextFrame(string venue, int bytes = DefaultOversizeBytes)
    {
        if (bytes is <= 0 or > MaxOversizeBytes)
        {
            throw new ArgumentException($"Oversized frame size must be 1..{MaxOversizeBytes} bytes; got {bytes}.", nameof(bytes));
        }

        return Venue(venue).OversizeNextFrame(bytes);
    }

    /// <summary>
    /// Fault: the stream stalls without closing for <paramref name="duration"/>: its frames are generated (the truth
    /// advances) but not sent, to any subscriber or only to connection <paramref name="connectionId"/>. Frames generated
    /// meanwhile are lost to the stalled clients, as when a venue's stream hangs. Returns when the stall ends.
    /// </summary>
    public DateTimeOffset StallStream(string venue, string stream, TimeSpan duration, long? connectionId = null)
    {
        if (duration <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Stall duration must be positive; got {duration}.", nameof(duration));
        }

        return Venue(venue).StallStream(stream, duration, connectionId);
    }

    /// <summary>
    /// Fault: the venue's REST responses are held back <paramref name="delay"/> after each request was admitted (its
    /// weight counted), for the next <paramref name="count"/> requests or for <paramref name="duration"/>.
    /// </summary>
    public void SlowRest(string venue, TimeSpan delay, int? count, TimeSpan? duration)
    {
        if (delay <= TimeSpan.Zero)
        {
            throw new ArgumentException($"REST delay must be positive; got {delay}.", nameof(delay));
        }

        if ((count is null) == (duration is null) || count <= 0 || duration <= TimeSpan.Zero)
        {
            throw new ArgumentException("Give either a positive request count or a positive duration for the slow-REST fault.");
        }

        Venue(venue).Rest.InjectDelay(delay, count, duration);
    }

    /// <summary>
    /// Fault: the venue's REST endpoints answer <paramref name="status"/> (429 with Binance's -1003 body, or 418
    /// with the ban-until text) to the next <paramref name="count"/> requests or for <paramref name="duration"/>,
    /// each with <c>Retry-After</c> = <paramref name="retryAfter"/>. After a 418 every request is refused until the
    /// ban ends, and recorded as inside the ban window.
    /// </summary>
    public void FailRest(string venue, int status, int? count, TimeSpan? duration, TimeSpan retryAfter)
    {
        if (status is not (429 or 418))
        {
            throw new ArgumentException($"REST fault status must be 429 or 418; got {status}.", nameof(status));
        }

        if ((count is null) == (duration is null) || count <= 0 || duration <= TimeSpan.Zero)
        {
            throw new ArgumentException("Give either a positive request count or a positive duration for the REST fault.");
        }

        if (retryAfter <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Retry-After must be positive; got {retryAfter}.", nameof(retryAfter));
        }

        Venue(venue).Rest.Inject((RestFaultStatus)status, count, duration, retryAfter);
    }

    /// <summary>
    /// Fault: WebSocket upgrades to the venue are refused for <paramref name="duration"/>, with HTTP
    /// <paramref name="status"/> (default 503) or, when 0, by resetting the TCP connection. Returns when refusing ends.
    /// </summary>
    public DateTimeOffset RefuseConnections(string venue, TimeSpan duration, int status = 503)
    {
        if (duration <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Refusal duration must be positive; got {duration}.", nameof(duration));
        }

        if (status != 0 && status is < 400 or > 599)
        {
            throw new ArgumentException($"Refusal status must be an HTTP error status (400-599) or 0 for a TCP reset; got {status}.", nameof(status));
        }

        return Venue(venue).Refusal.Refuse(duration, status);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var venue in _venues)
        {
            await venue.DisposeAsync();
        }

        // Close cleanly first; whatever does not finish its handshake in time is aborted.
        var closing = new List<Task>();
        foreach (var connection in _connections.OpenConnections())
        {
            connection.RequestClose(WebSocketCloseStatus.EndpointUnavailable, "simulator shutting down", "closed: simulator shutting down");
            closing.Add(_connections.WaitForCloseAsync(connection.Id, CancellationToken.None));
        }

        try
        {
            await Task.WhenAll(closing).WaitAsync(ShutdownGrace);
        }
        catch (TimeoutException)
        {
            // Aborted below.
        }

        await _shutdown.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _shutdown.Dispose();
    }

    internal SimulatedVenue Venue(string name)
    {
        foreach (var venue in _venues)
        {
            if (string.Equals(venue.Name, name, StringComparison.Ordinal))
            {
                return venue;
            }
        }

        throw new KeyNotFoundException($"Unknown venue '{name}'; this simulator serves: {string.Join(", ", VenueNames)}.");
    }

    private SimulatedVenue[] Select(string? venue) => venue is null ? _venues : [Venue(venue)];
}

using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MarketPrism.Simulator.Engine;

/// <summary>
/// The seam every simulated venue implements (one folder per venue: <c>Binance/</c>, later <c>Okx/</c>,
/// <c>Deribit/</c>, <c>Bybit/</c>). The base class owns what all venues share — the stream registry, the timeline,
/// REST admission and faults, connection faults — and the venue supplies its protocol: endpoints, frames, truth.
/// </summary>
internal abstract class SimulatedVenue : IAsyncDisposable
{
    protected SimulatedVenue(string name, string pathPrefix, VenueServices services, int restWeightPerMinute, StreamRegistry streams)
    {
        Name = name;
        Streams = streams;
        PathPrefix = pathPrefix;
        Services = services;
        Rest = new RestGate(restWeightPerMinute, services.Time);
        Refusal = new ConnectionRefusal(services.Time);
    }

    /// <summary>Name used by the control API, e.g. <c>binance-spot</c>.</summary>
    public string Name { get; }

    /// <summary>Path under which the venue is served, e.g. <c>/binance/spot</c>.</summary>
    public string PathPrefix { get; }

    public StreamRegistry Streams { get; }

    public RestGate Rest { get; }

    public ConnectionRefusal Refusal { get; }

    public abstract VenueTimeline Timeline { get; }

    /// <summary>Exchange symbols of the session.</summary>
    public abstract IReadOnlyList<string> Symbols { get; }

    /// <summary>Depth diffs generated but withheld by the gap fault.</summary>
    public abstract long GapsInjected { get; }

    protected VenueServices Services { get; }

    /// <summary>
    /// Refuses a connection attempt as the refuse fault asked: an HTTP status, or (status 0) a TCP reset before any
    /// answer.
    /// </summary>
    protected static void Refuse(HttpContext context, int status)
    {
        if (status == 0)
        {
            TcpReset.Reset(context);
        }
        else
        {
            context.Response.StatusCode = status;
        }
    }

    /// <summary>
    /// Closes <paramref name="connection"/> once it reaches <see cref="SimulatorOptions.MaxConnectionLifetime"/>, like
    /// a venue's periodic cut; null when no lifetime is set. The caller disposes the timer when the connection ends.
    /// </summary>
    protected ITimer? StartLifetimeTimer(SimConnection connection) =>
        Services.Options.MaxConnectionLifetime is { } maxLifetime
            ? Services.Time.CreateTimer(
                static state => ((SimConnection)state!).RequestClose(
                    WebSocketCloseStatus.EndpointUnavailable, "connection lifetime exceeded", "closed: connection lifetime exceeded"),
                connection,
                maxLifetime,
                Timeout.InfiniteTimeSpan)
            : null;

    /// <summary>Maps the venue's WebSocket and REST endpoints under <see cref="PathPrefix"/>.</summary>
    public abstract void MapEndpoints(IEndpointRouteBuilder endpoints);

    public abstract bool TryGetTrueBook(string symbol, int depth, out TrueBook book);

    /// <summary>Ids generated on a trade stream kind (<c>trade</c>, <c>aggTrade</c>) of a symbol.</summary>
    public abstract bool TryGetGeneratedIds(string symbol, string stream, out GeneratedIds ids);

    /// <summary>Arms the gap fault: the symbol's next depth diff is generated (the truth advances) but not sent.</summary>
    public abstract bool TryInjectGap(string symbol);

    /// <summary>
    /// Arms the checksum fault on venues whose books carry one (OKX): the symbol's next book update is sent with a
    /// wrong checksum (the truth is unaffected). False when the venue or symbol has no book checksum.
    /// </summary>
    public virtual bool TryCorruptChecksum(string symbol) => false;

    public void Start() => Timeline.Start();

    public void Halt() => Timeline.Halt();

    /// <summary>The next stream frame to each open connection of the venue is sent garbled; returns the connections armed.</summary>
    public long[] GarbleNextFrame()
    {
        var armed = new List<long>();
        foreach (var connection in Services.Connections.OpenConnections(Name))
        {
            connection.GarbleNextFrame();
            armed.Add(connection.Id);
        }

        return [.. armed];
    }

    /// <summary>The next stream frame to each open connection of the venue is padded to <paramref name="bytes"/>; returns the connections armed.</summary>
    public long[] OversizeNextFrame(int bytes)
    {
        var armed = new List<long>();
        foreach (var connection in Services.Connections.OpenConnections(Name))
        {
            connection.OversizeNextFrame(bytes);
            armed.Add(connection.Id);
        }

        return [.. armed];
    }

    /// <summary>
    /// Stalls a stream for <paramref name="duration"/>: its frames are generated (the truth advances) but not sent, to
    /// every subscriber or only to <paramref name="connectionId"/>. Returns when the stall ends.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The venue generates no such stream, or has no such open connection.</exception>
    public DateTimeOffset StallStream(string stream, TimeSpan duration, long? connectionId)
    {
        if (!Streams.TryGet(stream, out var channel) || !channel.HasSource)
        {
            throw new KeyNotFoundException($"{Name} generates no stream '{stream}'.");
        }

        if (connectionId is { } id
            && (!Services.Connections.TryGetOpen(id, out var connection) || !string.Equals(connection.Venue, Name, StringComparison.Ordinal)))
        {
            throw new KeyNotFoundException($"{Name} has no open connection {id}.");
        }

        var until = Services.Time.GetUtcNow() + duration;
        channel.Stall(until, connectionId, Services.Time);
        return until;
    }

    /// <summary>
    /// Ends one connection (or all of the venue's) by a close frame or a TCP reset; returns the ids this call ended.
    /// A connection that ends on its own while the fault runs (the client closed it, it was already closing) is left
    /// out rather than failing the call.
    /// </summary>
    public long[] Disconnect(DisconnectMode mode, long? connectionId)
    {
        var ended = new List<long>();
        foreach (var connection in Services.Connections.OpenConnections(Name))
        {
            if (connectionId is { } id && connection.Id != id)
            {
                continue;
            }

            var endedNow = mode == DisconnectMode.Reset
                ? connection.Abort("reset by fault injection", reset: true)
                : connection.RequestClose(WebSocketCloseStatus.EndpointUnavailable, "simulated disconnect", "closed by fault injection");
            if (endedNow)
            {
                ended.Add(connection.Id);
            }
        }

        return [.. ended];
    }

    public VenueStatus GetStatus()
    {
        var streams = Streams.GeneratedCounts();
        long total = 0;
        foreach (var count in streams.Values)
        {
            total += count;
        }

        // Finished is read before the frame counts: a timeline that reads finished has queued its last frame, so
        // counts read afterwards include it.
        var finished = Timeline.Finished;
        var (sent, pending) = Services.Connections.FrameCounts(Name);
        return new VenueStatus(
            Name,
            PathPrefix,
            Timeline.Started,
            finished,
            Timeline.Passes,
            total,
            sent,
            pending,
            [.. Symbols],
            streams,
            GapsInjected,
            Refusal.Refused,
            Streams.StalledTotal(),
            Rest.Delayed,
            Rest.WeightExceeded);
    }

    public virtual ValueTask DisposeAsync() => Timeline.DisposeAsync();
}

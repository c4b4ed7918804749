using MarketPrism.Simulator.Plugins;

namespace MarketPrism.Simulator;

/// <summary>
/// How the exchange simulator listens and replays its recorded sessions (shared by every venue), plus each simulated
/// venue's own options (<see cref="Venues"/>: heartbeats, limits, protocol variants), which the venue declares.
/// </summary>
public sealed class SimulatorOptions
{
    private readonly VenueOptions[] _venues = VenueCatalog.CreateOptions();

    /// <summary>TCP port to listen on; 0 picks any free port (read it back from <see cref="RunningSimulator.BaseAddress"/>). Default: 8765.</summary>
    public int Port { get; set; } = 8765;

    /// <summary>Address to listen on: an IP address or <c>localhost</c>. Default: 127.0.0.1.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>
    /// Folder searched (recursively) for recorded sessions: cryptofeed raw captures named <c>*.ws.*</c> and
    /// <c>*.http.*</c>. Each venue takes the captures whose addresses are its own. Default: <c>recordings</c>.
    /// </summary>
    public string RecordingsDirectory { get; set; } = "recordings";

    /// <summary>
    /// Replay pace: 1 = the recorded pace, 10 = ten times faster, 0 = as fast as the sockets take the frames.
    /// Default: 1.
    /// </summary>
    public double Speed { get; set; } = 1;

    /// <summary>Start the session again when it ends, with ids and timestamps continuing forward. Default: false.</summary>
    public bool Loop { get; set; }

    /// <summary>
    /// Start a venue's timeline at its first subscription; otherwise it waits for <c>POST /sim/start</c> or
    /// <see cref="RunningSimulator.Start(string?)"/>. Default: true.
    /// </summary>
    public bool AutoStart { get; set; } = true;

    /// <summary>The server closes connections older than this (Binance cuts at 24 h); null never does. Default: null.</summary>
    public TimeSpan? MaxConnectionLifetime { get; set; }

    /// <summary>
    /// Shift exchange timestamps so the session starts "now" by the <see cref="TimeProvider"/>, keeping the
    /// recorded spacing; each loop moves on by the session's length. When false, loop 0 is byte-for-byte the
    /// recording. Default: true.
    /// </summary>
    public bool Retime { get; set; } = true;

    /// <summary>Streams one connection may listen to. Default: 1024.</summary>
    public int MaxStreamsPerConnection { get; set; } = 1024;

    /// <summary>
    /// Frames queued per connection. At <see cref="Speed"/> 0 a full queue makes the timeline wait (backpressure);
    /// at any other speed a client that lets its queue fill is disconnected, as Binance drops slow clients.
    /// Default: 4096.
    /// </summary>
    public int ConnectionQueueCapacity { get; set; } = 4096;

    /// <summary>
    /// Renamed copies of every recorded symbol served besides it, for load tests: copy <c>k</c> of <c>CTKUSDT</c> is
    /// <c>X{k}CTKUSDT</c>, replaying the same frames with its own truth book and sequences. Default: 0.
    /// </summary>
    public int SyntheticCopies { get; set; }

    /// <summary>The options of every venue the simulator can serve, in catalog order; each venue folder declares its own.</summary>
    public IReadOnlyList<VenueOptions> Venues => _venues;

    /// <summary>The options of the venue named <paramref name="venue"/> (e.g. <c>okx</c>), as its own type.</summary>
    /// <exception cref="KeyNotFoundException">No simulated venue has that name, or its options are of another type.</exception>
    public TOptions Venue<TOptions>(string venue)
        where TOptions : VenueOptions =>
        FindVenue(venue) as TOptions
        ?? throw new KeyNotFoundException($"No simulated venue '{venue}' with {typeof(TOptions).Name}; venues: {string.Join(", ", _venues.Select(v => v.Venue))}.");

    /// <summary>
    /// Sets one venue option from text, <c>&lt;venue&gt;.&lt;key&gt;=&lt;value&gt;</c> (e.g. <c>okx.idle_timeout=45s</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The text names no venue or option, or the value is not valid for it; the message says which.</exception>
    public void SetVenueOption(string assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        var name = equals < 0 ? assignment : assignment[..equals];
        var dot = name.LastIndexOf('.');
        if (equals < 0 || dot <= 0)
        {
            throw new ArgumentException($"'{assignment}' is not <venue>.<option>=<value>, e.g. okx.idle_timeout=45s.", nameof(assignment));
        }

        if (TrySetVenueOption(name[..dot].Trim(), name[(dot + 1)..].Trim(), assignment[(equals + 1)..].Trim()) is { } problem)
        {
            throw new ArgumentException($"{name.Trim()}: {problem}", nameof(assignment));
        }
    }

    /// <summary>Sets the option <paramref name="key"/> of <paramref name="venue"/> from text; returns null, or why it was refused.</summary>
    public string? TrySetVenueOption(string venue, string key, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (FindVenue(venue) is not { } options)
        {
            return $"no simulated venue '{venue}'; venues: {string.Join(", ", _venues.Select(v => v.Venue))}.";
        }

        return options.Find(key) is { } option
            ? option.TrySet(text)
            : $"{venue} has no option '{key}'; its options: {string.Join(", ", options.Options.Select(o => o.Key))}.";
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"Port must be 0..65535 (0 = any free port); got {Port}.", nameof(Port));
        }

        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("Host must be an IP address or 'localhost'.", nameof(Host));
        }

        if (string.IsNullOrWhiteSpace(RecordingsDirectory))
        {
            throw new ArgumentException("RecordingsDirectory must name a folder of recorded sessions.", nameof(RecordingsDirectory));
        }

        if (double.IsNaN(Speed) || double.IsInfinity(Speed) || Speed < 0)
        {
            throw new ArgumentException($"Speed must be 0 (as fast as possible) or a positive factor; got {Speed}.", nameof(Speed));
        }

        if (MaxConnectionLifetime is { } lifetime && lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException($"MaxConnectionLifetime must be positive or null; got {lifetime}.", nameof(MaxConnectionLifetime));
        }

        RequirePositive(MaxStreamsPerConnection, nameof(MaxStreamsPerConnection));
        RequirePositive(ConnectionQueueCapacity, nameof(ConnectionQueueCapacity));
        if (SyntheticCopies is < 0 or > 10_000)
        {
            throw new ArgumentException($"SyntheticCopies must be 0..10000; got {SyntheticCopies}.", nameof(SyntheticCopies));
        }

        foreach (var venue in Venues)
        {
            venue.Validate();
        }
    }

    private static void RequirePositive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentException($"{name} must be positive; got {value}.", name);
        }
    }

    private VenueOptions? FindVenue(string venue)
    {
        foreach (var options in _venues)
        {
            if (string.Equals(options.Venue, venue, StringComparison.Ordinal))
            {
                return options;
            }
        }

        return null;
    }
}

namespace MarketPrism.Simulator;

/// <summary>How the exchange simulator listens, replays its recorded sessions and enforces the venues' limits.</summary>
public sealed class SimulatorOptions
{
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

    /// <summary>Interval of the server's WebSocket ping frames on Binance spot. Default: 20s.</summary>
    public TimeSpan SpotPingInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A Binance spot client that does not answer a ping within this is dropped. Default: 60s.</summary>
    public TimeSpan SpotPongTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Interval of the server's WebSocket ping frames on Binance USD-M futures. Default: 180s.</summary>
    public TimeSpan FuturesPingInterval { get; set; } = TimeSpan.FromSeconds(180);

    /// <summary>A Binance USD-M client that does not answer a ping within this is dropped. Default: 600s.</summary>
    public TimeSpan FuturesPongTimeout { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>
    /// Bybit: a connection that has sent no <c>{"op":"ping"}</c> for this long is cut (without a close frame). Bybit
    /// documents a 10-minute cut for a connection with neither ping-pong nor data and asks clients to ping every
    /// 20 s; the simulator is stricter and counts only pings, so a client that never pings is caught even while data
    /// flows. Default: 10 min.
    /// </summary>
    public TimeSpan BybitHeartbeatTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// An OKX connection on which nothing was pushed (no data, no acknowledgement, no <c>pong</c>) for this long is
    /// closed, as OKX does after 30 s; a client keeps it open with the text <c>ping</c>. Default: 30s.
    /// </summary>
    public TimeSpan OkxIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// OKX: a <c>books</c> subscription gets no <c>action:"snapshot"</c> message, only the updates from then on, as
    /// OKX announced for when it delists the initial snapshot (clients then seed the book from
    /// <c>/api/v5/market/books</c>, whose <c>seqId</c> bridges it to the updates). Default: false.
    /// </summary>
    public bool OkxWithholdBookSnapshot { get; set; }

    /// <summary>REST requests per minute and client address on OKX; beyond it requests get 429 (code 50011). Default: 1200.</summary>
    public int OkxRequestsPerMinute { get; set; } = 1200;

    /// <summary>
    /// Shift exchange timestamps so the session starts "now" by the <see cref="TimeProvider"/>, keeping the
    /// recorded spacing; each loop moves on by the session's length. When false, loop 0 is byte-for-byte the
    /// recording. Default: true.
    /// </summary>
    public bool Retime { get; set; } = true;

    /// <summary>Interval of the server's WebSocket ping frames on Deribit (which relies on its own heartbeats). Default: 30s.</summary>
    public TimeSpan DeribitPingInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A Deribit client that does not answer a ping within this is dropped. Default: 60s.</summary>
    public TimeSpan DeribitPongTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Requests per second a Deribit connection may send before it is answered <c>too_many_requests</c> and closed
    /// (Deribit's credits refill at 20 non-matching-engine requests per second). Default: 20.
    /// </summary>
    public int DeribitMessagesPerSecond { get; set; } = 20;

    /// <summary>Deribit REST requests per minute and client address; beyond it requests get 429. Default: 1200.</summary>
    public int DeribitRequestsPerMinute { get; set; } = 1200;

    /// <summary>Incoming messages per second a Binance spot connection may send before it is closed. Default: 5.</summary>
    public int SpotMessagesPerSecond { get; set; } = 5;

    /// <summary>Incoming messages per second a Binance USD-M connection may send before it is closed. Default: 10.</summary>
    public int FuturesMessagesPerSecond { get; set; } = 10;

    /// <summary>Streams one connection may listen to. Default: 1024.</summary>
    public int MaxStreamsPerConnection { get; set; } = 1024;

    /// <summary>REST request weight per minute and client address on Binance spot; beyond it requests get 429. Default: 6000.</summary>
    public int SpotRequestWeightPerMinute { get; set; } = 6000;

    /// <summary>REST request weight per minute and client address on Binance USD-M; beyond it requests get 429. Default: 2400.</summary>
    public int FuturesRequestWeightPerMinute { get; set; } = 2400;

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

        RequirePositive(SpotPingInterval, nameof(SpotPingInterval));
        RequirePositive(SpotPongTimeout, nameof(SpotPongTimeout));
        RequirePositive(FuturesPingInterval, nameof(FuturesPingInterval));
        RequirePositive(FuturesPongTimeout, nameof(FuturesPongTimeout));
        RequirePositive(BybitHeartbeatTimeout, nameof(BybitHeartbeatTimeout));
        RequirePositive(DeribitPingInterval, nameof(DeribitPingInterval));
        RequirePositive(DeribitPongTimeout, nameof(DeribitPongTimeout));
        RequirePositive(DeribitMessagesPerSecond, nameof(DeribitMessagesPerSecond));
        RequirePositive(DeribitRequestsPerMinute, nameof(DeribitRequestsPerMinute));
        RequirePositive(SpotMessagesPerSecond, nameof(SpotMessagesPerSecond));
        RequirePositive(FuturesMessagesPerSecond, nameof(FuturesMessagesPerSecond));
        RequirePositive(MaxStreamsPerConnection, nameof(MaxStreamsPerConnection));
        RequirePositive(SpotRequestWeightPerMinute, nameof(SpotRequestWeightPerMinute));
        RequirePositive(FuturesRequestWeightPerMinute, nameof(FuturesRequestWeightPerMinute));
        RequirePositive(ConnectionQueueCapacity, nameof(ConnectionQueueCapacity));
        if (SyntheticCopies is < 0 or > 10_000)
        {
            throw new ArgumentException($"SyntheticCopies must be 0..10000; got {SyntheticCopies}.", nameof(SyntheticCopies));
        }
        RequirePositive(OkxIdleTimeout, nameof(OkxIdleTimeout));
        RequirePositive(OkxRequestsPerMinute, nameof(OkxRequestsPerMinute));
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} must be positive; got {value}.", name);
        }
    }

    private static void RequirePositive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentException($"{name} must be positive; got {value}.", name);
        }
    }
}

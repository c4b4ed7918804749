using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Collector.Health;

/// <summary>
/// What /health and /ready report, kept from the telemetry events: each connection's state, when each data type last
/// delivered, which books are out of sync since when, and whether sinks are failing. <see cref="Evaluate"/> turns it
/// into a report with the reasons for anything unhealthy.
/// </summary>
public sealed class HealthState : ICollectorTelemetry
{
    private readonly HealthOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly List<FeedHealth> _feeds = [];
    private readonly Dictionary<string, SinkHealth> _sinks = [];
    private readonly Dictionary<DataType, TimeSpan> _staleAfter = [];
    private readonly Dictionary<string, JobHealthState> _jobs = new(StringComparer.Ordinal);
    private volatile bool _stopping;

    public HealthState(HealthOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        foreach (var (name, threshold) in options.StaleAfter)
        {
            if (WireNames.TryParseDataType(name, out var type) && threshold > TimeSpan.Zero)
            {
                _staleAfter[type] = threshold;
            }
        }
    }

    /// <summary>Shutdown has begun: the collector is no longer ready.</summary>
    public void MarkStopping() => _stopping = true;

    public IFeedTelemetry ForFeed(FeedInfo feed)
    {
        var health = new FeedHealth(this, feed);
        lock (_lock)
        {
            _feeds.Add(health);
        }

        return health;
    }

    public void RecordDropped(MarketRecord record)
    {
    }

    public void BatchWritten(string sink, int records, TimeSpan elapsed)
    {
        lock (_lock)
        {
            Sink(sink).LastSuccess = _time.GetUtcNow();
        }
    }

    public void SinkFailed(string sink, int records, int attempt, Exception error)
    {
        lock (_lock)
        {
            var health = Sink(sink);
            health.LastFailure = _time.GetUtcNow();
            health.LastError = error.Message;
        }
    }

    public void BatchSpooled(string sink, int records)
    {
    }

    public void SpoolReplayed(string sink, int records)
    {
    }

    public void SpoolDropped(string sink, long records, string reason)
    {
        lock (_lock)
        {
            Sink(sink).DroppedRecords += records;
        }
    }

    public void SpoolSizeChanged(string sink, long records, long bytes)
    {
        lock (_lock)
        {
            Sink(sink).SpooledRecords = records;
        }
    }

    public void SinkAvailabilityChanged(string sink, bool available, string? reason)
    {
        lock (_lock)
        {
            var health = Sink(sink);
            health.Unavailable = !available;
            health.LastError = available ? health.LastError : reason;
        }
    }

    public void JobRegistered(string job, TimeSpan typicalInterval)
    {
        lock (_lock)
        {
            _jobs[job] = new JobHealthState(typicalInterval, _time.GetUtcNow());
        }
    }

    public void JobCompleted(string job, Scheduling.JobResult result, TimeSpan duration)
    {
        lock (_lock)
        {
            if (_jobs.TryGetValue(job, out var state))
            {
                state.LastRun = _time.GetUtcNow();
                state.LastDuration = duration;
                state.LastError = result.Succeeded ? null : result.FirstError;
                if (result.Succeeded)
                {
                    state.LastSuccess = state.LastRun;
                }
            }
        }
    }

    public void JobSkipped(string job, int occurrences)
    {
    }

    public HealthReport Evaluate()
    {
        var now = _time.GetUtcNow();
        var reasons = new List<string>();
        var markets = new List<MarketHealth>();
        FeedHealth[] feeds;
        var jobs = new List<JobHealth>();
        lock (_lock)
        {
            feeds = [.. _feeds];
            foreach (var (name, job) in _jobs.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                // A job is failing once it has gone three of its intervals (plus the grace period) without a success.
                var since = job.LastSuccess ?? job.RegisteredAt;
                var limit = (job.TypicalInterval * 3) + _options.GracePeriod;
                var failing = now - since > limit;
                if (failing)
                {
                    reasons.Add($"job {name} has not succeeded for {(now - since).TotalSeconds:0} s (runs every {job.TypicalInterval.TotalSeconds:0} s){(job.LastError is null ? "" : $": {job.LastError}")}");
                }

                jobs.Add(new JobHealth(name, job.TypicalInterval.TotalSeconds, job.LastRun, job.LastSuccess, job.LastDuration?.TotalSeconds, job.LastError, !failing));
            }

            foreach (var (name, sink) in _sinks)
            {
                var spool = sink.SpooledRecords > 0 ? $" ({sink.SpooledRecords} records waiting in its spool)" : "";
                if (sink.Unavailable || (sink.LastFailure is { } failed && (sink.LastSuccess is null || sink.LastSuccess < failed)))
                {
                    reasons.Add($"sink {name} is failing: {sink.LastError}{spool}");
                }

                if (sink.DroppedRecords > 0)
                {
                    reasons.Add($"sink {name}: its spool dropped {sink.DroppedRecords} records");
                }
            }
        }

        var warnings = new List<string>();
        foreach (var feed in feeds)
        {
            markets.Add(feed.Evaluate(now, reasons, warnings));
        }

        return new HealthReport(Status(reasons, warnings), reasons, markets, now) { Jobs = jobs, Warnings = warnings };
    }

    /// <summary>Ready when every configured stream is subscribed and every book is synced.</summary>
    public HealthReport EvaluateReadiness()
    {
        var report = Evaluate();
        var reasons = new List<string>();
        if (_stopping)
        {
            reasons.Add("the collector is stopping");
        }

        foreach (var market in report.Markets)
        {
            foreach (var connection in market.Connections.Where(connection => connection.State != "up"))
            {
                reasons.Add($"connection {connection.Id} is {connection.State}");
            }

            if (market.Connections.Count == 0)
            {
                reasons.Add($"{market.Exchange} {market.MarketType}: no connection opened yet");
            }

            foreach (var book in market.Books.Where(book => book.State != "synced"))
            {
                reasons.Add($"book {market.Exchange} {market.MarketType} {book.Symbol} is {book.State}");
            }
        }

        return report with { Status = reasons.Count == 0 ? "ready" : "not_ready", Reasons = reasons };
    }

    /// <summary>Unhealthy (503) for a failure; degraded (still 200) when only streams on live connections are quiet.</summary>
    private static string Status(List<string> reasons, List<string> warnings) =>
        reasons.Count > 0 ? "unhealthy" : warnings.Count > 0 ? "degraded" : "healthy";

    /// <summary>
    /// Silence after which a connection that is up counts as dead, or null when silence cannot tell: a venue whose
    /// heartbeat the collector sees is dead after <see cref="HealthOptions.MissedHeartbeats"/> missed ones (or the
    /// configured bound); without such a heartbeat only a connection carrying a regular stream has a bound, and only
    /// a configured one (by default its own no-data watchdog reconnects it, which health sees as a state change).
    /// </summary>
    private TimeSpan? DeadAfter(ConnectionActivity connection)
    {
        var configured = _options.ConnectionSilence;
        if (connection.HeartbeatInterval is { } beat)
        {
            return configured > TimeSpan.Zero ? configured : beat * HealthOptions.MissedHeartbeats;
        }

        return connection.CarriesRegularStream && configured > TimeSpan.Zero ? configured : null;
    }

    /// <summary>
    /// The silence after which a stream is stale: the cadence the stall detector learned for it, but never less than
    /// the smallest <c>stale_after</c> among its data types. Null (not judged) until its cadence is learned: a stream
    /// that has not yet shown it normally flows is a quiet one, as a book that never received an update is.
    /// </summary>
    private TimeSpan? StaleAfter(StreamStatus stream, IReadOnlySet<DataType> wanted)
    {
        if (stream.StallTimeout is not { } learned)
        {
            return null;
        }

        TimeSpan? floor = null;
        var carriesWanted = false;
        foreach (var type in stream.DataTypes)
        {
            if (!wanted.Contains(type))
            {
                continue;
            }

            // A type without a floor (0, or not listed) leaves the stream to its learned cadence.
            carriesWanted = true;
            var limit = _staleAfter.TryGetValue(type, out var configured) ? configured : TimeSpan.Zero;
            if (floor is null || limit < floor)
            {
                floor = limit;
            }
        }

        if (!carriesWanted)
        {
            return null;
        }

        return floor is { } least && least > learned ? least : learned;
    }

    private SinkHealth Sink(string name)
    {
        if (!_sinks.TryGetValue(name, out var sink))
        {
            sink = new SinkHealth();
            _sinks[name] = sink;
        }

        return sink;
    }

    private sealed class JobHealthState(TimeSpan typicalInterval, DateTimeOffset registeredAt)
    {
        public TimeSpan TypicalInterval { get; } = typicalInterval;

        public DateTimeOffset RegisteredAt { get; } = registeredAt;

        public DateTimeOffset? LastRun { get; set; }

        public DateTimeOffset? LastSuccess { get; set; }

        public TimeSpan? LastDuration { get; set; }

        public string? LastError { get; set; }
    }

    private sealed class SinkHealth
    {
        public DateTimeOffset? LastSuccess { get; set; }

        public DateTimeOffset? LastFailure { get; set; }

        public string? LastError { get; set; }

        public bool Unavailable { get; set; }

        public long SpooledRecords { get; set; }

        public long DroppedRecords { get; set; }
    }

    private sealed record ConnectionInfo(ConnectionState State, int Streams, DateTimeOffset Since, string? Reason);

    /// <summary>One feed's health, updated by its telemetry events.</summary>
    private sealed class FeedHealth(HealthState owner, FeedInfo feed) : IFeedTelemetry
    {
        private readonly long[] _lastSeen = new long[WireNames.AllDataTypes.Count];
        private readonly DateTimeOffset _startedAt = owner._time.GetUtcNow();
        private readonly Lock _lock = new();
        private readonly Dictionary<string, ConnectionInfo> _connections = [];
        private readonly Dictionary<string, DateTimeOffset> _unsyncedSince = [];
        private readonly Dictionary<string, Polly.CircuitBreaker.CircuitState> _openCircuits = new(StringComparer.Ordinal);
        private DateTimeOffset? _blockedUntil;
        private int _blockedStatus;

        public void FrameProcessed(int records)
        {
        }

        public void RecordAccepted(MarketRecord record, TimeSpan sinceReceived) =>
            Volatile.Write(ref _lastSeen[(int)record.DataType], owner._time.GetUtcNow().UtcTicks);

        public void RecordDuplicate(MarketRecord record)
        {
        }

        public void FrameFailed(FrameFailure failure, string reason)
        {
        }

        public void FrameIgnored()
        {
        }

        public void ConnectionStateChanged(string connectionId, ConnectionState state, int streams, string? reason, ErrorType? error = ErrorType.Network)
        {
            lock (_lock)
            {
                if (state == ConnectionState.Closed)
                {
                    _connections.Remove(connectionId);
                    return;
                }

                // The "since" of a connection that is not up is when it went down, not when its latest retry began.
                var since = _connections.TryGetValue(connectionId, out var previous) && (previous.State == ConnectionState.Up) == (state == ConnectionState.Up)
                    ? previous.Since
                    : owner._time.GetUtcNow();
                _connections[connectionId] = new ConnectionInfo(state, streams, since, reason ?? previous?.Reason);
            }
        }

        public void BookResynced(Instrument instrument, ResyncReason reason, string detail)
        {
            lock (_lock)
            {
                _unsyncedSince.TryAdd(InstrumentLabel.Of(instrument), owner._time.GetUtcNow());
            }
        }

        public void BookSynced(Instrument instrument, long updateId)
        {
            lock (_lock)
            {
                _unsyncedSince.Remove(InstrumentLabel.Of(instrument));
            }
        }

        public void SequenceGap(Instrument instrument, DataType dataType, long missing, string detail)
        {
        }

        public void RestRequestCompleted(string endpoint, int statusCode, TimeSpan elapsed)
        {
        }

        public void RestRequestFailed(string endpoint, ErrorType error, string reason)
        {
        }

        public void RestRateLimiterWaited(TimeSpan waited)
        {
        }

        public void RestRetrying(string endpoint, int attempt, TimeSpan delay, string reason)
        {
        }

        public void RestBlocked(int status, TimeSpan duration)
        {
            lock (_lock)
            {
                var until = owner._time.GetUtcNow() + duration;
                _blockedUntil = _blockedUntil is { } current && current > until ? current : until;
                _blockedStatus = status;
            }
        }

        public void StreamStalled(Instrument instrument, DataType dataType, TimeSpan silence, bool escalated)
        {
        }

        public void CircuitStateChanged(string endpoint, Polly.CircuitBreaker.CircuitState state)
        {
            lock (_lock)
            {
                if (state == Polly.CircuitBreaker.CircuitState.Closed)
                {
                    _openCircuits.Remove(endpoint);
                }
                else
                {
                    _openCircuits[endpoint] = state;
                }
            }
        }

        public MarketHealth Evaluate(DateTimeOffset now, List<string> reasons, List<string> warnings)
        {
            var grace = owner._options.GracePeriod;
            var market = feed.Market.ToWireName();
            var before = reasons.Count;
            var warningsBefore = warnings.Count;
            var activity = feed.Activity?.Invoke();
            var connections = new List<ConnectionHealth>();
            var books = new List<BookHealth>();
            var upSince = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            lock (_lock)
            {
                foreach (var (id, info) in _connections.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    var up = info.State == ConnectionState.Up;
                    var down = now - info.Since;
                    if (!up && down > grace)
                    {
                        reasons.Add($"connection {id} ({feed.Exchange} {market}) has been {info.State.ToString().ToLowerInvariant()} for {down.TotalSeconds:0} s: {info.Reason}");
                    }

                    // Up is not enough: a connection that receives nothing at all, not even the venue's heartbeat, is
                    // dead whatever its socket says. Any frame counts, so a quiet market on a live connection is fine.
                    var liveness = activity?.Connections.FirstOrDefault(connection => connection.Id == id);
                    var deadAfter = liveness is null ? null : owner.DeadAfter(liveness);
                    var silent = liveness?.SinceLastFrame;
                    if (up)
                    {
                        upSince[id] = info.Since;
                        if (silent is { } quiet && deadAfter is { } limit && quiet > limit)
                        {
                            var basis = liveness!.HeartbeatInterval is { } beat && owner._options.ConnectionSilence == TimeSpan.Zero
                                ? $"{HealthOptions.MissedHeartbeats} heartbeats of {beat.TotalSeconds:0.#} s missed"
                                : $"health.connection_silence {limit.TotalSeconds:0.#} s";
                            reasons.Add($"connection {id} ({feed.Exchange} {market}) is up but has received nothing, not even a heartbeat, for {quiet.TotalSeconds:0} s ({basis}): the connection is dead");
                        }
                    }

                    connections.Add(new ConnectionHealth(id, info.State.ToString().ToLowerInvariant(), info.Streams, info.Since, up ? null : info.Reason)
                    {
                        LastFrameAgeSeconds = silent is { } age ? Math.Round(age.TotalSeconds, 3) : null,
                        DeadAfterSeconds = deadAfter?.TotalSeconds,
                    });
                }

                if (_blockedUntil is { } blocked && blocked > now)
                {
                    var why = _blockedStatus == 418 ? "the exchange banned this IP (HTTP 418)" : $"the exchange asked for a pause (HTTP {_blockedStatus})";
                    reasons.Add($"{feed.Exchange} {market} REST: {why}; every request is held for {(blocked - now).TotalSeconds:0} s more");
                }

                foreach (var (endpoint, state) in _openCircuits)
                {
                    reasons.Add($"{feed.Exchange} {market} REST {endpoint}: circuit {(state == Polly.CircuitBreaker.CircuitState.HalfOpen ? "half-open (probing)" : "open")} after repeated failures");
                }

                foreach (var book in feed.Books())
                {
                    var state = book.State.ToWireName();
                    var since = _unsyncedSince.TryGetValue(book.Symbol, out var resyncing) ? resyncing : _startedAt;
                    // A book that never received an update (a quiet symbol) is not failing; one that has updates but
                    // no snapshot, or keeps resyncing, is.
                    if (book.State == BookSyncState.AwaitingSnapshot && now - since > grace)
                    {
                        reasons.Add($"book {feed.Exchange} {market} {book.Symbol} has been out of sync for {(now - since).TotalSeconds:0} s");
                    }

                    books.Add(new BookHealth(book.Symbol, state, book.LastUpdateId));
                }
            }

            var staleTypes = new bool[_lastSeen.Length];
            var staleStreams = new List<StreamHealth>();
            foreach (var stream in activity?.Streams ?? [])
            {
                // Only streams on a live connection: a dead or reconnecting one is already a reason above.
                if (!stream.ConnectionUp || !upSince.TryGetValue(stream.ConnectionId, out var connectedAt) || owner.StaleAfter(stream, feed.DataTypes) is not { } limit)
                {
                    continue;
                }

                // Silence counts from the last record, or from when the connection came up if that is later (a
                // stream that has delivered nothing since is judged from then, not from the collector's start).
                var upFor = now - connectedAt;
                var silence = stream.SinceLastRecord is { } sinceRecord && sinceRecord < upFor ? sinceRecord : upFor;
                if (silence <= limit)
                {
                    continue;
                }

                var usualGap = Math.Round(stream.MeanGapSeconds, 3);
                staleStreams.Add(new StreamHealth(stream.Stream, stream.Symbol, stream.ConnectionId, Math.Round(silence.TotalSeconds, 3), usualGap, limit.TotalSeconds, stream.ConsecutiveStalls));
                var handled = stream.ConsecutiveStalls switch
                {
                    0 => "",
                    1 => "; resubscribed",
                    _ => "; its connection was replaced",
                };
                warnings.Add($"{feed.Exchange} {market} {stream.Symbol} {stream.Stream}: no record for {silence.TotalSeconds:0} s while connection {stream.ConnectionId} is alive (stale after {limit.TotalSeconds:0} s, usually every {usualGap:0.###} s{handled})");
                foreach (var type in stream.DataTypes)
                {
                    staleTypes[(int)type] = true;
                }
            }

            var dataTypes = new List<DataTypeHealth>();
            foreach (var type in feed.DataTypes.Order())
            {
                var last = Volatile.Read(ref _lastSeen[(int)type]);
                var age = now - (last == 0 ? _startedAt : new DateTimeOffset(last, TimeSpan.Zero));
                var threshold = owner._staleAfter.TryGetValue(type, out var staleAfter) && staleAfter > TimeSpan.Zero ? staleAfter : (TimeSpan?)null;
                dataTypes.Add(new DataTypeHealth(type.ToWireName(), last == 0 ? null : Math.Round(age.TotalSeconds, 3), threshold?.TotalSeconds, staleTypes[(int)type]));
            }

            var status = reasons.Count > before ? "unhealthy" : warnings.Count > warningsBefore ? "degraded" : "healthy";
            return new MarketHealth(feed.Exchange, market, status, connections, dataTypes, books) { StaleStreams = staleStreams };
        }
    }
}

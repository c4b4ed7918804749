using MarketPrism.Collector.Logging;
using MarketPrism.Collector.Pipeline;
using MarketPrism.Collector.Rest;
using MarketPrism.Collector.Scheduling;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Collector.Feeds;

/// <summary>
/// Collects one market of one exchange (e.g. Binance spot): spreads its streams over connections within the venue's
/// limits, routes parsed records through book synchronizers and duplicate suppression into the record channel, keeps
/// books synced with REST snapshots, and runs the REST polls. All per-instrument state is touched under one gate, so
/// records of an instrument enter the channel in the order the venue produced them, whichever connection or snapshot
/// task delivered them.
/// </summary>
internal sealed class MarketFeed : IPollContext, IBookSyncObserver, IDisposable
{
    private readonly RecordChannel _channel;
    private readonly VenueRestClient _rest;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly InstrumentTable _table;
    private readonly Dictionary<Instrument, InstrumentState> _states = new(ReferenceEqualityComparer.Instance);
    private readonly bool[] _wanted;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SnapshotFetcher _snapshots;
    private readonly List<MarketRecord> _snapshotOutput = [];
    private readonly FrameFailureLog _failures;
    private readonly Dictionary<Instrument, (ConnectionSupervisor Supervisor, StreamSubscription Stream)> _bookStreams = new(ReferenceEqualityComparer.Instance);
    private readonly List<ConnectionSupervisor> _supervisors = [];
    private readonly List<StreamActivity> _activities = [];

    /// <summary>How often streams are checked for stalls.</summary>
    private static readonly TimeSpan StallCheckInterval = TimeSpan.FromSeconds(5);
    private readonly List<RestPoll> _polls;

    /// <summary>A book is resubscribed at most this often: a venue that keeps breaking a book gets no request storm.</summary>
    private static readonly TimeSpan MinResubscribeInterval = TimeSpan.FromSeconds(1);
    private long _requestId;

    /// <param name="abort">
    /// Signalled only when shutdown's deadline passes. Records already parsed are still written to the channel after
    /// the feed was asked to stop; only this token may interrupt such a write, so a graceful stop loses nothing.
    /// </param>
    public MarketFeed(
        MarketFeedSettings settings,
        RecordChannel channel,
        ICollectorTelemetry telemetry,
        ExchangeRestGate restGate,
        FixedWindowBudget connectionGate,
        ILoggerFactory loggerFactory,
        TimeProvider time,
        CancellationToken abort)
    {
        Settings = settings;
        AbortToken = abort;
        ConnectionGate = connectionGate;
        _channel = channel;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger($"MarketPrism.Feed.{settings.Name}");
        _time = time;
        Telemetry = telemetry.ForFeed(new FeedInfo(settings.Venue.Exchange, settings.Venue.MarketType, settings.DataTypes, BookStatuses) { Activity = ReadActivity });
        _rest = new VenueRestClient(
            settings.Venue,
            settings.RestUrl,
            settings.MaxRequestsPerMinute,
            settings.ApiRateLimit,
            settings.Rest,
            restGate,
            Telemetry,
            loggerFactory.CreateLogger($"MarketPrism.Rest.{settings.Name}"),
            time);
        var venue = settings.Venue;
        _table = venue.CreateInstrumentTable(settings.Instruments);
        _wanted = new bool[WireNames.AllDataTypes.Count];
        foreach (var type in settings.DataTypes)
        {
            _wanted[(int)type] = true;
        }

        var streams = settings.Instruments
            .SelectMany(instrument => venue.GetStreams(instrument, settings.DataTypes))
            .ToList();
        var booked = streams
            .Where(stream => stream.DataTypes.Contains(DataType.BookDelta) || stream.DataTypes.Contains(DataType.BookSnapshot))
            .Select(stream => stream.Instrument)
            .ToHashSet();
        foreach (var instrument in settings.Instruments)
        {
            // Only instruments the venue streams a book for have one (a Deribit index named for its DVOL has none), so
            // /ready and /health never wait for a book that cannot come.
            var book = booked.Contains(instrument)
                ? new BookSynchronizer(instrument, venue.BookRules, settings.Books, this)
                : null;
            var state = new InstrumentState(instrument, book);
            if (book is not null && venue.BookRules.SnapshotSource == BookSnapshotSource.InBandWithRestFallback)
            {
                // Created idle; each subscription of the book's stream arms it (ArmInBandSnapshotTimers).
                state.InBandSnapshotTimer = time.CreateTimer(OnInBandSnapshotTimer, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }

            _states[instrument] = state;
        }

        _polls = settings.Instruments.SelectMany(instrument => venue.GetPolls(instrument, settings.DataTypes)).ToList();
        _supervisors.AddRange(PlanConnections(streams));
        foreach (var supervisor in _supervisors)
        {
            foreach (var stream in supervisor.Streams)
            {
                if (_states.TryGetValue(stream.Instrument, out var state))
                {
                    var activity = new StreamActivity(stream, supervisor);
                    _activities.Add(activity);
                    foreach (var type in stream.DataTypes)
                    {
                        state.Activity[(int)type] = activity;
                    }
                }
            }
        }

        _snapshots = new SnapshotFetcher(this, _rest, settings.Books.RestSnapshotLimit, _logger, time);
        _failures = new FrameFailureLog(_logger, settings.Name, time);
    }

    public MarketFeedSettings Settings { get; }

    /// <summary>New connections to the exchange per window, shared by its markets: reconnect storms wait instead of tripping the venue's limit.</summary>
    public FixedWindowBudget ConnectionGate { get; }

    /// <summary>This feed's telemetry (metrics, health, totals), labels resolved once.</summary>
    public IFeedTelemetry Telemetry { get; }

    /// <summary>Interrupts channel writes and gate waits; signalled only when a graceful stop runs out of time.</summary>
    public CancellationToken AbortToken { get; }

    public string Exchange => Settings.Venue.Exchange;

    public MarketType Market => Settings.Venue.MarketType;

    /// <summary>The market type's wire name, for log fields.</summary>
    public string MarketName => Settings.Venue.MarketType.ToWireName();

    /// <summary>Runs every connection and poll of this market until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var streams = _supervisors.Sum(supervisor => supervisor.Streams.Count);
        CollectorLog.FeedStarted(_logger, Settings.Name, Settings.Instruments.Count, streams, _supervisors.Count);
        await Task.WhenAll(_supervisors.Select(supervisor => supervisor.RunAsync(cancellationToken)).Append(WatchStreamsAsync(cancellationToken)));
        await _snapshots.StopAsync();
    }

    /// <summary>
    /// Spreads the streams over connections: one group per venue endpoint (Binance USD-M routes), at most the venue's
    /// streams per connection. Decided once, so a connection id always carries the same streams.
    /// </summary>
    private List<ConnectionSupervisor> PlanConnections(List<StreamSubscription> streams)
    {
        var venue = Settings.Venue;
        var supervisors = new List<ConnectionSupervisor>();
        foreach (var group in streams.GroupBy(stream => stream.ConnectionGroup))
        {
            var groupStreams = group.ToList();
            for (var offset = 0; offset < groupStreams.Count; offset += venue.Limits.MaxStreamsPerConnection)
            {
                var chunk = groupStreams.Skip(offset).Take(venue.Limits.MaxStreamsPerConnection).ToList();
                var supervisor = new ConnectionSupervisor(
                    this, $"{Settings.Name}-{supervisors.Count + 1}", chunk, venue.GetConnectionUri(Settings.WsUrl, group.Key), _logger, _time);
                foreach (var stream in chunk.Where(CarriesBook))
                {
                    _bookStreams[stream.Instrument] = (supervisor, stream);
                }

                supervisors.Add(supervisor);
            }
        }

        return supervisors;
    }

    public long NextRequestId() => Interlocked.Increment(ref _requestId);

    /// <summary>A parser for one connection; every connection gets its own, over the feed's shared instrument table.</summary>
    public IFrameParser CreateParser() => Settings.Venue.CreateParser(_table);

    /// <summary>Whether a connection carries a stream that is never quiet for long (books, quotes, mark prices).</summary>
    public static bool CarriesRegularStream(IReadOnlyList<StreamSubscription> streams)
    {
        foreach (var stream in streams)
        {
            foreach (var type in stream.DataTypes)
            {
                if (type is DataType.BookDelta or DataType.BestBidAsk or DataType.MarkPrice)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Handles one received frame: control frames answer the connection, data goes through the gate.</summary>
    public async ValueTask HandleFrameAsync(
        FeedConnection connection, ReadOnlyMemory<byte> frame, DateTime localTimestamp, long receivedAt, CancellationToken cancellationToken)
    {
        var parsed = connection.Parsed;
        parsed.Clear();
        var result = connection.Parser.Parse(frame.Span, localTimestamp, parsed);
        switch (result.Kind)
        {
            case FrameKind.Data:
                // Elements a data frame left out (an OKX liquidation of an instrument not normalized) count as ignored.
                for (var skipped = 0; skipped < result.SkippedElements; skipped++)
                {
                    Telemetry.FrameIgnored();
                }

                break;
            case FrameKind.SubscriptionAck:
                connection.OnRequestAnswered(result.RequestId, result.Stream, null, result.AnswersOldestRequest);
                return;
            case FrameKind.SubscriptionError:
                connection.OnRequestAnswered(result.RequestId, result.Stream, result.Error ?? "rejected", result.AnswersOldestRequest);
                Telemetry.FrameFailed(FrameFailure.SubscriptionRejected, result.Error ?? "rejected");
                CollectorLog.SubscriptionRejected(_logger, Exchange, MarketName, connection.Id, result.Error ?? "rejected");
                return;
            case FrameKind.Heartbeat:
                return;
            case FrameKind.HeartbeatRequest:
                _ = connection.ReplyToHeartbeatAsync();
                return;
            case FrameKind.ServerShutdownNotice:
                connection.RequestReplacement("the venue announced a shutdown of this connection");
                return;
            case FrameKind.Ignored:
                Telemetry.FrameIgnored();
                return;
            default:
                Telemetry.FrameFailed(FrameFailure.Malformed, result.Error ?? "malformed frame");
                _failures.Report(connection.Id, result.Error ?? "malformed frame", frame.Span);
                return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (connection.IsRetired)
            {
                return;
            }

            if (!connection.IsActive)
            {
                if (!connection.TryBuffer(parsed, receivedAt))
                {
                    connection.RequestReplacement("standby buffer full");
                }

                return;
            }

            await RouteAsync(parsed, connection.Output, receivedAt, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }

        Telemetry.FrameProcessed(parsed.Count);
    }

    /// <summary>
    /// The streams of a connection were (re)subscribed: the books among them that may get no in-band snapshot
    /// (<see cref="BookSnapshotSource.InBandWithRestFallback"/>) start their wait for it; a later subscription
    /// restarts the wait. Books of other venues have no timer.
    /// </summary>
    public void ArmInBandSnapshotTimers(IReadOnlyList<StreamSubscription> streams)
    {
        foreach (var stream in streams)
        {
            if (CarriesBook(stream) && _states.TryGetValue(stream.Instrument, out var state))
            {
                state.InBandSnapshotTimer?.Change(Settings.Books.InBandSnapshotTimeout, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Makes a standby connection active, replaying what it buffered, and retires its predecessor atomically.</summary>
    public async Task HandOverAsync(FeedConnection predecessor, FeedConnection successor, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            predecessor.Retire();

            // The successor's first updates overlap what the predecessor applied; without a snapshot in between
            // (OKX once it stops sending one) the book must recognize the repeats.
            foreach (var stream in successor.Streams)
            {
                if (CarriesBook(stream) && _states.TryGetValue(stream.Instrument, out var state))
                {
                    state.Book?.OnStreamHandedOver();
                }
            }

            // Not successor.Parsed: the successor's receive loop parses into that list outside the gate meanwhile.
            var replay = new List<MarketRecord>();
            foreach (var (records, receivedAt) in successor.Activate())
            {
                replay.Clear();
                replay.AddRange(records);
                await RouteAsync(replay, successor.Output, receivedAt, cancellationToken);
                Telemetry.FrameProcessed(replay.Count);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Books carried by a connection that went away can no longer be trusted: drop them until resynced.</summary>
    public async Task ResetBooksAsync(IReadOnlyList<StreamSubscription> streams, string detail)
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            foreach (var stream in streams)
            {
                if (_states.TryGetValue(stream.Instrument, out var state) && state.Book is { } book && CarriesBook(stream))
                {
                    // A REST fallback now would load a book no stream continues; the new connection's subscription re-arms it.
                    state.InBandSnapshotTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                    book.Reset(ResyncReason.Disconnected, detail);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Applies a fetched REST snapshot under the gate; returns what the synchronizer wants next.</summary>
    public async Task<BookSyncAction> ApplySnapshotAsync(Instrument instrument, DepthSnapshot snapshot, long receivedAt, CancellationToken cancellationToken)
    {
        var book = _states[instrument].Book!;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _snapshotOutput.Clear();
            var action = book.OnSnapshot(snapshot, _snapshotOutput);
            await PublishAsync(_snapshotOutput, receivedAt, cancellationToken);
            return action;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The book kept for <paramref name="instrument"/>, or null when its streams carry none.</summary>
    public BookSynchronizer? GetBook(Instrument instrument) =>
        _states.TryGetValue(instrument, out var state) ? state.Book : null;

    public decimal? GetMarkPrice(Instrument instrument) =>
        _states.TryGetValue(instrument, out var state) ? state.MarkPrice : null;

    void IBookSyncObserver.OnResync(Instrument instrument, ResyncReason reason, string detail)
    {
        Telemetry.BookResynced(instrument, reason, detail);
        CollectorLog.BookResync(_logger, instrument.Exchange, instrument.MarketType.ToWireName(), InstrumentLabel.Of(instrument), reason.ToWireName(), detail);
    }

    void IBookSyncObserver.OnSynced(Instrument instrument, long updateId, int appliedFromBuffer)
    {
        Telemetry.BookSynced(instrument, updateId);
        CollectorLog.BookSynced(_logger, instrument.Exchange, instrument.MarketType.ToWireName(), InstrumentLabel.Of(instrument), updateId, appliedFromBuffer);
    }

    void IBookSyncObserver.OnSnapshotFallback(Instrument instrument, string detail) =>
        CollectorLog.BookSnapshotFallback(_logger, instrument.Exchange, instrument.MarketType.ToWireName(), InstrumentLabel.Of(instrument), detail);

    /// <summary>
    /// A book's in-band snapshot is overdue (<see cref="InstrumentState.InBandSnapshotTimer"/>): on a timer thread, so
    /// the book is asked under the gate, and a REST snapshot fetched if it still needs one.
    /// </summary>
    private void OnInBandSnapshotTimer(object? timerState) => _ = FallBackToRestSnapshotAsync((InstrumentState)timerState!);

    private async Task FallBackToRestSnapshotAsync(InstrumentState state)
    {
        try
        {
            await _gate.WaitAsync(AbortToken);
            try
            {
                if (state.Book!.OnInBandSnapshotOverdue(Settings.Books.InBandSnapshotTimeout) == BookSyncAction.FetchSnapshot)
                {
                    _snapshots.Request(state.Instrument);
                }
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Shutting down.
        }
    }

    void IBookSyncObserver.OnUpdateSkipped(Instrument instrument, UpdateSkipReason reason)
    {
        // Stale updates are normal while two connections overlap; the synchronizer's own counters keep the totals.
    }

    void IBookSyncObserver.OnUpdateIdsSkipped(Instrument instrument, long lastAppliedUpdateId, BookDeltaRecord applied) =>
        Telemetry.BookUpdateIdsSkipped(instrument, applied.FirstUpdateId - lastAppliedUpdateId - 1);

    private static bool CarriesBook(StreamSubscription stream)
    {
        foreach (var type in stream.DataTypes)
        {
            if (type is DataType.BookDelta or DataType.BookSnapshot)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Routes parsed records: deltas through their book, the rest through duplicate suppression. Under the gate.</summary>
    private async ValueTask RouteAsync(List<MarketRecord> parsed, List<MarketRecord> output, long receivedAt, CancellationToken cancellationToken)
    {
        output.Clear();
        foreach (var record in parsed)
        {
            if (!_states.TryGetValue(record.Instrument, out var state))
            {
                // A symbol the collector did not subscribe (the venue sent it anyway): keep it, nothing to check against.
                output.Add(record);
                continue;
            }

            state.Activity[(int)record.DataType]?.Touch(receivedAt, _time);

            if (record is BookDeltaRecord delta)
            {
                if (state.Book is { } book)
                {
                    switch (book.OnDelta(delta, output))
                    {
                        case BookSyncAction.FetchSnapshot:
                            _snapshots.Request(state.Instrument);
                            break;
                        case BookSyncAction.Resubscribe:
                            ScheduleResubscribe(state);
                            break;
                    }
                }

                continue;
            }

            var verdict = RecordDeduplicator.Check(state, record, Settings.Venue.HasContiguousTradeIds, Settings.Venue.HasOrderedTradeIds);
            if (verdict.IsDuplicate)
            {
                Telemetry.RecordDuplicate(record);
                continue;
            }

            if (verdict.MissingBefore > 0)
            {
                var detail = $"{verdict.MissingBefore} {record.DataType.ToWireName()} records missing before id {((TradeRecord)record).TradeId}";
                Telemetry.SequenceGap(state.Instrument, record.DataType, verdict.MissingBefore, detail);
                CollectorLog.SequenceGap(_logger, Exchange, Market.ToWireName(), InstrumentLabel.Of(state.Instrument), record.DataType.ToWireName(), detail);
            }

            if (record is FundingRateRecord { MarkPrice: { } mark })
            {
                state.MarkPrice = mark;
            }

            output.Add(record);
        }

        await PublishAsync(output, receivedAt, cancellationToken);
    }

    /// <summary>Hands records of the wanted types to the channel; <paramref name="receivedAt"/> is when their frame or response arrived.</summary>
    private async ValueTask PublishAsync(List<MarketRecord> records, long receivedAt, CancellationToken cancellationToken)
    {
        foreach (var record in records)
        {
            if (!_wanted[(int)record.DataType])
            {
                continue;
            }

            await _channel.WriteAsync(record, cancellationToken);
            Telemetry.RecordAccepted(record, _time.GetElapsedTime(receivedAt));
        }
    }

    /// <summary>
    /// Checks every stream against its learned rate. A stream silent far beyond it while its connection is up has
    /// stalled (the venue stopped sending without closing): it is resubscribed, and if it stalls again without a
    /// record in between, its connection is replaced make-before-break.
    /// </summary>
    private async Task WatchStreamsAsync(CancellationToken cancellationToken)
    {
        var connections = Settings.Connections;
        using var timer = new PeriodicTimer(StallCheckInterval, _time);
        var stalled = new List<(StreamActivity Activity, TimeSpan Silence)>();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                stalled.Clear();
                await _gate.WaitAsync(cancellationToken);
                try
                {
                    var now = _time.GetTimestamp();
                    foreach (var activity in _activities)
                    {
                        if (activity.NextStallTimeout(connections.StallFactor, connections.StallFloor) is not { } timeout || !activity.Supervisor.IsUp)
                        {
                            continue;
                        }

                        var silence = _time.GetElapsedTime(activity.LastTimestamp, now);
                        if (silence > timeout)
                        {
                            activity.MarkStalled(now);
                            stalled.Add((activity, silence));
                        }
                    }
                }
                finally
                {
                    _gate.Release();
                }

                foreach (var (activity, silence) in stalled)
                {
                    var stream = activity.Stream;
                    var escalate = activity.ConsecutiveStalls >= 2;
                    Telemetry.StreamStalled(stream.Instrument, stream.DataTypes[0], silence, escalate);
                    CollectorLog.StreamStalled(_logger, Exchange, MarketName, stream.Instrument.Symbol, stream.Name, silence, activity.MeanGapSeconds, escalate);
                    if (escalate)
                    {
                        activity.Supervisor.RequestReplacement($"stream {stream.Name} stalled twice");
                    }
                    else
                    {
                        _ = activity.Supervisor.ResubscribeAsync(stream);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Asks the venue for a fresh in-band snapshot of a broken book by resubscribing its stream, at most once per
    /// <see cref="MinResubscribeInterval"/>. Under the gate; the resubscription itself runs outside it.
    /// </summary>
    private void ScheduleResubscribe(InstrumentState state)
    {
        if (state.ResubscribePending || !_bookStreams.TryGetValue(state.Instrument, out var target))
        {
            return;
        }

        state.ResubscribePending = true;
        var wait = state.LastResubscribeAt == 0 ? TimeSpan.Zero : MinResubscribeInterval - _time.GetElapsedTime(state.LastResubscribeAt);
        _ = Task.Run(async () =>
        {
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time);
            }

            CollectorLog.BookResubscribing(_logger, Exchange, MarketName, InstrumentLabel.Of(state.Instrument), target.Stream.Name);
            var error = await target.Supervisor.ResubscribeAsync(target.Stream);
            if (error is not null)
            {
                CollectorLog.BookResubscribeFailed(_logger, Exchange, MarketName, InstrumentLabel.Of(state.Instrument), error);
            }
            else
            {
                ArmInBandSnapshotTimers([target.Stream]);
            }

            await _gate.WaitAsync(AbortToken);
            try
            {
                state.LastResubscribeAt = _time.GetTimestamp();
                state.ResubscribePending = false;
            }
            finally
            {
                _gate.Release();
            }
        });
    }

    private List<BookStatus> BookStatuses()
    {
        var books = new List<BookStatus>();
        foreach (var state in _states.Values)
        {
            // Read without the gate: a report may be a frame behind, never torn in a way that matters.
            if (state.Book is { } book)
            {
                books.Add(new BookStatus(InstrumentLabel.Of(state.Instrument), book.State, book.LastUpdateId));
            }
        }

        return books;
    }

    /// <summary>
    /// How long each connection and stream has been silent, with the cadence the stall detector learned per stream, for
    /// health. Read without the gate: a report may be a frame behind, never torn in a way that matters.
    /// </summary>
    private FeedActivity ReadActivity()
    {
        var heartbeat = Settings.Venue.HeartbeatInterval;
        var connections = new List<ConnectionActivity>(_supervisors.Count);
        foreach (var supervisor in _supervisors)
        {
            connections.Add(new ConnectionActivity(supervisor.Id, supervisor.SinceLastFrame, heartbeat, CarriesRegularStream(supervisor.Streams)));
        }

        var options = Settings.Connections;
        var streams = new List<StreamStatus>(_activities.Count);
        foreach (var activity in _activities)
        {
            streams.Add(activity.Status(activity.Supervisor.Id, activity.Supervisor.IsUp, _time, options.StallFactor, options.StallFloor));
        }

        return new FeedActivity(connections, streams);
    }

    /// <summary>Whether this feed has work for a scheduler job.</summary>
    public bool HasJob(string job) =>
        _polls.Exists(poll => poll.Job == job) || (job == JobNames.LiquidationMonitor && LiquidationStreams().Any());

    /// <summary>One run of a scheduler job on this feed: its REST polls and, for the liquidation monitor, a stream check.</summary>
    public async Task<JobResult> RunJobAsync(string job, CancellationToken cancellationToken)
    {
        var result = job == JobNames.LiquidationMonitor ? CheckLiquidationStreams() : default;
        var output = new List<MarketRecord>();

        // Polls of several instruments may make one request (Hyperliquid's metaAndAssetCtxs lists every perpetual):
        // it is sent once per run and each poll reads its instrument from the same answer, or fails with the same error.
        var requests = new Dictionary<(string PathAndQuery, string? Body), Task<RestResponse>>();
        foreach (var poll in _polls)
        {
            if (poll.Job != job)
            {
                continue;
            }

            output.Clear();
            RestResponse response;
            var key = (poll.Request.PathAndQuery, poll.Request.JsonBody);
            try
            {
                if (!requests.TryGetValue(key, out var sent))
                {
                    sent = _rest.GetAsync(poll.Request, cancellationToken);
                    requests[key] = sent;
                }

                response = await sent;
                poll.ParseValidated(response.Body, response.ReceivedAt, this, output);
            }
            catch (Exception ex) when (ex is RestRequestException or FormatException)
            {
                if (ex is FormatException)
                {
                    Telemetry.RestRequestFailed(poll.Request.Endpoint, ErrorType.Data, ex.Message);
                }

                CollectorLog.PollFailed(_logger, job, Exchange, MarketName, InstrumentLabel.Of(poll.Instrument), ex.Message);
                result += new JobResult(1, 1, $"{InstrumentLabel.Of(poll.Instrument)} {poll.Request.Endpoint}: {ex.Message}");
                continue;
            }

            foreach (var record in output)
            {
                if (record is FundingRateRecord { MarkPrice: { } mark } && _states.TryGetValue(record.Instrument, out var state))
                {
                    state.MarkPrice = mark;
                }
            }

            // Deduplication state belongs to the frame handler: a polled funding rate the stream already delivered (same
            // event time) is a copy, checked under its gate.
            await _gate.WaitAsync(AbortToken);
            try
            {
                output.RemoveAll(record => record is FundingRateRecord funding
                    && _states.TryGetValue(record.Instrument, out var state)
                    && RecordDeduplicator.IsPolledDuplicate(state, funding)
                    && ReportDuplicate(record));
                await PublishAsync(output, response.ReceivedTimestamp, AbortToken);
            }
            finally
            {
                _gate.Release();
            }

            result += new JobResult(1, 0, null);
        }

        return result;
    }

    /// <summary>Every liquidation stream must sit on a connection that is up and subscribed; a quiet stream is fine.</summary>
    private JobResult CheckLiquidationStreams()
    {
        var result = default(JobResult);
        foreach (var (supervisor, stream) in LiquidationStreams())
        {
            result += supervisor.IsUp
                ? new JobResult(1, 0, null)
                : new JobResult(1, 1, $"{stream.Name}: connection {supervisor.Id} is not up");
        }

        return result;
    }

    private IEnumerable<(ConnectionSupervisor Supervisor, StreamSubscription Stream)> LiquidationStreams()
    {
        foreach (var supervisor in _supervisors)
        {
            foreach (var stream in supervisor.Streams)
            {
                if (stream.DataTypes.Contains(DataType.Liquidation))
                {
                    yield return (supervisor, stream);
                }
            }
        }
    }

    private bool ReportDuplicate(MarketRecord record)
    {
        Telemetry.RecordDuplicate(record);
        return true;
    }

    internal ILogger CreateLogger(string category) => _loggerFactory.CreateLogger(category);

    public void Dispose()
    {
        foreach (var state in _states.Values)
        {
            state.InBandSnapshotTimer?.Dispose();
        }

        _snapshots.Dispose();
        _gate.Dispose();
        _rest.Dispose();
    }
}

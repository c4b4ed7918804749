using MarketPrism.Collector.Logging;
using MarketPrism.Collector.Pipeline;
using MarketPrism.Collector.Rest;
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
    private readonly ICollectorTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly IFrameParser _parser;
    private readonly Dictionary<Instrument, InstrumentState> _states = new(ReferenceEqualityComparer.Instance);
    private readonly bool[] _wanted;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SnapshotFetcher _snapshots;
    private readonly List<MarketRecord> _snapshotOutput = [];
    private readonly FrameFailureLog _failures;
    private long _requestId;

    /// <param name="abort">
    /// Signalled only when shutdown's deadline passes. Records already parsed are still written to the channel after
    /// the feed was asked to stop; only this token may interrupt such a write, so a graceful stop loses nothing.
    /// </param>
    public MarketFeed(
        MarketFeedSettings settings,
        RecordChannel channel,
        VenueRestClient rest,
        ICollectorTelemetry telemetry,
        ILoggerFactory loggerFactory,
        TimeProvider time,
        CancellationToken abort)
    {
        Settings = settings;
        AbortToken = abort;
        _channel = channel;
        _rest = rest;
        _telemetry = telemetry;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger($"MarketPrism.Feed.{settings.Name}");
        _time = time;
        var venue = settings.Venue;
        var table = venue.CreateInstrumentTable(settings.Instruments);
        _parser = venue.CreateParser(table);
        _wanted = new bool[WireNames.AllDataTypes.Count];
        foreach (var type in settings.DataTypes)
        {
            _wanted[(int)type] = true;
        }

        var wantsBook = settings.DataTypes.Contains(DataType.BookDelta) || settings.DataTypes.Contains(DataType.BookSnapshot);
        foreach (var instrument in settings.Instruments)
        {
            var book = wantsBook ? new BookSynchronizer(instrument, venue.BookRules, settings.Books, this) : null;
            _states[instrument] = new InstrumentState(instrument, book);
        }

        _snapshots = new SnapshotFetcher(this, rest, settings.Books.RestSnapshotLimit, _logger, time);
        _failures = new FrameFailureLog(_logger, settings.Name, time);
    }

    public MarketFeedSettings Settings { get; }

    /// <summary>Interrupts channel writes and gate waits; signalled only when a graceful stop runs out of time.</summary>
    public CancellationToken AbortToken { get; }

    public string Exchange => Settings.Venue.Exchange;

    public MarketType Market => Settings.Venue.MarketType;

    /// <summary>Runs every connection and poll of this market until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var venue = Settings.Venue;
        var streams = Settings.Instruments
            .SelectMany(instrument => venue.GetStreams(instrument, Settings.DataTypes, Settings.StreamOptions))
            .ToList();
        var tasks = new List<Task>();
        var connectionNumber = 0;
        foreach (var group in streams.GroupBy(stream => stream.ConnectionGroup))
        {
            var groupStreams = group.ToList();
            for (var offset = 0; offset < groupStreams.Count; offset += venue.Limits.MaxStreamsPerConnection)
            {
                var chunk = groupStreams.Skip(offset).Take(venue.Limits.MaxStreamsPerConnection).ToList();
                var supervisor = new ConnectionSupervisor(
                    this, $"{Settings.Name}-{++connectionNumber}", chunk, venue.GetConnectionUri(Settings.WsUrl, group.Key), _telemetry, _logger, _time);
                tasks.Add(supervisor.RunAsync(cancellationToken));
            }
        }

        foreach (var (job, schedule) in Settings.Polls)
        {
            var polls = Settings.Instruments.SelectMany(instrument => venue.GetPolls(instrument, Settings.DataTypes))
                .Where(poll => poll.Job == job)
                .ToList();
            if (polls.Count > 0)
            {
                tasks.Add(RunPollsAsync(job, schedule, polls, cancellationToken));
            }
        }

        CollectorLog.FeedStarted(_logger, Settings.Name, Settings.Instruments.Count, streams.Count, connectionNumber);
        await Task.WhenAll(tasks);
        await _snapshots.StopAsync();
    }

    public long NextRequestId() => Interlocked.Increment(ref _requestId);

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
        var result = _parser.Parse(frame.Span, localTimestamp, parsed);
        switch (result.Kind)
        {
            case FrameKind.Data:
                break;
            case FrameKind.SubscriptionAck:
                connection.OnRequestAnswered(result.RequestId, null);
                return;
            case FrameKind.SubscriptionError:
                connection.OnRequestAnswered(result.RequestId, result.Error ?? "rejected");
                _telemetry.FrameFailed(Exchange, Market, "subscription_error");
                CollectorLog.SubscriptionRejected(_logger, connection.Id, result.Error ?? "rejected");
                return;
            case FrameKind.Heartbeat:
                return;
            case FrameKind.ServerShutdownNotice:
                connection.RequestReplacement("the venue announced a shutdown of this connection");
                return;
            case FrameKind.Ignored:
                _telemetry.FrameIgnored(Exchange, Market);
                return;
            default:
                _telemetry.FrameFailed(Exchange, Market, "malformed");
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
                if (!connection.TryBuffer(frame.Span, localTimestamp, receivedAt))
                {
                    connection.RequestReplacement("standby buffer full");
                }

                return;
            }

            await RouteAsync(parsed, connection.Output, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }

        _telemetry.FrameProcessed(Exchange, Market, parsed.Count, _time.GetElapsedTime(receivedAt));
    }

    /// <summary>Makes a standby connection active, replaying what it buffered, and retires its predecessor atomically.</summary>
    public async Task HandOverAsync(FeedConnection predecessor, FeedConnection successor, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            predecessor.Retire();
            foreach (var (frame, localTimestamp, _) in successor.Activate())
            {
                successor.Parsed.Clear();
                if (_parser.Parse(frame, localTimestamp, successor.Parsed).Kind == FrameKind.Data)
                {
                    await RouteAsync(successor.Parsed, successor.Output, cancellationToken);
                }
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
    public async Task<BookSyncAction> ApplySnapshotAsync(Instrument instrument, DepthSnapshot snapshot, CancellationToken cancellationToken)
    {
        var book = _states[instrument].Book!;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _snapshotOutput.Clear();
            var action = book.OnSnapshot(snapshot, _snapshotOutput);
            await PublishAsync(_snapshotOutput, cancellationToken);
            return action;
        }
        finally
        {
            _gate.Release();
        }
    }

    public decimal? GetMarkPrice(Instrument instrument) =>
        _states.TryGetValue(instrument, out var state) ? state.MarkPrice : null;

    void IBookSyncObserver.OnResync(Instrument instrument, ResyncReason reason, string detail)
    {
        _telemetry.BookResynced(instrument, reason, detail);
        CollectorLog.BookResync(_logger, instrument.Exchange, instrument.MarketType.ToWireName(), instrument.Symbol, reason.ToWireName(), detail);
    }

    void IBookSyncObserver.OnSynced(Instrument instrument, long updateId, int appliedFromBuffer)
    {
        _telemetry.BookSynced(instrument, updateId);
        CollectorLog.BookSynced(_logger, instrument.Exchange, instrument.MarketType.ToWireName(), instrument.Symbol, updateId, appliedFromBuffer);
    }

    void IBookSyncObserver.OnUpdateSkipped(Instrument instrument, UpdateSkipReason reason)
    {
        // Stale updates are normal while two connections overlap; the synchronizer's own counters keep the totals.
    }

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
    private async ValueTask RouteAsync(List<MarketRecord> parsed, List<MarketRecord> output, CancellationToken cancellationToken)
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

            if (record is BookDeltaRecord delta)
            {
                if (state.Book is { } book && book.OnDelta(delta, output) == BookSyncAction.FetchSnapshot)
                {
                    _snapshots.Request(state.Instrument);
                }

                continue;
            }

            var verdict = RecordDeduplicator.Check(state, record, Settings.Venue.HasContiguousTradeIds);
            if (verdict.IsDuplicate)
            {
                _telemetry.RecordDuplicate(record);
                continue;
            }

            if (verdict.MissingBefore > 0)
            {
                var detail = $"{verdict.MissingBefore} {record.DataType.ToWireName()} records missing before id {((TradeRecord)record).TradeId}";
                _telemetry.SequenceGap(state.Instrument, record.DataType, verdict.MissingBefore, detail);
                CollectorLog.SequenceGap(_logger, Exchange, Market.ToWireName(), state.Instrument.Symbol, record.DataType.ToWireName(), detail);
            }

            if (record is FundingRateRecord { MarkPrice: { } mark })
            {
                state.MarkPrice = mark;
            }

            output.Add(record);
        }

        await PublishAsync(output, cancellationToken);
    }

    private async ValueTask PublishAsync(List<MarketRecord> records, CancellationToken cancellationToken)
    {
        foreach (var record in records)
        {
            if (!_wanted[(int)record.DataType])
            {
                continue;
            }

            _telemetry.RecordAccepted(record);
            await _channel.WriteAsync(record, cancellationToken);
        }
    }

    private async Task RunPollsAsync(string job, PollSchedule schedule, List<RestPoll> polls, CancellationToken cancellationToken)
    {
        var output = new List<MarketRecord>();
        try
        {
            if (schedule.RunAtStart)
            {
                await RunPollRoundAsync(job, polls, output, cancellationToken);
            }

            using var timer = new PeriodicTimer(schedule.Interval, _time);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await RunPollRoundAsync(job, polls, output, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunPollRoundAsync(string job, List<RestPoll> polls, List<MarketRecord> output, CancellationToken cancellationToken)
    {
        foreach (var poll in polls)
        {
            output.Clear();
            try
            {
                var response = await _rest.GetAsync(poll.Request, cancellationToken);
                poll.Parse(response.Body, response.ReceivedAt, this, output);
            }
            catch (Exception ex) when (ex is RestRequestException or FormatException)
            {
                CollectorLog.PollFailed(_logger, job, Exchange, Market.ToWireName(), poll.Instrument.Symbol, ex.Message);
                continue;
            }

            foreach (var record in output)
            {
                if (record is FundingRateRecord { MarkPrice: { } mark } && _states.TryGetValue(record.Instrument, out var state))
                {
                    state.MarkPrice = mark;
                }
            }

            // Deduplication state belongs to the frame handler: check polled funding rates under its gate.
            await _gate.WaitAsync(cancellationToken);
            try
            {
                output.RemoveAll(record => record is FundingRateRecord funding
                    && _states.TryGetValue(record.Instrument, out var state)
                    && RecordDeduplicator.IsPolledDuplicate(state, funding)
                    && ReportDuplicate(record));
                await PublishAsync(output, AbortToken);
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    private bool ReportDuplicate(MarketRecord record)
    {
        _telemetry.RecordDuplicate(record);
        return true;
    }

    internal ILogger CreateLogger(string category) => _loggerFactory.CreateLogger(category);

    public void Dispose()
    {
        _snapshots.Dispose();
        _gate.Dispose();
    }
}

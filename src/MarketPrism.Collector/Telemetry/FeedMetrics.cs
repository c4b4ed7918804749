using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using Prometheus;

namespace MarketPrism.Collector.Telemetry;

/// <summary>One feed's metric children, resolved once; the hot-path methods only add and observe.</summary>
internal sealed class FeedMetrics : IFeedTelemetry
{
    private readonly CollectorMetrics _metrics;
    private readonly FeedInfo _feed;
    private readonly string _market;
    private readonly Counter.Child[] _ok;
    private readonly Counter.Child[] _duplicates;
    private readonly Histogram.Child[] _processing;
    private readonly Counter.Child _errorRecords;
    private readonly Counter.Child[] _errors;
    private readonly Counter.Child _frames;
    private readonly Counter.Child _ignored;
    private readonly Counter.Child _reconnects;
    private readonly Counter.Child _bookIdSkips;
    private readonly long[] _lastSeen;
    private readonly long _startedAt;

    public FeedMetrics(CollectorMetrics metrics, FeedInfo feed)
    {
        _metrics = metrics;
        _feed = feed;
        _market = feed.Market.ToWireName();
        metrics.CreateExchangeSeries(feed.Exchange, feed.DataTypes);
        var types = WireNames.AllDataTypes.Count;
        _ok = new Counter.Child[types];
        _duplicates = new Counter.Child[types];
        _processing = new Histogram.Child[types];
        _lastSeen = new long[types];
        foreach (var type in WireNames.AllDataTypes)
        {
            var name = type.ToWireName();
            _ok[(int)type] = metrics.Messages.WithLabels(feed.Exchange, name, "ok");
            _duplicates[(int)type] = metrics.Messages.WithLabels(feed.Exchange, name, "duplicate");
            _processing[(int)type] = metrics.Processing.WithLabels(feed.Exchange, name);
        }

        // A frame that fails to parse has no data type yet.
        _errorRecords = metrics.Messages.WithLabels(feed.Exchange, "unknown", "error");
        _errors = ErrorClassifier.WireNames.Select(type => metrics.Errors.WithLabels(feed.Exchange, type)).ToArray();
        _frames = metrics.Frames.WithLabels(feed.Exchange, _market);
        _ignored = metrics.IgnoredFrames.WithLabels(feed.Exchange, _market);
        _reconnects = metrics.Reconnects.WithLabels(feed.Exchange, _market);
        _bookIdSkips = metrics.BookUpdateIdSkips.WithLabels(feed.Exchange, _market);
        foreach (var reason in BookSyncWireNames.ResyncReasons)
        {
            metrics.Resyncs.WithLabels(feed.Exchange, _market, reason);
        }

        foreach (var type in feed.DataTypes)
        {
            metrics.SequenceGaps.WithLabels(feed.Exchange, _market, type.ToWireName());
            metrics.StreamStalls.WithLabels(feed.Exchange, _market, type.ToWireName());
        }

        _startedAt = metrics.Time.GetTimestamp();
    }

    public void FrameProcessed(int records) => _frames.Inc();

    public void RecordAccepted(MarketRecord record, TimeSpan sinceReceived)
    {
        var type = (int)record.DataType;
        _ok[type].Inc();
        _processing[type].Observe(sinceReceived.TotalSeconds);
        Volatile.Write(ref _lastSeen[type], _metrics.Time.GetTimestamp());
        _metrics.SymbolMessages?.WithLabels(_feed.Exchange, _market, record.SymbolName, record.DataType.ToWireName()).Inc();
    }

    public void RecordDuplicate(MarketRecord record) => _duplicates[(int)record.DataType].Inc();

    public void FrameFailed(FrameFailure failure, string reason)
    {
        if (failure is FrameFailure.Malformed or FrameFailure.TooLarge)
        {
            _errorRecords.Inc();
            _errors[(int)ErrorType.Data].Inc();
        }
        else
        {
            _errors[(int)ErrorType.Api].Inc();
        }
    }

    public void FrameIgnored() => _ignored.Inc();

    public void ConnectionStateChanged(string connectionId, ConnectionState state, int streams, string? reason, ErrorType? error = ErrorType.Network)
    {
        if (state == ConnectionState.Reconnecting)
        {
            _reconnects.Inc();
            if (error is { } type)
            {
                _errors[(int)type].Inc();
            }
        }

        // A closed connection at shutdown is not "down": it stops being reported.
        if (state != ConnectionState.Closed)
        {
            _metrics.SetConnectionUp(_feed, connectionId, state == ConnectionState.Up);
        }
    }

    public void BookResynced(Instrument instrument, ResyncReason reason, string detail)
    {
        _metrics.Resyncs.WithLabels(_feed.Exchange, _market, reason.ToWireName()).Inc();
        if (ErrorClassifier.ForResync(reason) is { } error)
        {
            _errors[(int)error].Inc();
        }

        if (reason == ResyncReason.Gap)
        {
            _metrics.SequenceGaps.WithLabels(_feed.Exchange, _market, DataType.BookDelta.ToWireName()).Inc();
        }
    }

    public void BookSynced(Instrument instrument, long updateId)
    {
    }

    public void SequenceGap(Instrument instrument, DataType dataType, long missing, string detail)
    {
        _metrics.SequenceGaps.WithLabels(_feed.Exchange, _market, dataType.ToWireName()).Inc();
        _errors[(int)ErrorType.SequenceGap].Inc();
    }

    public void BookUpdateIdsSkipped(Instrument instrument, long skipped) => _bookIdSkips.Inc();

    public void RestRequestCompleted(string endpoint, int statusCode, TimeSpan elapsed)
    {
        _metrics.RestRequests.WithLabels(_feed.Exchange, endpoint, statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
        _metrics.RestDuration.WithLabels(_feed.Exchange, endpoint).Observe(elapsed.TotalSeconds);
    }

    public void RestRequestFailed(string endpoint, ErrorType error, string reason) => _errors[(int)error].Inc();

    public void RestRateLimiterWaited(TimeSpan waited)
    {
        _metrics.RateLimiterWaits.WithLabels(_feed.Exchange).Inc();
        _metrics.RateLimiterWaitSeconds.WithLabels(_feed.Exchange).Inc(waited.TotalSeconds);
    }

    public void RestRetrying(string endpoint, int attempt, TimeSpan delay, string reason) =>
        _metrics.RestRetries.WithLabels(_feed.Exchange, endpoint).Inc();

    public void RestBlocked(int status, TimeSpan duration)
    {
        _metrics.RestBlocks.WithLabels(_feed.Exchange, status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
        var until = _metrics.Time.GetUtcNow() + duration;
        _metrics.RestBlockedUntil.WithLabels(_feed.Exchange).Set(until.ToUnixTimeMilliseconds() / 1000.0);
    }

    public void StreamStalled(Instrument instrument, DataType dataType, TimeSpan silence, bool escalated)
    {
        _metrics.StreamStalls.WithLabels(_feed.Exchange, _market, dataType.ToWireName()).Inc();
        _errors[(int)ErrorType.Network].Inc();
    }

    public void CircuitStateChanged(string endpoint, Polly.CircuitBreaker.CircuitState state) =>
        _metrics.CircuitState.WithLabels(_feed.Exchange, endpoint).Set((int)state);

    public void UpdateScrapeTimeGauges()
    {
        foreach (var type in _feed.DataTypes)
        {
            var last = Volatile.Read(ref _lastSeen[(int)type]);
            var age = _metrics.Time.GetElapsedTime(last == 0 ? _startedAt : last);
            _metrics.LastMessageAge.WithLabels(_feed.Exchange, _market, type.ToWireName()).Set(age.TotalSeconds);
        }

        var counts = new int[BookSyncWireNames.States.Count];
        foreach (var book in _feed.Books())
        {
            counts[(int)book.State]++;
        }

        for (var state = 0; state < counts.Length; state++)
        {
            _metrics.Books.WithLabels(_feed.Exchange, _market, BookSyncWireNames.States[state]).Set(counts[state]);
        }
    }
}

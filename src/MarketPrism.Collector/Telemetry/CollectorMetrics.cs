using System.Reflection;
using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Sinks.ClickHouse;
using Prometheus;

namespace MarketPrism.Collector.Telemetry;

/// <summary>
/// The collector's Prometheus metrics, in a registry the collector owns (tests create their own). The four metrics
/// the plan names keep exactly its names and labels; the rest are what an operator also needs. Every labelled child
/// used on the hot path is resolved once per feed (<see cref="ForFeed"/>), so counting a message is an interlocked add,
/// never a label lookup or a string. docs/metrics.md lists every series.
/// </summary>
public sealed class CollectorMetrics : ICollectorTelemetry
{
    /// <summary>1 µs to 10 s: parsing is microseconds, a blocked channel can be seconds.</summary>
    internal static readonly double[] LatencyBuckets =
    [
        0.000001, 0.0000025, 0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005,
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ];

    private static readonly string[] Statuses = ["ok", "error", "dropped", "duplicate"];

    /// <summary>The <c>exchange</c> label of errors that belong to no exchange (a sink's).</summary>
    private const string SinkErrorExchange = "none";

    private readonly TimeProvider _time;
    private readonly bool _perSymbol;
    private readonly Lock _connectionsLock = new();
    private readonly Dictionary<string, Dictionary<string, bool>> _connectionsUp = [];
    private readonly List<FeedMetrics> _feeds = [];
    private Func<(int Depth, int Capacity)>? _channel;
    private (string Sink, ClickHouseSinkStatistics Statistics)? _clickHouse;

    public CollectorMetrics(TimeProvider time, bool perSymbolMetrics = false, string collectorName = "marketprism")
    {
        _time = time;
        _perSymbol = perSymbolMetrics;
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);

        Messages = factory.CreateCounter("marketprism_messages_total", "Records by outcome: ok (handed to the sinks), error (frame failed), dropped (channel full), duplicate (suppressed copy).", "exchange", "data_type", "status");
        Errors = factory.CreateCounter("marketprism_errors_total", "Failures by the error classifier's type.", "exchange", "error_type");
        Processing = factory.CreateHistogram("marketprism_processing_seconds", "Time from a frame's (or REST response's) arrival to its record being handed to the pipeline.", new HistogramConfiguration { LabelNames = ["exchange", "data_type"], Buckets = LatencyBuckets });
        ConnectionStatus = factory.CreateGauge("marketprism_connection_status", "1 when every connection of the exchange is up, else 0.", "exchange");
        ConnectionUp = factory.CreateGauge("marketprism_connection_up", "1 when the connection is up and subscribed, else 0.", "exchange", "market_type", "connection");
        Reconnects = factory.CreateCounter("marketprism_reconnects_total", "Connections lost or failed to open, each followed by a reconnect.", "exchange", "market_type");
        Resyncs = factory.CreateCounter("marketprism_book_resyncs_total", "Order books discarded and resynchronized, by reason.", "exchange", "market_type", "reason");
        BookUpdateIdSkips = factory.CreateCounter("marketprism_book_update_id_skips_total", "Book updates applied although update ids before them never arrived, where the venue may skip ids (depth topics that merge updates, book_continuity: lenient).", "exchange", "market_type");
        SequenceGaps = factory.CreateCounter("marketprism_sequence_gaps_total", "Breaks in a venue's sequence (book update ids, trade ids).", "exchange", "market_type", "data_type");
        Frames = factory.CreateCounter("marketprism_frames_received_total", "Data frames received and handled (rate() gives messages per second in).", "exchange", "market_type");
        IgnoredFrames = factory.CreateCounter("marketprism_frames_ignored_total", "Frames of streams the collector does not normalize (e.g. klines).", "exchange", "market_type");
        ChannelDepth = factory.CreateGauge("marketprism_channel_depth", "Records queued between the parsers and the batcher.");
        ChannelCapacity = factory.CreateGauge("marketprism_channel_capacity", "Records the channel can hold.");
        SinkBatches = factory.CreateCounter("marketprism_sink_batches_total", "Batches written per sink.", "sink");
        SinkRecords = factory.CreateCounter("marketprism_sink_records_total", "Records written per sink.", "sink");
        SinkWrite = factory.CreateHistogram("marketprism_sink_write_seconds", "Time a sink took to accept one batch.", new HistogramConfiguration { LabelNames = ["sink"], Buckets = LatencyBuckets });
        SinkErrors = factory.CreateCounter("marketprism_sink_errors_total", "Failed batch writes per sink (each is retried).", "sink");
        LastMessageAge = factory.CreateGauge("marketprism_last_message_age_seconds", "Seconds since the last record of the type was handed on (since start if none yet).", "exchange", "market_type", "data_type");
        Books = factory.CreateGauge("marketprism_books", "Order books by sync state.", "exchange", "market_type", "state");
        RestRequests = factory.CreateCounter("marketprism_rest_requests_total", "REST requests answered, by endpoint and HTTP status.", "exchange", "endpoint", "status");
        RestDuration = factory.CreateHistogram("marketprism_rest_request_seconds", "REST request duration.", new HistogramConfiguration { LabelNames = ["exchange", "endpoint"], Buckets = LatencyBuckets });
        RateLimiterWaits = factory.CreateCounter("marketprism_rest_rate_limiter_waits_total", "REST requests the local rate limiter made wait.", "exchange");
        RateLimiterWaitSeconds = factory.CreateCounter("marketprism_rest_rate_limiter_wait_seconds_total", "Time REST requests spent waiting for the local rate limiter.", "exchange");
        RestRetries = factory.CreateCounter("marketprism_rest_retries_total", "REST attempts retried after a network error, timeout, 5xx or 429.", "exchange", "endpoint");
        RestBlocks = factory.CreateCounter("marketprism_rest_blocks_total", "Times the exchange told the collector to stop sending: 429 (pause for Retry-After) or 418 (IP ban).", "exchange", "status");
        RestBlockedUntil = factory.CreateGauge("marketprism_rest_blocked_until_seconds", "Unix time until which every REST request to the exchange is held (0 when not held).", "exchange");
        CircuitState = factory.CreateGauge("marketprism_circuit_breaker_state", "REST circuit breaker per endpoint: 0 closed, 1 half-open (probing), 2 open (rejecting), 3 isolated.", "exchange", "endpoint");
        SinkUp = factory.CreateGauge("marketprism_sink_up", "1 while the sink accepts writes, 0 after a failed write until one succeeds.", "sink");
        Spooled = factory.CreateCounter("marketprism_spool_records_written_total", "Records a sink's on-disk spool took while the sink was down or behind.", "sink");
        SpoolReplayedRecords = factory.CreateCounter("marketprism_spool_records_replayed_total", "Spooled records delivered to the sink afterwards.", "sink");
        SpoolDroppedRecords = factory.CreateCounter("marketprism_spool_records_dropped_total", "Records a spool discarded (its full policy, or damage on disk): lost for that sink.", "sink");
        SpoolRecords = factory.CreateGauge("marketprism_spool_records", "Undelivered records in the sink's spool.", "sink");
        SpoolBytes = factory.CreateGauge("marketprism_spool_bytes", "Bytes the sink's spool takes on disk.", "sink");
        DeadLetterRecords = factory.CreateCounter("marketprism_sink_dead_letter_records_total", "Records a sink's table refused for good (schema mismatch, rows it cannot parse), kept in dead-letter files for replay-dead-letters.", "sink", "table");
        DeadLetterDropped = factory.CreateCounter("marketprism_sink_dead_letter_dropped_records_total", "Records a table refused for good that the full dead-letter directory could not keep (sinks.clickhouse.dead_letter_max_size): lost for that sink.", "sink", "table");
        TableInserts = factory.CreateCounter("marketprism_sink_table_inserts_total", "INSERT statements a sink's table accepted (ClickHouse advises about one per second per table; sinks.clickhouse.insert_interval sets the pace).", "sink", "table");
        TableUp = factory.CreateGauge("marketprism_sink_table_up", "1 while the table matches the schema and takes rows, 0 while its rows go to dead letters.", "sink", "table");
        StreamStalls = factory.CreateCounter("marketprism_stream_stalls_total", "Streams silent far beyond their learned rate while their connection stayed up (resubscribed; a repeat replaces the connection).", "exchange", "market_type", "data_type");
        JobRuns = factory.CreateCounter("marketprism_job_runs_total", "Scheduler job runs by outcome (success: every request or check of the run succeeded).", "job", "outcome");
        JobDuration = factory.CreateHistogram("marketprism_job_duration_seconds", "Time a scheduler job run took.", new HistogramConfiguration { LabelNames = ["job"], Buckets = LatencyBuckets });
        JobLastSuccess = factory.CreateGauge("marketprism_job_last_success_timestamp_seconds", "Unix time of the job's last successful run (0 before the first).", "job");
        JobLastRun = factory.CreateGauge("marketprism_job_last_run_timestamp_seconds", "Unix time of the job's last run.", "job");
        JobSkips = factory.CreateCounter("marketprism_job_skipped_runs_total", "Runs skipped because the previous run was still going (runs never overlap).", "job");
        SymbolMessages = _perSymbol
            ? factory.CreateCounter("marketprism_symbol_messages_total", "Records handed on per symbol (enabled by http.per_symbol_metrics; one series per symbol and type).", "exchange", "market_type", "symbol", "data_type")
            : null;

        var version = typeof(CollectorMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";
        factory.CreateGauge("marketprism_info", "Build and instance information (always 1).", "version", "collector").WithLabels(version, collectorName).Set(1);
        DotNetStats.Register(Registry);
        Registry.AddBeforeCollectCallback(UpdateScrapeTimeGauges);
    }

    /// <summary>The registry /metrics exports.</summary>
    public CollectorRegistry Registry { get; }

    internal Counter Messages { get; }

    internal Counter Errors { get; }

    internal Histogram Processing { get; }

    internal Gauge ConnectionStatus { get; }

    internal Gauge ConnectionUp { get; }

    internal Counter Reconnects { get; }

    internal Counter Resyncs { get; }

    internal Counter SequenceGaps { get; }

    internal Counter BookUpdateIdSkips { get; }

    internal Counter Frames { get; }

    internal Counter IgnoredFrames { get; }

    internal Gauge ChannelDepth { get; }

    internal Gauge ChannelCapacity { get; }

    internal Counter SinkBatches { get; }

    internal Counter SinkRecords { get; }

    internal Histogram SinkWrite { get; }

    internal Counter SinkErrors { get; }

    internal Gauge LastMessageAge { get; }

    internal Gauge Books { get; }

    internal Counter RestRequests { get; }

    internal Histogram RestDuration { get; }

    internal Counter RateLimiterWaits { get; }

    internal Counter RateLimiterWaitSeconds { get; }

    internal Counter? SymbolMessages { get; }

    internal Gauge SinkUp { get; }

    internal Counter Spooled { get; }

    internal Counter SpoolReplayedRecords { get; }

    internal Counter SpoolDroppedRecords { get; }

    internal Gauge SpoolRecords { get; }

    internal Gauge SpoolBytes { get; }

    internal Counter DeadLetterRecords { get; }

    internal Gauge TableUp { get; }

    internal Counter TableInserts { get; }

    internal Counter DeadLetterDropped { get; }

    internal Counter StreamStalls { get; }

    internal Counter JobRuns { get; }

    internal Histogram JobDuration { get; }

    internal Gauge JobLastSuccess { get; }

    internal Gauge JobLastRun { get; }

    internal Counter JobSkips { get; }

    internal Counter RestRetries { get; }

    internal Counter RestBlocks { get; }

    internal Gauge RestBlockedUntil { get; }

    internal Gauge CircuitState { get; }

    internal TimeProvider Time => _time;

    /// <summary>Reads the channel's depth and capacity at each scrape.</summary>
    public void ObserveChannel(Func<(int Depth, int Capacity)> channel) => _channel = channel;

    /// <summary>Reads the ClickHouse sink's per-table dead letters and state at each scrape; every table's series exists (at 0 / up) from now on.</summary>
    public void ObserveTables(string sink, ClickHouseSinkStatistics statistics)
    {
        _clickHouse = (sink, statistics);
        foreach (var table in ClickHouseTables.All)
        {
            DeadLetterRecords.WithLabels(sink, table);
            TableInserts.WithLabels(sink, table);
            DeadLetterDropped.WithLabels(sink, table);
            TableUp.WithLabels(sink, table).Set(1);
        }
    }

    public IFeedTelemetry ForFeed(FeedInfo feed)
    {
        var metrics = new FeedMetrics(this, feed);
        lock (_connectionsLock)
        {
            _feeds.Add(metrics);
            if (_connectionsUp.TryAdd(feed.Exchange, []))
            {
                // No connection is up yet: an exchange that never connects is down, not absent from the metrics.
                ConnectionStatus.WithLabels(feed.Exchange).Set(0);
            }
        }

        return metrics;
    }

    public void RecordDropped(MarketRecord record) =>
        Messages.WithLabels(record.ExchangeName, record.DataType.ToWireName(), "dropped").Inc();

    /// <summary>
    /// Creates the sink's counters at zero: a counter without a series until its first event hides that event from
    /// <c>increase()</c> and <c>rate()</c> (the shipped alert on <c>marketprism_sink_errors_total</c> missed a sink's
    /// first failures) and leaves dashboard panels empty.
    /// </summary>
    public void SinkRegistered(string sink)
    {
        SinkBatches.WithLabels(sink);
        SinkRecords.WithLabels(sink);
        SinkWrite.WithLabels(sink);
        SinkErrors.WithLabels(sink);
        Spooled.WithLabels(sink);
        SpoolReplayedRecords.WithLabels(sink);
        SpoolDroppedRecords.WithLabels(sink);
        Errors.WithLabels(SinkErrorExchange, ErrorType.Sink.ToWireName());
    }

    public void BatchWritten(string sink, int records, TimeSpan elapsed)
    {
        SinkUp.WithLabels(sink).Set(1);
        SinkBatches.WithLabels(sink).Inc();
        SinkRecords.WithLabels(sink).Inc(records);
        SinkWrite.WithLabels(sink).Observe(elapsed.TotalSeconds);
    }

    public void SinkFailed(string sink, int records, int attempt, Exception error)
    {
        SinkErrors.WithLabels(sink).Inc();
        // Sink failures are not an exchange's: they are counted under exchange "none".
        Errors.WithLabels(SinkErrorExchange, ErrorType.Sink.ToWireName()).Inc();
    }

    public void BatchSpooled(string sink, int records) => Spooled.WithLabels(sink).Inc(records);

    public void SpoolReplayed(string sink, int records) => SpoolReplayedRecords.WithLabels(sink).Inc(records);

    public void SpoolDropped(string sink, long records, string reason) => SpoolDroppedRecords.WithLabels(sink).Inc(records);

    public void SpoolSizeChanged(string sink, long records, long bytes)
    {
        SpoolRecords.WithLabels(sink).Set(records);
        SpoolBytes.WithLabels(sink).Set(bytes);
    }

    public void SinkAvailabilityChanged(string sink, bool available, string? reason) => SinkUp.WithLabels(sink).Set(available ? 1 : 0);

    public void JobRegistered(string job, TimeSpan typicalInterval)
    {
        JobRuns.WithLabels(job, "success");
        JobRuns.WithLabels(job, "failure");
        JobSkips.WithLabels(job);
        JobLastSuccess.WithLabels(job).Set(0);
    }

    public void JobCompleted(string job, Scheduling.JobResult result, TimeSpan duration)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
        JobRuns.WithLabels(job, result.Succeeded ? "success" : "failure").Inc();
        JobDuration.WithLabels(job).Observe(duration.TotalSeconds);
        JobLastRun.WithLabels(job).Set(now);
        if (result.Succeeded)
        {
            JobLastSuccess.WithLabels(job).Set(now);
        }
    }

    public void JobSkipped(string job, int occurrences) => JobSkips.WithLabels(job).Inc(occurrences);

    /// <summary>Pre-creates the series of one exchange so dashboards and alerts see zeros, not absent series.</summary>
    internal void CreateExchangeSeries(string exchange, IReadOnlySet<DataType> dataTypes)
    {
        RateLimiterWaits.WithLabels(exchange);
        RateLimiterWaitSeconds.WithLabels(exchange);

        foreach (var type in ErrorClassifier.WireNames)
        {
            Errors.WithLabels(exchange, type);
        }

        foreach (var dataType in dataTypes)
        {
            foreach (var status in Statuses)
            {
                Messages.WithLabels(exchange, dataType.ToWireName(), status);
            }
        }
    }

    internal void SetConnectionUp(FeedInfo feed, string connectionId, bool up)
    {
        ConnectionUp.WithLabels(feed.Exchange, feed.Market.ToWireName(), connectionId).Set(up ? 1 : 0);
        lock (_connectionsLock)
        {
            var connections = _connectionsUp[feed.Exchange];
            connections[connectionId] = up;
            var allUp = true;
            foreach (var value in connections.Values)
            {
                allUp &= value;
            }

            ConnectionStatus.WithLabels(feed.Exchange).Set(allUp ? 1 : 0);
        }
    }

    private void UpdateScrapeTimeGauges()
    {
        if (_clickHouse is var (sink, statistics))
        {
            foreach (var table in ClickHouseTables.All)
            {
                DeadLetterRecords.WithLabels(sink, table).IncTo(statistics.DeadLetteredOf(table));
                TableInserts.WithLabels(sink, table).IncTo(statistics.InsertsOf(table));
                DeadLetterDropped.WithLabels(sink, table).IncTo(statistics.DeadLetterDroppedOf(table));
                TableUp.WithLabels(sink, table).Set(statistics.IsTableUp(table) ? 1 : 0);
            }
        }

        if (_channel is { } channel)
        {
            var (depth, capacity) = channel();
            ChannelDepth.Set(depth);
            ChannelCapacity.Set(capacity);
        }

        FeedMetrics[] feeds;
        lock (_connectionsLock)
        {
            feeds = [.. _feeds];
        }

        foreach (var feed in feeds)
        {
            feed.UpdateScrapeTimeGauges();
        }
    }
}

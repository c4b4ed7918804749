using System.Reflection;
using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Feeds;
using MarketPrism.Collector.Health;
using MarketPrism.Collector.Http;
using MarketPrism.Collector.Logging;
using MarketPrism.Collector.Pipeline;
using MarketPrism.Collector.Rest;
using MarketPrism.Collector.Scheduling;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Core.Sinks;
using MarketPrism.Sinks.ClickHouse;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Collector.Hosting;

/// <summary>
/// The running collector: feeds -> record channel -> batcher -> sink runners. <see cref="RunAsync"/> runs until asked
/// to stop, then shuts down in data-flow order so nothing accepted is lost: feeds stop receiving (frames already
/// received are still handled), the channel is completed and drained into batches, every sink writes its queue and
/// flushes. Only when the configured deadline passes is the remaining work abandoned, and then it is counted and logged.
/// </summary>
internal sealed class CollectorRuntime
{
    private static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(30);

    private readonly CollectorConfig _config;
    private readonly IReadOnlyList<MarketFeedSettings> _feeds;
    private readonly IReadOnlyList<ConfiguredSink> _sinks;
    private readonly ICollectorTelemetry _telemetry;
    private readonly CollectorCounters _counters;
    private readonly CollectorMetrics _metrics;
    private readonly HealthState _health;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _configSource;

    public CollectorRuntime(
        CollectorConfig config,
        string configSource,
        IReadOnlyList<MarketFeedSettings> feeds,
        IReadOnlyList<ConfiguredSink> sinks,
        ILoggerFactory loggerFactory,
        TimeProvider time)
    {
        _config = config;
        _configSource = configSource;
        _feeds = feeds;
        _sinks = sinks;
        _counters = new CollectorCounters();
        _metrics = new CollectorMetrics(time, config.Http.PerSymbolMetrics, config.Collector.Name);
        _health = new HealthState(config.Health, time);
        _telemetry = new CompositeTelemetry(_counters, _metrics, _health);
        foreach (var (sink, _, _) in sinks)
        {
            if (sink is ClickHouseSink clickHouse)
            {
                _metrics.ObserveTables(clickHouse.Name, clickHouse.Statistics);
            }
        }

        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("MarketPrism.Collector");
        _time = time;
    }

    /// <summary>The process-wide totals this runtime keeps (read by bench-e2e and tests).</summary>
    public CollectorCounters Counters => _counters;

    /// <summary>Runs until <paramref name="stop"/> is signalled; returns 0 after a clean stop, 1 when records were lost or a sink could not start.</summary>
    public async Task<int> RunAsync(CancellationToken stop)
    {
        var version = typeof(CollectorRuntime).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";
        CollectorLog.Starting(_logger, version, _feeds.Count, string.Join(",", _sinks.Select(sink => sink.Sink.Name)), _configSource);

        // Spools first: a spool another collector holds stops the start before anything connects.
        var runners = new List<SinkRunner>();
        try
        {
            foreach (var (sink, usesSpool, cadence) in _sinks)
            {
                try
                {
                    runners.Add(new SinkRunner(
                        sink, _telemetry, _loggerFactory.CreateLogger($"MarketPrism.Sink.{sink.Name}"), _time, usesSpool ? _config.Sinks.Spool : null, cadence));
                }
                catch (Exception ex)
                {
                    CollectorLog.SinkStartFailed(_logger, sink.Name, ex.Message, ex);
                    await DisposeSinksAsync();
                    return 1;
                }
            }

            foreach (var (sink, _, _) in _sinks)
            {
                try
                {
                    await sink.StartAsync(stop);
                }
                catch (Exception ex)
                {
                    CollectorLog.SinkStartFailed(_logger, sink.Name, ex.Message, ex);
                    await DisposeSinksAsync();
                    return 1;
                }
            }

            return await RunPipelineAsync(runners, stop);
        }
        finally
        {
            foreach (var runner in runners)
            {
                runner.Dispose();
            }
        }
    }

    private async Task<int> RunPipelineAsync(List<SinkRunner> runners, CancellationToken stop)
    {
        // Fires only when the graceful stop runs past its deadline; until then every accepted record gets written.
        using var abort = new CancellationTokenSource();
        var channel = new RecordChannel(_config.Pipeline, _telemetry);
        _metrics.ObserveChannel(() => (channel.Count, channel.Capacity));
        await using var http = await StartHttpServerAsync(stop);
        if (_config.Http.Enabled && http is null)
        {
            return 1;
        }

        var runnerTasks = runners.Select(runner => runner.RunAsync(abort.Token)).ToList();
        var batcher = new Batcher(channel, runners, _config.Pipeline.BatchSize, _config.Pipeline.FlushInterval, _time);
        var batcherTask = batcher.RunAsync(abort.Token);

        var feeds = new List<MarketFeed>();
        var restGates = new Dictionary<string, ExchangeRestGate>(StringComparer.Ordinal);
        var connectionGates = new Dictionary<string, FixedWindowBudget>(StringComparer.Ordinal);
        using var feedStop = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var feedTasks = new List<Task>();
        foreach (var settings in _feeds)
        {
            // One gate per exchange: a 418 ban is per IP, so it holds every market of the exchange.
            if (!restGates.TryGetValue(settings.Venue.Exchange, out var gate))
            {
                gate = new ExchangeRestGate(_time);
                restGates[settings.Venue.Exchange] = gate;
            }

            if (!connectionGates.TryGetValue(settings.Venue.Exchange, out var connectionGate))
            {
                var limits = settings.Venue.Limits;
                connectionGate = new FixedWindowBudget(limits.MaxConnectionsPerWindow ?? int.MaxValue, limits.ConnectionWindow, _time);
                connectionGates[settings.Venue.Exchange] = connectionGate;
            }

            var feed = new MarketFeed(settings, channel, _telemetry, gate, connectionGate, _loggerFactory, _time, abort.Token);
            feeds.Add(feed);
            feedTasks.Add(feed.RunAsync(feedStop.Token));
        }

        var schedulerTask = BuildScheduler(feeds)?.RunAsync(feedStop.Token) ?? Task.CompletedTask;
        var statusTask = ReportStatusAsync(channel, runners, stop);
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
        }

        var deadline = _config.Collector.ShutdownTimeout;
        _health.MarkStopping();
        CollectorLog.Stopping(_logger, "stop signal", deadline);
        abort.CancelAfter(deadline);
        try
        {
            await Task.WhenAll(feedTasks);
            await schedulerTask;
        }
        catch (OperationCanceledException)
        {
        }

        channel.Complete();
        try
        {
            await batcherTask;
            await Task.WhenAll(runnerTasks);
        }
        catch (OperationCanceledException)
        {
            // Records in a spool are not lost: the next start delivers them.
            var unwritten = channel.Count + runners.Where(runner => !runner.HasSpool).Sum(runner => runner.PendingRecords);
            var stuck = runners.FirstOrDefault(runner => !runner.HasSpool && runner.PendingRecords > 0)?.Name ?? "none";
            CollectorLog.StoppedWithLoss(_logger, unwritten, deadline, stuck);
            return 1;
        }
        finally
        {
            await statusTask;
            foreach (var feed in feeds)
            {
                feed.Dispose();
            }

            await DisposeSinksAsync();
        }

        var spooled = runners.Sum(runner => runner.SpooledRecords);
        if (spooled > 0)
        {
            CollectorLog.StoppedWithSpool(_logger, _counters.Accepted, spooled);
        }
        else
        {
            CollectorLog.StoppedCleanly(_logger, _counters.Accepted);
        }

        return 0;
    }

    /// <summary>The scheduler jobs that have work on some feed; null when the scheduler is switched off.</summary>
    private JobScheduler? BuildScheduler(IReadOnlyList<MarketFeed> feeds)
    {
        if (!_config.Collector.EnableScheduler)
        {
            return null;
        }

        var jobs = new List<ScheduledJob>();
        foreach (var (name, options) in _config.Scheduler.Jobs)
        {
            var workers = feeds.Where(feed => feed.HasJob(name)).ToList();
            if (!options.Enabled || workers.Count == 0 || !JobSchedule.TryParse(options.Interval, out var schedule, out _))
            {
                continue;
            }

            jobs.Add(new ScheduledJob(name, schedule, options.RunAtStart, options.StartJitter, async cancellationToken =>
            {
                var results = await Task.WhenAll(workers.Select(feed => feed.RunJobAsync(name, cancellationToken)));
                return results.Aggregate(JobResult.Add);
            }));
        }

        CollectorLog.SchedulerStarted(_logger, jobs.Count == 0 ? "no jobs" : string.Join(", ", jobs.Select(job => $"{job.Name} every {job.Schedule}")));
        return new JobScheduler(jobs, _telemetry, _loggerFactory.CreateLogger("MarketPrism.Scheduler"), _time);
    }

    /// <summary>Starts /metrics, /health and /ready when enabled; null when disabled or when the address cannot be bound (logged).</summary>
    private async Task<CollectorHttpServer?> StartHttpServerAsync(CancellationToken cancellationToken)
    {
        if (!_config.Http.Enabled)
        {
            return null;
        }

        try
        {
            var server = await CollectorHttpServer.StartAsync(_config.Http, _metrics, _health, _loggerFactory, cancellationToken);
            CollectorLog.HttpListening(_logger, server.Address);
            return server;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or FormatException or InvalidOperationException)
        {
            CollectorLog.HttpFailed(_logger, $"{_config.Http.Host}:{_config.Http.Port}", ex.Message, ex);
            return null;
        }
    }

    private async Task DisposeSinksAsync()
    {
        foreach (var (sink, _, _) in _sinks)
        {
            try
            {
                await sink.DisposeAsync();
            }
            catch (Exception ex)
            {
                CollectorLog.SinkDisposeFailed(_logger, sink.Name, ex.Message, ex);
            }
        }
    }

    private async Task ReportStatusAsync(RecordChannel channel, List<SinkRunner> runners, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(StatusInterval, _time);
        long lastAccepted = 0;
        long lastFrames = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var accepted = _counters.Accepted;
                var frames = _counters.Frames;
                CollectorLog.Status(
                    _logger,
                    (accepted - lastAccepted) / StatusInterval.TotalSeconds,
                    (frames - lastFrames) / StatusInterval.TotalSeconds,
                    accepted,
                    _counters.Duplicates,
                    _counters.Dropped,
                    _counters.FailedFrames,
                    _counters.Written,
                    channel.Count,
                    channel.Capacity);
                foreach (var runner in runners)
                {
                    var spooledRecords = runner.SpooledRecords;
                    if (spooledRecords > 0 || !runner.IsAvailable)
                    {
                        CollectorLog.SinkStatus(_logger, runner.Name, spooledRecords, runner.SpoolBytes, runner.IsAvailable ? "available, delivering the spool" : "unavailable");
                    }
                }

                lastAccepted = accepted;
                lastFrames = frames;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using MarketPrism.Collector.Cli;
using MarketPrism.Collector.Feeds;
using MarketPrism.Collector.Hosting;
using MarketPrism.Collector.Logging;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Exchanges.Binance;
using MarketPrism.Sinks.FileStore;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Collector.Benchmarking;

/// <summary>
/// One end-to-end run: the simulator in its own process serving N USD-M symbols (recorded ones and their renamed
/// copies) as fast as the socket takes them (or at a chosen pace); this process runs the real collector runtime
/// (the same code as <c>collect</c>, from a generated config) into the chosen sink, wrapped to time every record from
/// its frame's receipt to the end of the sink's write. It samples its own RSS, GC heap, sockets and handles, prints
/// progress, and reports throughput, CPU, memory, latency percentiles and the resource trends over the measured
/// window (after the warm-up).
/// </summary>
internal sealed class ThroughputRun
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    private readonly ThroughputOptions _options;
    private readonly TextWriter _output;
    private readonly TextWriter _progress;
    private readonly TimeProvider _time = TimeProvider.System;
    private TimeSpan? _lastLoggedProgress;

    public ThroughputRun(ThroughputOptions options, TextWriter output, TextWriter progress)
    {
        _options = options;
        _output = output;
        _progress = progress;
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var options = _options;
        var dataDirectory = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), $"marketprism-bench-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var deleteData = options.DataDirectory is null;
        await BenchSinks.ProbeAsync(options, cancellationToken);
        await using var simulator = await SimulatorChild.StartAsync(SimulatorArguments(), TimeSpan.FromMinutes(2), cancellationToken);
        try
        {
            return await RunCollectorAsync(simulator, dataDirectory, cancellationToken);
        }
        finally
        {
            if (deleteData && Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    private List<string> SimulatorArguments() =>
    [
        "--port", "0",
        "--speed", _options.Speed.ToString(CultureInfo.InvariantCulture),
        "--loop",
        "--recordings", _options.RecordingsDirectory,
        "--synthetic-copies", _options.SyntheticCopies.ToString(CultureInfo.InvariantCulture),
        // Every book's first sync costs a depth request; hundreds of symbols at once are a load test's choice.
        "--rest-weight-per-minute", "10000000",
        "--log-level", "warning",
    ];

    private async Task<int> RunCollectorAsync(SimulatorChild simulator, string dataDirectory, CancellationToken cancellationToken)
    {
        var options = _options;
        var yaml = CollectorYaml(simulator.BaseAddress, dataDirectory);
        var loaded = ConfigSupport.CreateLoader().LoadText(yaml, "bench-e2e");
        if (!loaded.Succeeded)
        {
            throw new InvalidOperationException($"generated config is invalid:{Environment.NewLine}{loaded.FormatErrors()}{Environment.NewLine}{yaml}");
        }

        var config = loaded.Config!;
        using var loggerFactory = LoggingSetup.Create(Configuration.LogFormat.Text, "warning");
        var inner = BenchSinks.Create(options, config.Sinks.File, _time, loggerFactory);
        var sink = new LatencyRecordingSink(inner, _time);
        var runtime = new CollectorRuntime(config, "bench-e2e (generated)", FeedPlanner.Plan(config), [new ConfiguredSink(sink, UsesSpool: false)], loggerFactory, _time);
        var counters = runtime.Counters;

        using var self = Process.GetCurrentProcess();
        var started = _time.GetTimestamp();
        var samples = new List<ResourceSample>();
        var simulatorSamples = new List<ResourceSample>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var collector = runtime.RunAsync(stop.Token);

        WindowMark? warm = null;
        WindowMark? end = null;
        var nextSample = TimeSpan.Zero;
        var lastProgress = new WindowMark(TimeSpan.Zero, 0, 0, TimeSpan.Zero, TimeSpan.Zero);
        using var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(100), _time);
        try
        {
            while (await ticker.WaitForNextTickAsync(cancellationToken) && !collector.IsCompleted)
            {
                var elapsed = _time.GetElapsedTime(started);
                if (warm is null && elapsed >= options.Warmup)
                {
                    sink.Restart();
                    warm = Mark(elapsed, counters, self, simulator.Process);
                }

                if (elapsed >= nextSample)
                {
                    samples.Add(ProcessSampler.Sample(self, elapsed, self: true));
                    simulatorSamples.Add(ProcessSampler.Sample(simulator.Process, elapsed, self: false));
                    nextSample += options.SampleInterval;
                }

                if (elapsed - lastProgress.Elapsed >= ProgressInterval)
                {
                    var mark = Mark(elapsed, counters, self, simulator.Process);
                    WriteProgress(mark, lastProgress, sink.Histogram, counters, samples[^1]);
                    lastProgress = mark;
                }

                if (elapsed >= options.Duration)
                {
                    end = Mark(elapsed, counters, self, simulator.Process);
                    samples.Add(ProcessSampler.Sample(self, elapsed, self: true));
                    simulatorSamples.Add(ProcessSampler.Sample(simulator.Process, elapsed, self: false));
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: stop and report what was measured so far.
        }

        end ??= Mark(_time.GetElapsedTime(started), counters, self, simulator.Process);
        var histogram = sink.Histogram;
        var peakRss = ProcessSampler.PeakResidentBytes(self);
        var simulatorPeakRss = ProcessSampler.PeakResidentBytes(simulator.Process);
        await stop.CancelAsync();
        var exitCode = await collector;
        if (_options.Progress)
        {
            await _progress.WriteLineAsync();
        }

        var storeBytes = Directory.Exists(dataDirectory)
            ? new DirectoryInfo(dataDirectory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length)
            : 0;
        var report = new ThroughputReport(
            options,
            warm ?? new WindowMark(TimeSpan.Zero, 0, 0, TimeSpan.Zero, TimeSpan.Zero),
            end.Value,
            histogram,
            peakRss,
            simulatorPeakRss,
            samples,
            simulatorSamples,
            counters,
            storeBytes,
            exitCode);
        await _output.WriteAsync(report.Format());
        if (options.SamplesFile is { } path)
        {
            await File.WriteAllTextAsync(path, ThroughputReport.SamplesCsv(samples, simulatorSamples), cancellationToken);
        }

        return exitCode != 0 || end.Value.Frames == 0 ? 1 : options.Soak && !report.TrendsFlat ? 1 : 0;
    }

    private static WindowMark Mark(TimeSpan elapsed, CollectorCounters counters, Process self, Process simulator)
    {
        self.Refresh();
        TimeSpan simulatorCpu;
        try
        {
            simulator.Refresh();
            simulatorCpu = simulator.HasExited ? TimeSpan.Zero : simulator.TotalProcessorTime;
        }
        catch (InvalidOperationException)
        {
            simulatorCpu = TimeSpan.Zero;
        }

        return new WindowMark(elapsed, counters.Frames, counters.Written, self.TotalProcessorTime, simulatorCpu);
    }

    private void WriteProgress(WindowMark now, WindowMark last, LatencyHistogram latency, CollectorCounters counters, ResourceSample sample)
    {
        if (!_options.Progress)
        {
            return;
        }

        var seconds = (now.Elapsed - last.Elapsed).TotalSeconds;
        var warming = now.Elapsed < _options.Warmup ? "  (warm-up)" : "";
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"[{now.Elapsed.TotalSeconds,6:0}s] in {(now.Frames - last.Frames) / seconds,9:N0} msg/s  out {(now.Written - last.Written) / seconds,9:N0} rec/s  p99 {latency.Percentile(99) / 1000.0,8:0.0} ms  books {counters.BooksSynced}/{_options.Symbols}  cpu {(now.CollectorCpu - last.CollectorCpu).TotalSeconds / seconds * 100,4:0}%  rss {sample.ResidentBytes / 1048576.0,6:0} MB{warming}");
        if (Console.IsErrorRedirected)
        {
            // Logs, not a terminal: one line per sample interval is enough.
            if (_lastLoggedProgress is not { } logged || now.Elapsed - logged >= _options.SampleInterval)
            {
                _lastLoggedProgress = now.Elapsed;
                _progress.WriteLine(line);
            }
        }
        else
        {
            _progress.Write("\r" + line);
        }
    }

    private string CollectorYaml(Uri simulator, string dataDirectory)
    {
        var host = simulator.Authority;
        var symbols = new StringBuilder();
        foreach (var symbol in _options.ExchangeSymbols())
        {
            BinanceSymbols.TrySplitPair(symbol, out var baseAsset, out var quote);
            symbols.Append(CultureInfo.InvariantCulture, $"      - {baseAsset}-{quote}\n");
        }

        var format = _options.Sink == BenchSinkKind.Jsonl ? "jsonl" : "parquet";
        return string.Create(CultureInfo.InvariantCulture, $"""
            collector:
              name: bench-e2e
              log_level: warning
              shutdown_timeout: 120s
            exchanges:
              - exchange: binance
                market_type: perpetual
                base_url: http://{host}/binance/futures
                ws_url: ws://{host}/binance/futures
                symbols:
            {symbols}    data_types: [trade, book_delta, book_snapshot, best_bid_ask, funding_rate, mark_price]
                enable_open_interest: false
                enable_liquidation: false
                max_requests_per_minute: 10000000
                api_rate_limit: 10000
                trade_stream: trade
            books:
              rest_snapshot_limit: 1000
            pipeline:
              batch_size: {_options.BatchSize}
              flush_interval: {(long)_options.FlushInterval.TotalMilliseconds}ms
            sinks:
              file:
                directory: {dataDirectory}
                format: {format}
                row_group_size: {_options.RowGroupSize}
                {(_options.BufferBudget is { } budget ? $"buffer_budget: {budget.Bytes}" : "")}
            scheduler:
              jobs:
                funding_rate:
                  enabled: false
                open_interest:
                  enabled: false
            http:
              enabled: false

            """);
    }
}

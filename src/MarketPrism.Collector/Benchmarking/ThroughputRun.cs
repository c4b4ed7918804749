using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MarketPrism.Collector.Cli;
using MarketPrism.Collector.Feeds;
using MarketPrism.Collector.Hosting;
using MarketPrism.Collector.Logging;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Sinks.FileStore;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Collector.Benchmarking;

/// <summary>
/// One end-to-end run: the simulator in its own process serving N symbols of one exchange market (recorded ones and,
/// where the simulated venue makes them, their renamed copies) as fast as the socket takes them (or at a chosen
/// pace); this process runs the real collector runtime
/// (the same code as <c>collect</c>, from a generated config) into the chosen sink, wrapped to time every record from
/// its frame's receipt to the end of the sink's write. It samples its own RSS, GC heap, sockets and handles, prints
/// progress, and reports throughput, CPU, memory, latency percentiles and the resource trends over the measured
/// window (after the warm-up).
/// </summary>
internal sealed partial class ThroughputRun
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    private static readonly DataType[] BenchDataTypes =
        [DataType.Trade, DataType.BookDelta, DataType.BookSnapshot, DataType.BestBidAsk, DataType.FundingRate, DataType.MarkPrice];

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

        // The simulator says which symbols it records for the market; when they are fewer than the run wants, it is
        // started again with the renamed copies that make up the difference (where its venue makes copies).
        var simulator = await SimulatorChild.StartAsync(SimulatorArguments(syntheticCopies: 0), TimeSpan.FromMinutes(2), cancellationToken);
        try
        {
            var market = await FindMarketAsync(simulator, cancellationToken);
            if (market.Symbols.Count < options.Symbols)
            {
                var copies = ((options.Symbols + market.Symbols.Count - 1) / market.Symbols.Count) - 1;
                await simulator.DisposeAsync();
                simulator = await SimulatorChild.StartAsync(SimulatorArguments(copies), TimeSpan.FromMinutes(2), cancellationToken);
                market = await FindMarketAsync(simulator, cancellationToken);
                if (market.Symbols.Count < options.Symbols)
                {
                    throw new InvalidOperationException(
                        $"the simulator serves {market.Symbols.Count} {options.Exchange} {options.Market.ToWireName()} symbols, fewer than --symbols {options.Symbols} (it makes renamed copies only of some venues' symbols).");
                }
            }

            return await RunCollectorAsync(simulator, market with { Symbols = market.Symbols.Take(options.Symbols).ToList() }, dataDirectory, cancellationToken);
        }
        finally
        {
            await simulator.DisposeAsync();
            if (deleteData && Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    private List<string> SimulatorArguments(int syntheticCopies) =>
    [
        "--port", "0",
        "--speed", _options.Speed.ToString(CultureInfo.InvariantCulture),
        "--loop",
        "--recordings", _options.RecordingsDirectory,
        "--synthetic-copies", syntheticCopies.ToString(CultureInfo.InvariantCulture),
        // Every book's first sync costs a depth request; hundreds of symbols at once are a load test's choice.
        "--rest-weight-per-minute", "10000000",
        "--log-level", "warning",
    ];

    /// <summary>
    /// Where the simulator serves the run's market and the instruments it serves there. The simulator serves each
    /// exchange under <c>/{exchange}</c> (one path per market or one for all) and lists each path's symbols in
    /// <c>/sim/status</c>; the path serving the market is the one that answers the market's own depth snapshot request
    /// for a symbol the market reads, so nothing here needs to know how a venue splits its markets.
    /// </summary>
    private async Task<SimulatedMarket> FindMarketAsync(SimulatorChild simulator, CancellationToken cancellationToken)
    {
        var plugin = ExchangeCatalog.Get(_options.Exchange);
        var venue = VenueCatalog.Get(_options.Exchange, _options.Market);
        using var http = new HttpClient { BaseAddress = simulator.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var status = JsonDocument.Parse(await http.GetByteArrayAsync("sim/status", cancellationToken));
        foreach (var served in status.RootElement.GetProperty("venues").EnumerateArray())
        {
            var prefix = served.GetProperty("pathPrefix").GetString() ?? "";
            if (prefix != "/" + plugin.Exchange && !prefix.StartsWith("/" + plugin.Exchange + "/", StringComparison.Ordinal))
            {
                continue;
            }

            var instruments = new List<Instrument>();
            foreach (var symbol in served.GetProperty("symbols").EnumerateArray())
            {
                // One path may serve several markets (its symbols resolve to instruments of each).
                if (plugin.Symbols.Resolve(symbol.GetString() ?? "", _options.Market) is { } instrument && instrument.MarketType == _options.Market)
                {
                    instruments.Add(instrument);
                }
            }

            if (instruments.Count > 0 && await AnswersDepthAsync(http, prefix, venue, instruments[0], cancellationToken))
            {
                return new SimulatedMarket(prefix, venue, instruments);
            }
        }

        throw new InvalidOperationException($"the simulator serves no {_options.Exchange} {_options.Market.ToWireName()} market from {_options.RecordingsDirectory}.");
    }

    private static async Task<bool> AnswersDepthAsync(HttpClient http, string prefix, IExchangeVenue venue, Instrument instrument, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(prefix.TrimStart('/') + venue.GetDepthSnapshotRequest(instrument, 5).PathAndQuery, cancellationToken);
        return response.IsSuccessStatusCode && venue.DescribeError(await response.Content.ReadAsByteArrayAsync(cancellationToken)) is null;
    }

    private async Task<int> RunCollectorAsync(SimulatorChild simulator, SimulatedMarket market, string dataDirectory, CancellationToken cancellationToken)
    {
        var options = _options;
        var yaml = CollectorYaml(simulator.BaseAddress, market, dataDirectory);
        var loaded = ConfigSupport.CreateLoader().LoadText(yaml, "bench-e2e");
        if (!loaded.Succeeded)
        {
            throw new InvalidOperationException($"generated config is invalid:{Environment.NewLine}{loaded.FormatErrors()}{Environment.NewLine}{yaml}");
        }

        var config = loaded.Config!;
        using var loggerFactory = LoggingSetup.Create(Configuration.LogFormat.Text, "warning");
        var inner = BenchSinks.Create(options, config.Sinks.File, _time, loggerFactory);
        var sink = new LatencyRecordingSink(inner, _time);
        var plan = FeedPlanner.Plan(config);
        var runtime = new CollectorRuntime(config, "bench-e2e (generated)", plan, [new ConfiguredSink(sink, UsesSpool: false)], loggerFactory, _time);
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
            DescribeFeed(plan[0]),
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

    /// <summary><c>binance perpetual, 20 symbols x 4 streams (trade, depth@100ms, bookTicker, markPrice@1s)</c>: the streams of one symbol, named without it.</summary>
    private static string DescribeFeed(MarketFeedSettings feed)
    {
        var instrument = feed.Instruments[0];
        var streams = feed.Venue.GetStreams(instrument, feed.DataTypes)
            .Select(stream => StreamSeparators().Replace(stream.Name.Replace(instrument.ExchangeSymbol, "", StringComparison.OrdinalIgnoreCase), "$1").Trim('@', '.', ':', '-', '_', '|'))
            .ToList();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{feed.Venue.Exchange} {feed.Venue.MarketType.ToWireName()}, {feed.Instruments.Count} symbols x {streams.Count} streams ({string.Join(", ", streams)})");
    }

    private string CollectorYaml(Uri simulator, SimulatedMarket market, string dataDirectory)
    {
        var host = simulator.Authority;
        var symbols = new StringBuilder();
        foreach (var instrument in market.Symbols)
        {
            // A dated future's or an option's normalized symbol names its underlying pair only: those are configured
            // by the exchange's own spelling.
            var symbol = instrument.MarketType is MarketType.Futures or MarketType.Option ? instrument.ExchangeSymbol : instrument.Symbol;
            symbols.Append(CultureInfo.InvariantCulture, $"      - {symbol}\n");
        }

        // The bench's streams, of those the market has: trades, the book, the best bid/ask, funding and mark prices.
        var dataTypes = BenchDataTypes.Where(market.Venue.SupportedDataTypes.Contains).Select(type => type.ToWireName());
        var format = _options.Sink == BenchSinkKind.Jsonl ? "jsonl" : "parquet";
        return string.Create(CultureInfo.InvariantCulture, $"""
            collector:
              name: bench-e2e
              log_level: warning
              shutdown_timeout: 120s
            exchanges:
              - exchange: {market.Venue.Exchange}
                market_type: {market.Venue.MarketType.ToWireName()}
                base_url: http://{host}{market.PathPrefix}
                ws_url: ws://{host}{market.PathPrefix}
                symbols:
            {symbols}    data_types: [{string.Join(", ", dataTypes)}]
                enable_open_interest: false
                enable_liquidation: false
                max_requests_per_minute: 10000000
                api_rate_limit: 10000
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

    /// <summary>A run of separators left where a stream name held the symbol (<c>trades..100ms</c>): the first one stays.</summary>
    [GeneratedRegex(@"([@.:\-_|])[@.:\-_|]+")]
    private static partial Regex StreamSeparators();

    /// <summary>The market a run collects: where the simulator serves it, and the instruments collected there.</summary>
    private sealed record SimulatedMarket(string PathPrefix, IExchangeVenue Venue, List<Instrument> Symbols);
}

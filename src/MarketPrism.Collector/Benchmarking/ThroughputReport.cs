using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace MarketPrism.Collector.Benchmarking;

/// <summary>The figures of one end-to-end run, formatted for a terminal and for bench/RESULTS.md.</summary>
internal sealed class ThroughputReport(
    ThroughputOptions options,
    string feed,
    WindowMark warm,
    WindowMark end,
    LatencyHistogram latency,
    long peakResidentBytes,
    long simulatorPeakResidentBytes,
    IReadOnlyList<ResourceSample> samples,
    IReadOnlyList<ResourceSample> simulatorSamples,
    MarketPrism.Collector.Telemetry.CollectorCounters counters,
    long storeBytes,
    int collectorExitCode)
{
    private const double MiB = 1024 * 1024;

    /// <summary>Trends are judged on samples after the warm-up: start-up growth (pools, buffers, books) is not a leak.</summary>
    private List<ResourceSample> Measured => samples.Where(sample => sample.Elapsed >= options.Warmup).ToList();

    public TrendLine Rss => Fit(sample => sample.ResidentBytes / MiB);

    public TrendLine GcHeap => Fit(sample => sample.GcHeapBytes / MiB);

    public TrendLine Sockets => Fit(sample => sample.Sockets);

    public TrendLine Handles => Fit(sample => sample.Handles);

    /// <summary>RSS and GC heap rise less than 5% (or 8 MiB) over the window; sockets and handles by at most 2.</summary>
    public bool TrendsFlat =>
        Rss.IsFlat(0.05, 8) && GcHeap.IsFlat(0.05, 8) && Sockets.IsFlat(0, 2) && Handles.IsFlat(0, 2);

    public string Format()
    {
        var window = (end.Elapsed - warm.Elapsed).TotalSeconds;
        var framesPerSecond = (end.Frames - warm.Frames) / window;
        var recordsPerSecond = (end.Written - warm.Written) / window;
        var collectorCpu = (end.CollectorCpu - warm.CollectorCpu).TotalSeconds / window * 100;
        var simulatorCpu = (end.SimulatorCpu - warm.SimulatorCpu).TotalSeconds / window * 100;
        var last = samples.Count > 0 ? samples[^1] : default;
        var simulatorLast = simulatorSamples.Count > 0 ? simulatorSamples[^1] : default;
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));

        Line($"bench-e2e: {feed}, sink {options.Sink.ToString().ToLowerInvariant()}{(options.Sink == BenchSinkKind.Nats ? $" ({options.NatsUrl}, stream {BenchSinks.NatsStream})" : "")}, simulator speed {(options.Speed == 0 ? "0 (firehose)" : options.Speed.ToString(CultureInfo.InvariantCulture))}, batch {options.BatchSize}, flush {options.FlushInterval.TotalMilliseconds:0} ms{(options.Sink == BenchSinkKind.Parquet ? $", row group {options.RowGroupSize}, buffer budget {(options.BufferBudget is { } budget ? budget.ToString() : "default")}" : "")}");
        Line($"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * MiB):0.0} GiB, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        Line($"window: {window:0.0} s measured after {warm.Elapsed.TotalSeconds:0.0} s warm-up; books synced {counters.BooksSynced} (resyncs {counters.Resyncs})");
        Line($"messages in:   {framesPerSecond,12:N0} /s   ({end.Frames - warm.Frames:N0} frames)");
        Line($"records out:   {recordsPerSecond,12:N0} /s   ({end.Written - warm.Written:N0} records{(options.Sink is BenchSinkKind.Parquet or BenchSinkKind.Jsonl ? $"; store {storeBytes / MiB:N0} MiB" : "")})");
        Line($"latency receive -> sink write ({latency.Count:N0} records): p50 {Ms(latency.Percentile(50))}  p90 {Ms(latency.Percentile(90))}  p99 {Ms(latency.Percentile(99))}  p99.9 {Ms(latency.Percentile(99.9))}  max {Ms(latency.MaxMicroseconds)}");
        Line($"collector CPU: {collectorCpu,5:0} % of one core ({collectorCpu / Environment.ProcessorCount:0} % of the machine);  simulator CPU: {simulatorCpu:0} % of one core");
        Line($"CPU per message: collector {PerMessage(end.CollectorCpu - warm.CollectorCpu, end.Frames - warm.Frames)} µs, simulator {PerMessage(end.SimulatorCpu - warm.SimulatorCpu, end.Frames - warm.Frames)} µs (processor time / messages: what the rate would cost on an idle machine)");
        Line($"collector RSS: peak {peakResidentBytes / MiB:0} MiB, end {last.ResidentBytes / MiB:0} MiB, GC heap end {last.GcHeapBytes / MiB:0} MiB;  simulator RSS peak {simulatorPeakResidentBytes / MiB:0} MiB, end {simulatorLast.ResidentBytes / MiB:0} MiB");
        Line($"collector sockets / handles at end: {last.Sockets} / {last.Handles}");
        Line($"dropped {counters.Dropped}, duplicates {counters.Duplicates}, failed frames {counters.FailedFrames}, sequence gaps {counters.SequenceGaps}, sink failures {counters.SinkFailures}, collector exit code {collectorExitCode}");
        Line($"trend over {Measured.Count} samples every {options.SampleInterval.TotalSeconds:0.#} s: RSS {Rss.SlopePerHour:+0.0;-0.0} MiB/h, GC heap {GcHeap.SlopePerHour:+0.0;-0.0} MiB/h, sockets {Sockets.SlopePerHour:+0.0;-0.0}/h, handles {Handles.SlopePerHour:+0.0;-0.0}/h -> {(TrendsFlat ? "flat" : "RISING")}");
        return text.ToString();
    }

    public static string SamplesCsv(IReadOnlyList<ResourceSample> collector, IReadOnlyList<ResourceSample> simulator)
    {
        var csv = new StringBuilder("elapsed_s,rss_mib,gc_heap_mib,sockets,handles,cpu_s,simulator_rss_mib,simulator_cpu_s,gc_committed_mib,gc_fragmented_mib,loh_mib,gc_promoted_mib,gen2_collections,heap_after_gen2_mib\n");
        for (var i = 0; i < collector.Count; i++)
        {
            var c = collector[i];
            var s = i < simulator.Count ? simulator[i] : default;
            csv.Append(CultureInfo.InvariantCulture, $"{c.Elapsed.TotalSeconds:0.0},{c.ResidentBytes / MiB:0.0},{c.GcHeapBytes / MiB:0.0},{c.Sockets},{c.Handles},{c.CpuTime.TotalSeconds:0.00},{s.ResidentBytes / MiB:0.0},{s.CpuTime.TotalSeconds:0.00},{c.Gc.CommittedBytes / MiB:0.0},{c.Gc.FragmentedBytes / MiB:0.0},{c.Gc.LargeObjectHeapBytes / MiB:0.0},{c.Gc.PromotedBytes / MiB:0.0},{c.Gc.Gen2Collections},{c.Gc.HeapAfterGen2Bytes / MiB:0.0}\n");
        }

        return csv.ToString();
    }

    private static string PerMessage(TimeSpan cpu, long messages) =>
        messages == 0 ? "-" : (cpu.TotalMicroseconds / messages).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Ms(long microseconds) => (microseconds / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    private TrendLine Fit(Func<ResourceSample, double> value) =>
        TrendLine.Fit(Measured.Select(sample => (sample.Elapsed, value(sample))).ToList());
}

using System.Text.Json;
using BenchmarkDotNet.Attributes;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Benchmarks.Parsing;

/// <summary>
/// Raw frame bytes to normalized records, per venue and message type, on the real recorded frames, against the floor:
/// a bare <see cref="Utf8JsonReader"/> pass over the same bytes (<see cref="Tokenize"/>, the baseline, so the Ratio
/// column is the cost of normalizing relative to tokenizing; the target is at most 2). Each invocation handles
/// <see cref="FramesPerInvoke"/> frames, cycling through the set, so figures are per frame. Allocated bytes per frame
/// of <see cref="Normalize"/> are the output records and their level arrays; anything above that is a defect.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchmarkConfig))]
public class NormalizeBenchmarks
{
    private const int FramesPerInvoke = 2048;

    private readonly List<MarketRecord> _output = new(8);
    private byte[][] _frames = [];
    private IFrameParser _parser = null!;
    private DateTime _received;

    /// <summary>
    /// Every set, or those whose names contain one of the comma-separated parts of <c>MPTEST_BENCH_SETS</c>
    /// (<c>MPTEST_BENCH_SETS=bybit-linear/tickers,binance-spot</c>): a longer job over a few sets takes minutes
    /// instead of an hour.
    /// </summary>
    public static IEnumerable<string> Sets
    {
        get
        {
            var names = FrameSets.All.Select(set => set.Name);
            var filter = Environment.GetEnvironmentVariable("MPTEST_BENCH_SETS");
            if (string.IsNullOrWhiteSpace(filter))
            {
                return names;
            }

            var parts = filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return names.Where(name => parts.Any(part => name.Contains(part, StringComparison.OrdinalIgnoreCase)));
        }
    }

    [ParamsSource(nameof(Sets))]
    public string Set { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var set = FrameSets.Get(Set);
        _frames = set.LoadFrames();
        _parser = set.CreateParser();
        // After every recorded frame (the newest, the Coinbase Advanced Trade sessions, are of 2026-04-07): a frame more than a
        // day ahead of its receive time is an impossible value, rejected before records.
        _received = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

        // Every frame must normalize (a benchmark of error paths would flatter the parser), and the first parse of a
        // symbol resolves its instrument once: do both here, outside the measurement.
        foreach (var frame in _frames)
        {
            _output.Clear();
            var result = _parser.Parse(frame, _received, _output);
            if (result.Kind != FrameKind.Data || _output.Count == 0)
            {
                throw new InvalidOperationException($"{Set}: a frame did not normalize ({result.Kind}: {result.Error}).");
            }
        }
    }

    /// <summary>The floor: every token of every frame read by <see cref="Utf8JsonReader"/>, nothing done with it.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = FramesPerInvoke)]
    public int Tokenize()
    {
        var tokens = 0;
        var frames = _frames;
        for (var i = 0; i < FramesPerInvoke; i++)
        {
            var reader = new Utf8JsonReader(frames[i % frames.Length]);
            while (reader.Read())
            {
                tokens++;
            }
        }

        return tokens;
    }

    /// <summary>The venue parser producing normalized records.</summary>
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)]
    public int Normalize()
    {
        var records = 0;
        var frames = _frames;
        var output = _output;
        for (var i = 0; i < FramesPerInvoke; i++)
        {
            output.Clear();
            _parser.Parse(frames[i % frames.Length], _received, output);
            records += output.Count;
        }

        return records;
    }
}

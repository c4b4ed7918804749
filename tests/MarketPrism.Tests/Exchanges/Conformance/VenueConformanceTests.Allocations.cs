using System.Reflection;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Tests.Exchanges.Conformance;

/// <summary>
/// Rule 2: the parse path allocates the records it returns (with their level arrays and text ids) and nothing else.
/// For the first frame of every kind in the recordings (market and the data types it yields), with the parser in the
/// state the recording left it in: bytes allocated on this thread parsing it <see cref="MeasuredParses"/> times,
/// against the bytes of copying the records those parses produced. No timing involved.
/// </summary>
public abstract partial class VenueConformanceTests
{
    private const int WarmUpParses = 100;
    private const int MeasuredParses = 1_000;

    /// <summary>Room for one-off runtime allocations (tiered JIT bookkeeping) that are not per frame.</summary>
    private const long FixedSlack = 8 * 1024;

    private static readonly Func<object, object> ShallowCopy =
        typeof(object).GetMethod("MemberwiseClone", BindingFlags.Instance | BindingFlags.NonPublic)!.CreateDelegate<Func<object, object>>();

    /// <summary>
    /// Known per-frame allocations beyond the records, by frame kind (<c>market data_type+data_type</c>), each with
    /// why it is there. Every one is a defect to remove, declared so the rule still catches anything more. Default: none.
    /// </summary>
    protected virtual IReadOnlyDictionary<string, (long BytesPerFrame, string Why)> AllocationAllowances { get; } =
        new Dictionary<string, (long, string)>();

    [Fact]
    public void Parsing_recorded_data_frames_allocates_nothing_beyond_the_output_records()
    {
        var measured = new List<string>();
        var failures = new List<string>();
        foreach (var recording in Recordings)
        {
            var parsers = new Dictionary<MarketType, IFrameParser>();
            var kinds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var frame in recording.Frames())
            {
                if (!parsers.TryGetValue(frame.Market, out var parser))
                {
                    parser = NewParser(VenueOf(frame.Market));
                    parsers.Add(frame.Market, parser);
                }

                var output = new List<MarketRecord>();
                var result = parser.Parse(frame.Payload, frame.Received, output);
                var kind = $"{frame.Market.ToWireName()} {string.Join('+', output.Select(record => record.DataType.ToWireName()))}";
                if (result.Kind != FrameKind.Data || output.Count == 0 || !kinds.Add(kind))
                {
                    continue;
                }

                var (parsed, records) = MeasureParsing(parser, frame);
                var floor = MeasureCopying(records);
                measured.Add($"{kind}: {parsed} bytes parsing, {floor} copying");
                var allowance = AllocationAllowances.TryGetValue(kind, out var allowed) ? allowed.BytesPerFrame * MeasuredParses : 0;
                // Slack: one-off runtime allocations, plus 0.1% of the floor for the GC bookkeeping of large frames
                // (a 500-level snapshot copies 32 KB a parse); both stay below one object per frame.
                if (parsed > floor + allowance + FixedSlack + (floor / 1000))
                {
                    failures.Add($"{kind} allocates {parsed} bytes for {MeasuredParses} parses, records alone {floor}: {frame}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Concat(measured)));
        Assert.NotEmpty(measured);
    }

    /// <summary>Bytes allocated parsing a frame <see cref="MeasuredParses"/> times into a list sized in advance, and what those parses produced.</summary>
    private static (long Bytes, List<MarketRecord> Records) MeasureParsing(IFrameParser parser, CapturedFrame frame)
    {
        var output = new List<MarketRecord>(64);

        // Warm-up: JIT, and the one-time resolution and caching of the instrument.
        for (var i = 0; i < WarmUpParses; i++)
        {
            output.Clear();
            parser.Parse(frame.Payload, frame.Received, output);
        }

        output = new List<MarketRecord>(MeasuredParses * (output.Count + 1));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < MeasuredParses; i++)
        {
            parser.Parse(frame.Payload, frame.Received, output);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before, output);
    }

    /// <summary>
    /// Bytes allocated making a copy of every record: the object itself, its level arrays, its text ids and a trade's
    /// transaction hash. The floor for parsing, since a parser cannot produce them for less.
    /// </summary>
    private static long MeasureCopying(List<MarketRecord> records)
    {
        // What each record owns, found before measuring so the reflection-free copy loop allocates only the copies.
        var owned = records.Select(record => (Record: (object)record, Arrays: ArraysOf(record), Texts: TextsOf(record))).ToList();
        var kept = new List<object>(records.Count * 3);
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var (record, arrays, texts) in owned)
        {
            kept.Add(ShallowCopy(record));
            foreach (var array in arrays)
            {
                kept.Add(array.Clone());
            }

            foreach (var text in texts)
            {
                kept.Add(new string(text.AsSpan()));
            }
        }

        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(kept);
        return bytes;
    }

    private static Array[] ArraysOf(MarketRecord record) => record is BookRecord book ? [book.Bids, book.Asks] : [];

    private static string[] TextsOf(MarketRecord record) => record switch
    {
        TradeRecord trade => [.. trade.TradeId.IsNumeric ? [] : new[] { trade.TradeId.ToString() }, .. trade.TransactionHash is { } hash ? [hash] : Array.Empty<string>()],
        LiquidationRecord { LiquidationId: { IsNumeric: false } id } => [id.ToString()],
        _ => [],
    };
}

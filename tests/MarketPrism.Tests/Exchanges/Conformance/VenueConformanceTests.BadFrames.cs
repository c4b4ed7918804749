using System.Text;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Tests.Exchanges.Wire;

namespace MarketPrism.Tests.Exchanges.Conformance;

/// <summary>
/// Rule 6: bad frames (empty, not an object, truncated, values of the wrong type, a channel the venue does not have,
/// hostile sizes, and recorded frames mutated with a fixed seed the ways an outside audit did) give a reason and never
/// throw out of the parser, exactly as the collector and <c>normalize</c> run it (<see cref="IFrameParser.Parse"/>,
/// which ends in the shared record validator). No record may carry a value no market can have, checked independently
/// of the validator (<see cref="PlausibleRecords"/>).
/// </summary>
public abstract partial class VenueConformanceTests
{
    private const int FuzzSeed = 15;
    private const int MutationsPerMarket = 2500;
    private const int SamplesPerMarket = 24;

    [Fact]
    public void Bad_frames_give_a_reason_and_never_throw_out_of_the_parser()
    {
        foreach (var venue in Venues)
        {
            var market = venue.MarketType;
            var parser = NewParser(venue);
            var samples = DataFramesOf(market);

            var rejected = new List<(string What, byte[] Frame)>
            {
                ("empty", []),
                ("blank", " \r\n\t "u8.ToArray()),
                ("array", "[]"u8.ToArray()),
                ("null", "null"u8.ToArray()),
                ("number", "42"u8.ToArray()),
                ("string", "\"text\""u8.ToArray()),
                ("empty object", "{}"u8.ToArray()),
                ("not JSON", "ping pong"u8.ToArray()),
                ("deep nesting", Encoding.UTF8.GetBytes(new string('[', 100_000))),
                ("deep object nesting", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 20_000)))),
            };
            rejected.AddRange(UnknownChannelFrames(market).Select(frame => ("unknown channel", Encoding.UTF8.GetBytes(frame))));
            foreach (var sample in samples)
            {
                foreach (var fraction in new[] { 0.25, 0.5, 0.75 })
                {
                    rejected.Add(($"truncated to {fraction:P0} of {sample}", sample.Payload[..(int)(sample.Payload.Length * fraction)]));
                }

                rejected.Add(($"last byte cut from {sample}", sample.Payload[..^1]));
            }

            foreach (var (what, frame) in rejected)
            {
                var result = ParseSafely(parser, frame, out var records, what);
                Assert.True(result.Kind is not (FrameKind.Data or FrameKind.SubscriptionAck), $"{Exchange} {market.ToWireName()}: {what} parsed as {result.Kind}");
                Assert.True(!string.IsNullOrWhiteSpace(result.Error), $"{Exchange} {market.ToWireName()}: {what} gave {result.Kind} without a reason");
                Assert.Empty(records);
            }

            // Damage that may still leave a readable frame: each must be read right or refused with a reason.
            var damaged = new List<(string What, byte[] Frame)>();
            foreach (var sample in samples)
            {
                damaged.AddRange(WrongTypes(sample));
                damaged.Add(($"a 4 MB string field in {sample}", Pad(sample.Payload, 4 << 20)));
                damaged.Add(($"a 100,000-digit number in {sample}", ReplaceFirstNumber(sample.Payload, new string('9', 100_000))));
            }

            foreach (var (what, frame) in damaged)
            {
                ParseSafely(parser, frame, out _, what);
            }
        }
    }

    [Fact]
    public void Mutated_recorded_frames_never_throw_always_say_why_and_never_yield_an_impossible_value()
    {
        var frames = Recordings.SelectMany(recording => recording.Frames()).ToList();
        Assert.NotEmpty(frames);
        foreach (var venue in Venues)
        {
            var parser = NewParser(venue);
            var mutator = new FrameMutator(new Random(FuzzSeed));
            var pick = new Random(FuzzSeed + 1);
            int data = 0, rejected = 0;
            for (var n = 0; n < MutationsPerMarket; n++)
            {
                var original = frames[pick.Next(frames.Count)];
                var result = ParseSafely(parser, mutator.Mutate(original.Payload), out _, $"a mutation of {original}", original.Received);
                data += result.Kind == FrameKind.Data ? 1 : 0;
                rejected += result.Kind is FrameKind.Malformed or FrameKind.SubscriptionError ? 1 : 0;
            }

            // The mutations must exercise both outcomes, or the rule proves nothing.
            Assert.True(data > MutationsPerMarket / 20, $"{Exchange} {venue.MarketType.ToWireName()}: only {data} mutated frames were data");
            Assert.True(rejected > MutationsPerMarket / 20, $"{Exchange} {venue.MarketType.ToWireName()}: only {rejected} mutated frames were rejected");
        }
    }

    [Fact]
    public void Mutated_depth_snapshot_answers_are_rejected_with_a_reason_or_hold_only_possible_levels()
    {
        foreach (var (market, bodies) in DepthSnapshotBodies())
        {
            var venue = VenueOf(market);
            Assert.NotEmpty(bodies);
            var mutator = new FrameMutator(new Random(FuzzSeed));
            var pick = new Random(FuzzSeed + 1);
            int accepted = 0, refused = 0;
            for (var n = 0; n < 300; n++)
            {
                var (original, received) = bodies[pick.Next(bodies.Count)];
                var body = mutator.Mutate(original);
                try
                {
                    var snapshot = venue.ParseValidatedDepthSnapshot(body, received);
                    accepted++;
                    var impossible = PlausibleRecords.BookViolation(snapshot.Bids, snapshot.Asks, isFull: true)
                        ?? PlausibleRecords.TimeViolation(snapshot.Timestamp, snapshot.LocalTimestamp);
                    Assert.True(impossible is null, $"{Exchange} {market.ToWireName()} depth: {impossible}");
                }
                catch (FormatException ex)
                {
                    refused++;
                    Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                }
            }

            Assert.True(accepted > 0 && refused > 0, $"{accepted} accepted, {refused} refused");
        }
    }

    /// <summary>The REST depth answers the collector fetches from this venue, by market. Default: none.</summary>
    protected virtual IEnumerable<(MarketType Market, List<(byte[] Body, DateTime Received)> Bodies)> DepthSnapshotBodies() => [];

    /// <summary>Parses a frame that must not throw; a rejection must say why and leave nothing; records must be possible.</summary>
    private FrameParseResult ParseSafely(IFrameParser parser, byte[] frame, out List<MarketRecord> records, string what, DateTime? received = null)
    {
        records = [];
        FrameParseResult result;
        try
        {
            result = parser.Parse(frame, received ?? VenueRecording.UnrecordedReceiveTime, records);
        }
        catch (Exception ex)
        {
            Assert.Fail($"{Exchange}: the parser threw {ex.GetType().Name} ({ex.Message}) on {what}");
            throw;
        }

        if (result.Kind is FrameKind.Malformed or FrameKind.SubscriptionError)
        {
            Assert.False(string.IsNullOrWhiteSpace(result.Error), $"{Exchange}: {what} was rejected without a reason");
        }

        if (result.Kind != FrameKind.Data)
        {
            Assert.Empty(records);
        }

        foreach (var record in records)
        {
            var impossible = PlausibleRecords.Violation(record);
            Assert.True(impossible is null, $"{Exchange}: {impossible} from {what}");
        }

        return result;
    }

    /// <summary>Up to <see cref="SamplesPerMarket"/> recorded frames of the market that parse as data, one per kind first.</summary>
    private List<CapturedFrame> DataFramesOf(MarketType market)
    {
        var byKind = new Dictionary<string, List<CapturedFrame>>(StringComparer.Ordinal);
        foreach (var (frame, result, records) in ParseRecordings())
        {
            if (frame.Market == market && result.Kind == FrameKind.Data && records.Count > 0)
            {
                var kind = string.Join('+', records.Select(record => record.DataType.ToWireName()));
                (byKind.TryGetValue(kind, out var list) ? list : byKind[kind] = []).Add(frame);
            }
        }

        // Round-robin over the kinds, so every kind is damaged before any kind twice.
        var picked = new List<CapturedFrame>();
        for (var round = 0; picked.Count < SamplesPerMarket && byKind.Values.Any(list => list.Count > round); round++)
        {
            picked.AddRange(byKind.Values.Where(list => list.Count > round).Select(list => list[round]).Take(SamplesPerMarket - picked.Count));
        }

        return picked;
    }

    /// <summary>The frame with each of its first string values in turn replaced by an array, an object, a number and a boolean.</summary>
    private static IEnumerable<(string What, byte[] Frame)> WrongTypes(CapturedFrame sample)
    {
        var text = sample.Text;
        var replaced = 0;
        for (var at = text.IndexOf(":\"", StringComparison.Ordinal); at >= 0 && replaced < 8; at = text.IndexOf(":\"", at + 2, StringComparison.Ordinal))
        {
            var end = text.IndexOf('"', at + 2);
            if (end < 0)
            {
                break;
            }

            replaced++;
            foreach (var wrong in new[] { "[1,2]", "{\"x\":1}", "12345", "true", "null" })
            {
                yield return ($"value {replaced} as {wrong} in {sample}", Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, at + 1), wrong, text.AsSpan(end + 1))));
            }
        }
    }

    private static byte[] Pad(byte[] frame, int size)
    {
        var open = Array.IndexOf(frame, (byte)'{');
        if (open < 0)
        {
            return frame;
        }

        var pad = Encoding.UTF8.GetBytes($"\"padding\":\"{new string('x', size)}\",");
        return [.. frame.AsSpan(0, open + 1), .. pad, .. frame.AsSpan(open + 1)];
    }

    private static byte[] ReplaceFirstNumber(byte[] frame, string number)
    {
        var text = Encoding.UTF8.GetString(frame);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        while (colon >= 0 && colon + 1 < text.Length && !char.IsAsciiDigit(text[colon + 1]))
        {
            colon = text.IndexOf(':', colon + 1);
        }

        if (colon < 0 || colon + 1 >= text.Length)
        {
            return frame;
        }

        var end = colon + 1;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
        {
            end++;
        }

        return Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, colon + 1), number, text.AsSpan(end)));
    }
}

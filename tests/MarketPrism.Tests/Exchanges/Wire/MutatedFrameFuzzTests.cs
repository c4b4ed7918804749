using System.Text;
using MarketPrism.Core.Model;
using MarketPrism.Core.Recordings;
using MarketPrism.Exchanges;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Tests.Exchanges.Wire;

/// <summary>
/// Real recorded frames of every venue, mutated with a fixed seed (<see cref="FrameMutator"/>), run through the venue's
/// own parser exactly as the collector and <c>normalize</c> run it (<see cref="IFrameParser.Parse"/>, which ends in the
/// shared record validator; REST depth bodies through <see cref="DepthSnapshots.ParseValidatedDepthSnapshot"/>). Nothing
/// may throw, every rejected frame says why, and no record carries a value no market can have, checked here
/// independently of the validator.
/// </summary>
public sealed class MutatedFrameFuzzTests
{
    private const int Seed = 15;
    private const int MutationsPerMarket = 2500;

    public static TheoryData<string, string, string[]> Markets => new()
    {
        { "binance", "spot", ["binance/BINANCE.ws.1.0", "binance/tardis-node_mappers_binance.ndjson"] },
        { "binance", "perpetual", ["binance-futures/BINANCE_FUTURES.ws.1.0", "binance-futures/tardis-node_mappers_binance-futures.ndjson"] },
        { "okx", "spot", ["okx/OKX.ws.1.0", "okx/tardis-node_mappers_okex-spot-v5.ndjson"] },
        { "okx", "perpetual", ["okx/OKX.ws.1.0", "okx/tardis-node_mappers_okex-swap-v5.ndjson"] },
        { "okx", "futures", ["okx/OKX.ws.1.0", "okx/tardis-node_mappers_okex-futures-v5.ndjson"] },
        { "bybit", "spot", ["bybit/tardis-node_mappers_bybit-v5.ndjson"] },
        { "bybit", "perpetual", ["bybit/tardis-node_mappers_bybit-v5.ndjson", "bybit/2024-12-01_XRPUSDT_ob500.data"] },
        { "deribit", "perpetual", ["deribit/DERIBIT.ws.1.0", "deribit/tardis-node_mappers_deribit.ndjson"] },
        { "deribit", "option", ["deribit/DERIBIT.ws.1.0", "deribit/tardis-node_mappers_deribit.ndjson"] },
    };

    public static TheoryData<string, string, string> DepthResponses => new()
    {
        { "binance", "spot", "binance/BINANCE.http.0.0" },
        { "binance", "perpetual", "binance-futures/BINANCE_FUTURES.http.0.0" },
    };

    [Theory]
    [MemberData(nameof(Markets))]
    public void Mutated_frames_never_throw_always_say_why_and_never_yield_an_impossible_value(string exchange, string market, string[] files)
    {
        Assert.True(WireNames.TryParseMarketType(market, out var marketType));
        var venue = VenueCatalog.Get(exchange, marketType);
        var frames = files.SelectMany(Received).ToList();
        Assert.NotEmpty(frames);

        var parser = venue.CreateParser(venue.CreateInstrumentTable([]));
        var mutator = new FrameMutator(new Random(Seed));
        var pick = new Random(Seed + 1);
        var records = new List<MarketRecord>();
        int data = 0, rejected = 0;
        for (var n = 0; n < MutationsPerMarket; n++)
        {
            var (original, received) = frames[pick.Next(frames.Count)];
            var frame = mutator.Mutate(original);
            records.Clear();
            FrameParseResult result;
            try
            {
                result = parser.Parse(frame, received, records);
            }
            catch (Exception ex)
            {
                Assert.Fail($"{exchange}/{market} threw {ex.GetType().Name} ({ex.Message}) on: {Encoding.UTF8.GetString(frame)}");
                return;
            }

            if (result.Kind is FrameKind.Malformed or FrameKind.SubscriptionError)
            {
                rejected++;
                Assert.False(string.IsNullOrWhiteSpace(result.Error), $"{exchange}/{market} rejected a frame without a reason: {Encoding.UTF8.GetString(frame)}");
                Assert.Empty(records);
            }
            else if (result.Kind != FrameKind.Data)
            {
                Assert.Empty(records);
            }

            data += result.Kind == FrameKind.Data ? 1 : 0;
            foreach (var record in records)
            {
                var impossible = PlausibleRecords.Violation(record);
                Assert.True(impossible is null, $"{exchange}/{market}: {impossible} from {Encoding.UTF8.GetString(frame)}");
            }
        }

        // The mutations must exercise both outcomes, or the test proves nothing.
        Assert.True(data > MutationsPerMarket / 20, $"only {data} mutated frames were data");
        Assert.True(rejected > MutationsPerMarket / 20, $"only {rejected} mutated frames were rejected");
    }

    [Theory]
    [MemberData(nameof(DepthResponses))]
    public void Mutated_depth_snapshots_are_rejected_with_a_reason_or_hold_only_possible_levels(string exchange, string market, string file)
    {
        Assert.True(WireNames.TryParseMarketType(market, out var marketType));
        var venue = VenueCatalog.Get(exchange, marketType);
        var bodies = CaptureReader.ReadFile(PathOf(file))
            .Where(entry => entry.Kind == CaptureEntryKind.HttpResponse && entry.Url is not null && entry.Url.Contains("/depth", StringComparison.Ordinal))
            .Select(entry => (Body: entry.Payload.ToArray(), Received: ReceiveTime(entry)))
            .ToList();
        Assert.NotEmpty(bodies);

        var mutator = new FrameMutator(new Random(Seed));
        var pick = new Random(Seed + 1);
        int accepted = 0, rejected = 0;
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
                Assert.True(impossible is null, $"{exchange}/{market} depth: {impossible}");
            }
            catch (FormatException ex)
            {
                rejected++;
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            }
        }

        Assert.True(accepted > 0 && rejected > 0, $"{accepted} accepted, {rejected} rejected");
    }

    private static string PathOf(string relative) =>
        Path.Combine(AppContext.BaseDirectory, "recordings", relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Frames of a file with their receive time; frames recorded without one get a fixed time after them (2026-01-01).</summary>
    private static IEnumerable<(byte[] Frame, DateTime Received)> Received(string relative) =>
        CaptureReader.ReadFile(PathOf(relative))
            .Where(entry => entry.Kind == CaptureEntryKind.Received)
            .Select(entry => (entry.Payload.ToArray(), ReceiveTime(entry)));

    private static DateTime ReceiveTime(CaptureEntry entry) => entry.UnixSeconds is { } seconds
        ? DateTime.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond))
        : new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
}

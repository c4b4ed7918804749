using BenchmarkDotNet.Attributes;
using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Binance;

namespace MarketPrism.Benchmarks.Books;

/// <summary>
/// The book engine on a 1,000-level-per-side book (a Binance <c>limit=1000</c> snapshot) with updates shaped like a
/// real diff-depth stream: a few levels each, mostly near the top, a quarter of them removals. Reports the cost per
/// update (<see cref="UpdatesPerInvoke"/> updates per invocation).
/// </summary>
[MemoryDiagnoser]
public class OrderBookBenchmarks
{
    private const int UpdatesPerInvoke = 10_000;
    private static readonly Instrument Perp = new("binance-usdm", MarketType.Perpetual, "BTC", "USDT", "BTCUSDT", ContractKind.Linear);

    private readonly List<MarketRecord> _output = new(UpdatesPerInvoke * 2);
    private BookLevel[] _snapshotBids = [];
    private BookLevel[] _snapshotAsks = [];
    private BookDeltaRecord[] _updates = [];
    private OrderBook _book = new();
    private BookSynchronizer _synchronizer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _snapshotBids = Enumerable.Range(0, 1000).Select(i => new BookLevel((100_000 - i) / 100m, random.Next(1, 1000) / 100m)).ToArray();
        _snapshotAsks = Enumerable.Range(0, 1000).Select(i => new BookLevel((100_001 + i) / 100m, random.Next(1, 1000) / 100m)).ToArray();
        _updates = new BookDeltaRecord[UpdatesPerInvoke];
        var time = DateTime.UnixEpoch.AddYears(51);
        for (var i = 0; i < _updates.Length; i++)
        {
            _updates[i] = new BookDeltaRecord
            {
                Instrument = Perp,
                Timestamp = time.AddMilliseconds(i * 10),
                LocalTimestamp = time.AddMilliseconds(i * 10),
                Bids = Levels(random, bid: true),
                Asks = Levels(random, bid: false),
                FirstUpdateId = (i * 10) + 1,
                LastUpdateId = (i * 10) + 10,
                PreviousUpdateId = i * 10,
            };
        }

        _book = new OrderBook();
        _book.Load(_snapshotBids, _snapshotAsks);
    }

    [Benchmark(OperationsPerInvoke = UpdatesPerInvoke)]
    public int Apply()
    {
        foreach (var update in _updates)
        {
            _book.Apply(update.Bids, update.Asks);
        }

        return _book.BidCount;
    }

    [IterationSetup(Target = nameof(SynchronizeAndApply))]
    public void ResetSynchronizer()
    {
        _output.Clear();
        _synchronizer = new BookSynchronizer(Perp, BinanceFuturesBookRules.Instance, new BookOptions { SnapshotInterval = TimeSpan.FromSeconds(1) });
        _synchronizer.OnDelta(_updates[0], _output);
        _synchronizer.OnSnapshot(new DepthSnapshot(5, _snapshotBids, _snapshotAsks, _updates[0].Timestamp, _updates[0].LocalTimestamp), _output);
    }

    /// <summary>The whole synchronized path per update: continuity check, apply, crossed check, interval snapshots.</summary>
    [Benchmark(OperationsPerInvoke = UpdatesPerInvoke - 1)]
    public long SynchronizeAndApply()
    {
        for (var i = 1; i < _updates.Length; i++)
        {
            _synchronizer.OnDelta(_updates[i], _output);
        }

        return _synchronizer.LastUpdateId;
    }

    private static BookLevel[] Levels(Random random, bool bid)
    {
        var levels = new BookLevel[random.Next(1, 8)];
        for (var i = 0; i < levels.Length; i++)
        {
            var distance = random.Next(20) == 0 ? random.Next(0, 1000) : random.Next(0, 20);
            var ticks = bid ? 100_000 - distance : 100_001 + distance;
            levels[i] = new BookLevel(ticks / 100m, random.Next(4) == 0 ? 0m : random.Next(1, 1000) / 100m);
        }

        return levels;
    }
}

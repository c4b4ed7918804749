using BenchmarkDotNet.Attributes;
using MarketPrism.Benchmarks.Parsing;
using MarketPrism.Benchmarks.Recordings;
using MarketPrism.Core.Books;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Binance;

namespace MarketPrism.Benchmarks.Books;

/// <summary>
/// Book apply per update on real data: every COIN-M depth diff of the largest capture applied, in recorded order, to
/// its symbol's book loaded from the recorded 1,000-level REST snapshot. The diffs cycle, so after the first round the
/// books keep their realistic depth and the same updates land again.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchmarkConfig))]
public class RecordedBookBenchmarks
{
    private const int UpdatesPerInvoke = 4096;

    private BookDeltaRecord[] _updates = [];
    private OrderBook[] _bookOfUpdate = [];

    [GlobalSetup]
    public void Setup()
    {
        var books = new Dictionary<string, OrderBook>(StringComparer.Ordinal);
        var local = new DateTime(2021, 7, 22, 22, 25, 42, DateTimeKind.Utc);
        foreach (var (url, body) in RecordedFrames.Responses("binance-delivery/BINANCE_DELIVERY.http.0.0"))
        {
            var symbol = new Uri(url).Query.Split('&')[0].Split('=')[1];
            var snapshot = BinanceRestParser.ParseDepthSnapshot(body, local).Value
                ?? throw new InvalidOperationException($"snapshot of {symbol} did not parse");
            var book = new OrderBook();
            book.Load(snapshot.Bids, snapshot.Asks);
            books[symbol] = book;
        }

        var updates = ParsedRecords.Of(FrameSets.Get("binance-coinm/depthUpdate"), DataType.BookDelta).Cast<BookDeltaRecord>().ToList();
        _updates = [.. updates];
        _bookOfUpdate = [.. updates.Select(update => books[update.ExchangeSymbol])];
    }

    [Benchmark(OperationsPerInvoke = UpdatesPerInvoke)]
    public int Apply()
    {
        var levels = 0;
        for (var i = 0; i < UpdatesPerInvoke; i++)
        {
            var index = i % _updates.Length;
            var update = _updates[index];
            var book = _bookOfUpdate[index];
            book.Apply(update.Bids, update.Asks);
            levels += book.BidCount;
        }

        return levels;
    }
}

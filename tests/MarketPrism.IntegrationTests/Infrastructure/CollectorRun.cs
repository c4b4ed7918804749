using MarketPrism.Core.Books;
using MarketPrism.Core.Model;
using MarketPrism.Sinks.FileStore;
using MarketPrism.Simulator;

namespace MarketPrism.IntegrationTests.Infrastructure;

/// <summary>
/// One collector run against a simulator, both as separate processes: start the simulator, start the collector,
/// wait until every stream is subscribed, replay the recorded sessions, stop the collector with SIGTERM.
/// </summary>
public sealed class CollectorRun : IAsyncDisposable
{
    /// <summary>Spot: 4 symbols x (aggTrade, depth, bookTicker); perpetual: 4 x (aggTrade, depth, bookTicker, markPrice, forceOrder).</summary>
    public const int ExpectedSubscriptions = 32;

    /// <summary>Books the collector keeps: 4 spot, 4 perpetual.</summary>
    public const int Books = 8;

    public const string SpotVenue = "binance-spot";
    public const string FuturesVenue = "binance-futures";

    private CollectorRun(TempDirectory directory, SimulatorProcess simulator, ChildProcess collector)
    {
        Directory = directory;
        Simulator = simulator;
        Collector = collector;
    }

    public TempDirectory Directory { get; }

    public SimulatorProcess Simulator { get; }

    public ChildProcess Collector { get; }

    public string DataDirectory => Directory.Combine("data");

    /// <param name="expectedSubscriptions">Subscriptions the collector makes; the run starts once the simulator has them all.</param>
    /// <param name="collectorExecutable">A native build of the collector to run (see <see cref="NativeBuild"/>); null runs the test's own build.</param>
    public static async Task<CollectorRun> StartAsync(
        string[] simulatorArguments,
        Func<TempDirectory, SimulatorProcess, string> writeConfig,
        int expectedSubscriptions = ExpectedSubscriptions,
        string? collectorExecutable = null)
    {
        var directory = new TempDirectory();
        var simulator = await SimulatorProcess.StartAsync(directory.Path, simulatorArguments);
        var config = writeConfig(directory, simulator);
        var collector = collectorExecutable is null
            ? ChildProcess.StartMarketPrism(["collect", "--config", config], directory.Path)
            : ChildProcess.Start(collectorExecutable, ["collect", "--config", config], directory.Path);
        var run = new CollectorRun(directory, simulator, collector);
        try
        {
            await simulator.WaitUntilAsync(
                status => status.Connections.Sum(connection => connection.Subscriptions.Length) >= expectedSubscriptions,
                TimeSpan.FromSeconds(60),
                $"{expectedSubscriptions} subscriptions");
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }

        return run;
    }

    /// <summary>Starts the replay and waits until both venues sent their last recorded frame.</summary>
    public async Task ReplayToEndAsync(TimeSpan timeout)
    {
        await Simulator.StartTimelineAsync();
        await Simulator.WaitUntilAsync(status => status.Venues.All(venue => venue.Finished), timeout, "both sessions finished");
    }

    /// <summary>
    /// Starts the replay and waits until every venue sent its last recorded frame and every frame is written to the
    /// collector's sockets (<see cref="SimulatorProcess.WaitUntilEverythingSentAsync"/>): a stop from then on loses
    /// nothing, so no settle delay is needed before it.
    /// </summary>
    public async Task<SimulatorStatus> ReplayAllSentAsync(TimeSpan timeout)
    {
        await Simulator.StartTimelineAsync();
        return await Simulator.WaitUntilEverythingSentAsync(timeout);
    }

    /// <summary>Sends SIGTERM and returns the exit code.</summary>
    public Task<int> StopCollectorAsync() => Collector.TerminateAsync(TimeSpan.FromSeconds(60));

    public async Task<List<MarketRecord>> ReadStoreAsync() => [.. await new StoreReader(DataDirectory).ReadAllAsync()];

    /// <summary>
    /// The book a consumer of the store rebuilds for a symbol: its last <c>book_snapshot</c>, then every later
    /// <c>book_delta</c>.
    /// </summary>
    public static OrderBook RebuildFinalBook(IEnumerable<MarketRecord> records, MarketType market, string symbol) =>
        RebuildFinalBook(records.Where(record => record.MarketType == market && record.SymbolName == symbol), $"{market} {symbol}");

    /// <summary>The same for records already narrowed to one instrument (<paramref name="what"/> names it in errors).</summary>
    public static OrderBook RebuildFinalBook(IEnumerable<MarketRecord> instrumentRecords, string what)
    {
        var books = instrumentRecords.OfType<BookRecord>().ToList();
        var lastSnapshot = books.OfType<BookSnapshotRecord>().LastOrDefault()
            ?? throw new InvalidOperationException($"No book_snapshot stored for {what}.");
        var book = new OrderBook();
        book.Load(lastSnapshot.Bids, lastSnapshot.Asks);
        foreach (var delta in books.OfType<BookDeltaRecord>().Where(delta => delta.LastUpdateId > lastSnapshot.LastUpdateId))
        {
            book.Apply(delta.Bids, delta.Asks);
        }

        return book;
    }

    public static OrderBook ToBook(TrueBook truth)
    {
        var book = new OrderBook();
        book.Load(truth.Bids, truth.Asks);
        return book;
    }

    public async ValueTask DisposeAsync()
    {
        await Collector.DisposeAsync();
        await Simulator.DisposeAsync();
        Directory.Dispose();
    }
}

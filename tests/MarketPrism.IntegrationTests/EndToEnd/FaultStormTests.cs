using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.IntegrationTests.Infrastructure;

namespace MarketPrism.IntegrationTests.EndToEnd;

/// <summary>
/// The fault storm: the collector and the simulator as processes, every fault the simulator can inject, one after
/// another, each checked to show up in <c>/metrics</c> with its <c>error_type</c>; then the collector must be alive,
/// synced, holding what it held before, its books equal to the truth, and never have broken a venue's limit.
/// The CI variant runs one round (about a minute); <c>MPTEST_LONG_STORM=1</c> runs many rounds and also checks
/// that open descriptors and memory do not grow from round to round.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class FaultStormTests
{
    private const string Spot = CollectorRun.SpotVenue;
    private const string Futures = CollectorRun.FuturesVenue;
    private const int LongRounds = 15;

    private static readonly (string Venue, MarketType Market, string Symbol)[] Books =
    [
        (Spot, MarketType.Spot, "NKN-USDT"), (Spot, MarketType.Spot, "BLZ-ETH"), (Spot, MarketType.Spot, "LRC-BTC"), (Spot, MarketType.Spot, "RUNE-EUR"),
        (Futures, MarketType.Perpetual, "SUSHI-USDT"), (Futures, MarketType.Perpetual, "AKRO-USDT"), (Futures, MarketType.Perpetual, "KEEP-USDT"), (Futures, MarketType.Perpetual, "CTK-USDT"),
    ];

    /// <summary>
    /// Open sockets may differ by the REST clients' pooled connections to the simulator: one per concurrent request
    /// (at most one per book resyncing, plus a scheduled job's), closed only after a minute idle. A leak per
    /// reconnect would exceed it within a round (a round reconnects about ten times).
    /// </summary>
    private const int SocketTolerance = CollectorRun.Books + 2;

    /// <summary>Pipes, event and timer fds: the collector creates none per connection, so they stay (almost) flat.</summary>
    private const int HandleTolerance = 2;

    /// <summary>
    /// Resident memory is compared without forcing a collection, so it includes garbage the GC has not collected yet:
    /// each oversized frame leaves its receive buffer (1 MiB doubling to 16 MiB: about 30 MiB per connection, two
    /// connections) on the large-object heap until the next full collection, and every resync leaves its snapshot and
    /// replaced book in gen2 the same way. Nothing in one round forces a full collection (one measured round:
    /// managed heap 28 MB before, 160 MB after, RSS 150 MB to 280 MB, with nothing of it live). This bound is what
    /// that garbage can reach; a real leak shows as growth from round to round, which the long variant checks with
    /// half this bound over 15 rounds, long enough for full collections to run.
    /// </summary>
    private const long MemoryToleranceBytes = 160L * 1024 * 1024;

    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_collector_survives_a_storm_of_every_fault_with_books_equal_to_the_truth_no_limit_broken_and_nothing_leaked()
    {
        var rounds = Environment.GetEnvironmentVariable("MPTEST_LONG_STORM") == "1" ? LongRounds : 1;
        var started = TimeProvider.System.GetTimestamp();
        await using var run = await CollectorRun.StartAsync(
            ["--speed", "4", "--loop"],
            // JSON lines, not Parquet: the Parquet writer holds each open file's rows in memory until a row group of
            // 100 000 rows is full, and with 1000-level book snapshots every second that grows by tens of MB a minute,
            // with or without faults, which would hide what this test measures (what the faults leave behind).
            (directory, simulator) => CollectorConfigFile.Write(
                directory, simulator, format: "jsonl", http: true, healthGracePeriod: "2s", extraConnections: "stall_floor: 2s"));
        using var http = await CollectorHttp.FromLogAsync(run.Collector);
        var storm = new Storm(run, http);
        await run.Simulator.StartTimelineAsync();
        await storm.WaitReadyAsync();
        // The baseline is taken once start-up is over, by end conditions rather than a delay: books synced (ready),
        // every scheduled job run once, and one whole pass of each session replayed, so every kind of frame has
        // been handled (JIT, pools, buffers at their working size) before anything is compared with it.
        await http.WaitForEveryJobToSucceedAsync(StepTimeout);
        await run.Simulator.WaitUntilAsync(
            status => status.Venues.Where(venue => venue.Started).All(venue => venue.Loops >= 1), TimeSpan.FromSeconds(90), "one pass of each session");
        await storm.WaitReadyAsync();
        var before = ProcessResources.Of(run.Collector.Id);
        var perRound = new List<ProcessResources>();

        for (var round = 0; round < rounds; round++)
        {
            await storm.RoundAsync();
            perRound.Add(ProcessResources.Of(run.Collector.Id));
        }

        // Stop faulting; the collector must come back by itself.
        await storm.WaitReadyAsync();
        await http.WaitForStatusAsync("health", 200, StepTimeout);
        // The last dead connection's socket and timers go a moment after its replacement is up: wait for the
        // descriptors to come back within bounds instead of for a fixed time (a leak never does, and fails here).
        var after = ProcessResources.Of(run.Collector.Id);
        await Eventually.WaitUntilAsync(
            () =>
            {
                after = ProcessResources.Of(run.Collector.Id);
                return Task.FromResult(after.Sockets <= before.Sockets + SocketTolerance && after.OtherHandles <= before.OtherHandles + HandleTolerance);
            },
            $"the collector's descriptors to come back to at most {before.Sockets + SocketTolerance} sockets and {before.OtherHandles + HandleTolerance} other handles (before the storm: {before})",
            TimeSpan.FromMilliseconds(200),
            StepTimeout);
        var afterDetail = ProcessResources.Describe(run.Collector.Id);
        Assert.False(run.Collector.HasExited, run.Collector.Output);

        // Halted, with every frame on the sockets: the stop reads and stores them (no settle delay).
        await run.Simulator.HaltAsync();
        await run.Simulator.WaitUntilEverythingSentAsync(StepTimeout);
        var exposition = await http.ScrapeAsync();
        var status = await run.Simulator.StatusAsync();
        var requests = await run.Simulator.RequestsAsync();
        Assert.Equal(0, await run.StopCollectorAsync());
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        var summary = $"storm: {rounds} round(s) in {elapsed.TotalSeconds:0} s; before {before}, after {after} ({afterDetail}); per round: {string.Join(" | ", perRound)}"
            + $"; REST requests {requests.Length}, answered 429: {requests.Count(r => r.Status == 429)}, 418: {requests.Count(r => r.Status == 418)}, inside a Retry-After window: {requests.Count(r => r.InsideRetryAfterWindow)}"
            + Environment.NewLine + string.Join(Environment.NewLine, storm.Log);
        TestContext.Current.TestOutputHelper?.WriteLine(summary);

        // Every book equals the simulator's truth (the replay is halted, so the truth stands still).
        var records = await run.ReadStoreAsync();
        foreach (var (venue, market, symbol) in Books)
        {
            var truth = CollectorRun.ToBook(await run.Simulator.TrueBookAsync(venue, symbol.Replace("-", "", StringComparison.Ordinal), 1000));
            Assert.True(CollectorRun.RebuildFinalBook(records, market, symbol).TopEquals(truth, 100), $"{market} {symbol} differs from the truth");
        }

        // No request inside a ban, no venue limit broken.
        Assert.DoesNotContain(requests, request => request.InsideBanWindow);
        Assert.Contains(requests, request => request.Status == 418);
        Assert.Contains(requests, request => request.Status == 429);
        Assert.Empty(status.RateLimitViolations);
        Assert.All(status.Venues, venue => Assert.Equal(0, venue.RestWeightExceeded));
        // The storm collects Binance only; the simulator's other venues are idle. Spot's books resync over REST, so it
        // saw the slow answers.
        Assert.True(status.Venues.Single(venue => venue.Name == CollectorRun.SpotVenue).SlowRestResponses > 0, "binance-spot: no slow REST response");

        // Sockets and memory back to their level before the storm.
        Assert.True(after.Sockets <= before.Sockets + SocketTolerance, $"sockets: before {before}, after {after} ({afterDetail}){Environment.NewLine}{summary}");
        Assert.True(after.OtherHandles <= before.OtherHandles + HandleTolerance, $"handles: before {before}, after {after} ({afterDetail}){Environment.NewLine}{summary}");
        Assert.True(after.ResidentBytes <= before.ResidentBytes + MemoryToleranceBytes, $"memory: before {before}, after {after}{Environment.NewLine}{summary}");
        if (perRound.Count >= 5)
        {
            // Growth from round to round is a leak whatever the tolerance: compare the last rounds with the first.
            var settled = perRound[1];
            Assert.True(perRound[^1].Sockets <= settled.Sockets + SocketTolerance, string.Join(" | ", perRound));
            Assert.True(perRound[^1].OtherHandles <= settled.OtherHandles + HandleTolerance, string.Join(" | ", perRound));
            Assert.True(perRound[^1].ResidentBytes <= settled.ResidentBytes + MemoryToleranceBytes / 2, string.Join(" | ", perRound));
        }

        // Every fault was counted, each step under the error type it is (checked step by step), and in total.
        Assert.True(storm.Missed.Count == 0, string.Join(Environment.NewLine, storm.Missed) + Environment.NewLine + summary);
        Assert.True(CollectorHttp.Sample(exposition, "marketprism_errors_total{exchange=\"binance\",error_type=\"unknown\"}") == 0, exposition);
    }

    /// <summary>Drives the faults through the simulator's control API and checks each one's trace in /metrics.</summary>
    private sealed class Storm(CollectorRun run, CollectorHttp http)
    {
        public List<string> Missed { get; } = [];

        /// <summary>One line per step: how long its effect took to show and what the collector held after it.</summary>
        public List<string> Log { get; } = [];

        private SimulatorProcess Simulator => run.Simulator;

        public async Task RoundAsync()
        {
            await StepAsync("clean disconnect (spot)", Errors("network"), 1, () => Post($"sim/faults/disconnect?venue={Spot}&mode=close"));
            await StepAsync("TCP reset (perpetual)", Errors("network"), 1, () => Post($"sim/faults/disconnect?venue={Futures}&mode=reset"));
            await StepAsync("sequence gap (perpetual)", Errors("sequence_gap"), 1, () => Post($"sim/faults/gap?venue={Futures}&symbol=SUSHIUSDT"));
            await StepAsync("garbled frames", Errors("data"), null, () => Armed($"sim/faults/garble?venue={Spot}", $"sim/faults/garble?venue={Futures}"));
            await StepAsync("oversized frames", Errors("data"), null, () => Armed($"sim/faults/oversize?venue={Spot}", $"sim/faults/oversize?venue={Futures}"));
            await StepAsync("429 burst with Retry-After on the snapshot a gap asks for (spot)", Errors("rate_limited"), 2, async () =>
            {
                await Post($"sim/faults/rest?venue={Spot}&status=429&count=2&retry_after=1");
                await Post($"sim/faults/gap?venue={Spot}&symbol=NKNUSDT");
                return 2;
            });
            await StepAsync("slow REST snapshots (spot)", "marketprism_book_resyncs_total{exchange=\"binance\",market_type=\"spot\",reason=\"gap\"}", 1, async () =>
            {
                await Post($"sim/faults/slow-rest?venue={Spot}&delay=1.5&count=2");
                await Post($"sim/faults/gap?venue={Spot}&symbol=LRCBTC");
                return 1;
            });
            await StepAsync("418 ban window (perpetual)", "marketprism_rest_blocks_total{exchange=\"binance\",status=\"418\"}", 1, () => Post($"sim/faults/rest?venue={Futures}&status=418&seconds=4"));
            await StepAsync("stalled stream (perpetual)", "marketprism_stream_stalls_total{exchange=\"binance\",market_type=\"perpetual\",data_type=\"book_delta\"}", 1, () => Post($"sim/faults/stall?venue={Futures}&stream=akrousdt@depth@100ms&seconds=12"), also: Errors("network"));
            await StepAsync("refused connections after a reset (spot)", Errors("network"), 2, async () =>
            {
                await Post($"sim/faults/refuse?venue={Spot}&seconds=3");
                await Post($"sim/faults/disconnect?venue={Spot}&mode=reset");
                return 2;
            });
        }

        public Task<JsonElement> WaitReadyAsync() => http.WaitForStatusAsync("ready", 200, StepTimeout);

        private static string Errors(string type) => $"marketprism_errors_total{{exchange=\"binance\",error_type=\"{type}\"}}";

        private async Task<int> Post(string pathAndQuery)
        {
            await Simulator.PostAsync(pathAndQuery);
            return 1;
        }

        /// <summary>Arms a per-connection fault on each venue; the count is the connections armed.</summary>
        private async Task<int> Armed(params string[] requests)
        {
            var armed = 0;
            foreach (var request in requests)
            {
                armed += (await Simulator.PostAsync(request)).GetProperty("connections").GetArrayLength();
            }

            return armed;
        }

        /// <summary>
        /// Waits until the collector is synced, injects a fault, then waits until <paramref name="series"/> grew by
        /// the fault's count (<paramref name="expected"/>, or what the injection returned).
        /// </summary>
        private async Task StepAsync(string name, string series, int? expected, Func<Task<int>> inject, string? also = null)
        {
            var began = TimeProvider.System.GetTimestamp();
            await WaitReadyAsync();
            var ready = TimeProvider.System.GetElapsedTime(began);
            var before = await http.ScrapeAsync();
            var start = CollectorHttp.Sample(before, series);
            var alsoStart = also is null ? 0 : CollectorHttp.Sample(before, also);
            var injected = await inject();
            var want = expected ?? injected;
            using var timeout = new CancellationTokenSource(StepTimeout);
            double now;
            string scrape;
            while ((now = CollectorHttp.Sample(scrape = await http.ScrapeAsync(), series)) < start + want
                || (also is not null && CollectorHttp.Sample(scrape, also) < alsoStart + want))
            {
                if (timeout.IsCancellationRequested || run.Collector.HasExited)
                {
                    Missed.Add($"{name}: {series} went from {start} to {now}, expected +{want}"
                        + (also is null ? "" : $"; {also} from {alsoStart} to {CollectorHttp.Sample(scrape, also)}"));
                    Log.Add($"{name}: MISSED");
                    return;
                }

                // A poll for the fault's trace in /metrics, bounded by StepTimeout: a miss is recorded (and reported
                // with every other step's at the end) rather than failing at once, so this is not Eventually.
                await Task.Delay(100, CancellationToken.None);
            }

            var managed = CollectorHttp.Sample(await http.ScrapeAsync(), "dotnet_total_memory_bytes") / (1024 * 1024);
            Log.Add($"{name}: ready after {ready.TotalSeconds:0.0} s, seen after {TimeProvider.System.GetElapsedTime(began).TotalSeconds:0.0} s; {ProcessResources.Of(run.Collector.Id)}, managed heap {managed:0} MB");
        }
    }
}

using MarketPrism.Core.Model;
using MarketPrism.IntegrationTests.Infrastructure;

namespace MarketPrism.IntegrationTests.Cli;

/// <summary>
/// The native (AOT) build an operator deploys (README, "Deploying"): published from this checkout, then run as the
/// collector against the simulator. It has no JIT and trims what it does not reach, so what works under
/// <c>dotnet</c> is checked again here: the config binder's reflection, parsing, book sync, the Parquet store, and
/// the JSON of /health and /ready.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class NativeBuildTests
{
    private static readonly (MarketType Market, string Venue, string Symbol)[] Books =
    [
        (MarketType.Spot, CollectorRun.SpotVenue, "NKN-USDT"),
        (MarketType.Perpetual, CollectorRun.FuturesVenue, "SUSHI-USDT"),
    ];

    [Fact]
    public async Task The_native_build_collects_a_recorded_session_into_parquet_with_books_equal_to_the_truth_and_serves_health_and_metrics()
    {
        var executable = await NativeBuild.GetExecutableAsync();
        await using var run = await CollectorRun.StartAsync(
            ["--speed", "3"],
            (directory, simulator) => CollectorConfigFile.Write(directory, simulator, http: true),
            collectorExecutable: executable);
        using var http = await CollectorHttp.FromLogAsync(run.Collector);

        // No settle delay: every frame the simulator wrote is waited for in the collector's own count.
        var sent = await run.ReplayAllSentAsync(TimeSpan.FromSeconds(90));
        await http.WaitForFramesAsync(sent.Connections.Sum(connection => connection.FramesSent), TimeSpan.FromSeconds(60));
        var ready = await http.WaitForStatusAsync("ready", 200, TimeSpan.FromSeconds(30));
        var health = await http.WaitForStatusAsync("health", 200, TimeSpan.FromSeconds(10));
        var scrape = await http.ScrapeTimedAsync();
        var exposition = scrape.Exposition;
        var exitCode = await run.StopCollectorAsync();

        Assert.True(exitCode == 0, $"collector exited with {exitCode}:{Environment.NewLine}{run.Collector.Output}");
        Assert.Contains("Stopped cleanly", run.Collector.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Bad frame", run.Collector.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Book resync", run.Collector.Output, StringComparison.Ordinal);

        // The generated serializer writes the same snake_case body as the reflection one did.
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.True(health.TryGetProperty("checked_at", out _), health.ToString());
        Assert.NotEmpty(health.GetProperty("markets").EnumerateArray());

        var records = await run.ReadStoreAsync();
        Assert.True(records.Count > 1000, $"{records.Count} records");
        CollectorHttp.AssertEveryStoredRecordCounted(scrape, records, "binance");

        foreach (var (market, venue, symbol) in Books)
        {
            var truth = CollectorRun.ToBook(await run.Simulator.TrueBookAsync(venue, symbol.Replace("-", "", StringComparison.Ordinal), 1000));
            var stored = CollectorRun.RebuildFinalBook(records, market, symbol);
            Assert.True(stored.TopEquals(truth, 100), $"{market} {symbol}: the stored book differs from the simulator's truth in its top 100 levels");
        }
    }
}

using MarketPrism.Core.Model;
using MarketPrism.IntegrationTests.Infrastructure;

namespace MarketPrism.IntegrationTests.EndToEnd;

/// <summary>The collector's /metrics, /health and /ready, scraped from a real collector process against the simulator.</summary>
[Collection(ProcessTests.Name)]
public sealed class ObservabilityTests
{
    [Fact]
    public async Task Messages_counted_per_exchange_and_data_type_equal_the_records_the_sink_wrote_and_the_exposition_passes_promtool()
    {
        await using var run = await CollectorRun.StartAsync(["--speed", "3"], (directory, simulator) => CollectorConfigFile.Write(directory, simulator, http: true));
        using var http = await CollectorHttp.FromLogAsync(run.Collector);

        // No settle delay: every frame the simulator wrote is waited for in the collector's own count.
        var sent = await run.ReplayAllSentAsync(TimeSpan.FromSeconds(90));
        await http.WaitForFramesAsync(sent.Connections.Sum(connection => connection.FramesSent), TimeSpan.FromSeconds(60));
        var ready = await http.WaitForStatusAsync("ready", 200, TimeSpan.FromSeconds(30));
        var scrape = await http.ScrapeTimedAsync();
        var exposition = scrape.Exposition;
        Assert.Equal(0, await run.StopCollectorAsync());

        Assert.Equal("ready", ready.GetProperty("status").GetString());
        var records = await run.ReadStoreAsync();
        CollectorHttp.AssertEveryStoredRecordCounted(scrape, records, "binance");

        Assert.True(records.Count > 1000);
        Assert.Equal(1, CollectorHttp.Sample(exposition, "marketprism_connection_status{exchange=\"binance\"}"));
        Assert.Equal(0, CollectorHttp.Sample(exposition, "marketprism_errors_total{exchange=\"binance\",error_type=\"sequence_gap\"}"));
        var (exitCode, output) = await RunPromtoolAsync(exposition);
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task A_connection_the_exchange_drops_and_refuses_turns_health_503_naming_it_and_back_to_200_after_the_reconnect()
    {
        await using var run = await CollectorRun.StartAsync(
            ["--speed", "1", "--loop"],
            (directory, simulator) => CollectorConfigFile.Write(directory, simulator, http: true, healthGracePeriod: "2s"));
        using var http = await CollectorHttp.FromLogAsync(run.Collector);
        await run.Simulator.StartTimelineAsync();
        await http.WaitForStatusAsync("health", 200, TimeSpan.FromSeconds(30));

        (await run.Simulator.Control.PostAsync(new Uri("sim/faults/refuse?venue=binance-spot&seconds=8", UriKind.Relative), null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await run.Simulator.DisconnectAsync(CollectorRun.SpotVenue, "reset");

        var unhealthy = await http.WaitForStatusAsync("health", 503, TimeSpan.FromSeconds(10));
        Assert.Contains(unhealthy.GetProperty("reasons").EnumerateArray(), reason => reason.GetString()!.Contains("connection binance-spot-1", StringComparison.Ordinal));
        Assert.Equal(0, CollectorHttp.Sample(await http.ScrapeAsync(), "marketprism_connection_status{exchange=\"binance\"}"));
        Assert.Equal(0, CollectorHttp.Sample(await http.ScrapeAsync(), "marketprism_connection_up{exchange=\"binance\",market_type=\"spot\",connection=\"binance-spot-1\"}"));

        await http.WaitForStatusAsync("health", 200, TimeSpan.FromSeconds(30));
        var after = await http.ScrapeAsync();
        Assert.Equal(1, CollectorHttp.Sample(after, "marketprism_connection_status{exchange=\"binance\"}"));
        Assert.True(CollectorHttp.Sample(after, "marketprism_reconnects_total{exchange=\"binance\",market_type=\"spot\"}") >= 1);
        Assert.True(CollectorHttp.Sample(after, "marketprism_errors_total{exchange=\"binance\",error_type=\"network\"}") >= 1);
        Assert.Equal(0, await run.StopCollectorAsync());
    }

    [Fact]
    public async Task An_injected_sequence_gap_shows_up_as_one_sequence_gap_error_and_one_resync_with_its_reason()
    {
        await using var run = await CollectorRun.StartAsync(["--speed", "2"], (directory, simulator) => CollectorConfigFile.Write(directory, simulator, http: true));
        using var http = await CollectorHttp.FromLogAsync(run.Collector);
        await run.Simulator.StartTimelineAsync();
        await run.Collector.WaitForLineAsync("Book synced binance perpetual SUSHI-USDT", TimeSpan.FromSeconds(30));

        await run.Simulator.InjectGapAsync(CollectorRun.FuturesVenue, "SUSHIUSDT");
        await run.Collector.WaitForLineAsync("Book resync binance perpetual SUSHI-USDT: gap", TimeSpan.FromSeconds(30));
        await run.Simulator.WaitUntilAsync(status => status.Venues.All(venue => venue.Finished), TimeSpan.FromSeconds(90), "both sessions finished");
        var exposition = await http.ScrapeAsync();
        Assert.Equal(0, await run.StopCollectorAsync());

        Assert.Equal(1, CollectorHttp.Sample(exposition, "marketprism_errors_total{exchange=\"binance\",error_type=\"sequence_gap\"}"));
        Assert.Equal(1, CollectorHttp.Sample(exposition, "marketprism_book_resyncs_total{exchange=\"binance\",market_type=\"perpetual\",reason=\"gap\"}"));
        Assert.Equal(1, CollectorHttp.Sample(exposition, "marketprism_sequence_gaps_total{exchange=\"binance\",market_type=\"perpetual\",data_type=\"book_delta\"}"));
        Assert.Equal(0, CollectorHttp.Sample(exposition, "marketprism_book_resyncs_total{exchange=\"binance\",market_type=\"spot\",reason=\"gap\"}"));
    }

    private static async Task<(int ExitCode, string Output)> RunPromtoolAsync(string exposition)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("promtool")
        {
            ArgumentList = { "check", "metrics" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}

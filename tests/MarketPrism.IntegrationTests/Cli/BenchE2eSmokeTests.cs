using System.Globalization;
using System.Text.RegularExpressions;
using MarketPrism.IntegrationTests.Infrastructure;

namespace MarketPrism.IntegrationTests.Cli;

/// <summary>
/// A few seconds of the end-to-end throughput tool (simulator and collector as separate processes, Parquet store):
/// it runs, every book syncs, records reach the sink and the report carries each figure. The figures themselves are
/// judged in bench/RESULTS.md, never here.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed partial class BenchE2eSmokeTests
{
    [Fact]
    public async Task A_short_run_streams_records_into_the_parquet_store_and_reports_every_figure()
    {
        using var directory = new TempDirectory();
        var samples = directory.Combine("samples.csv");

        await using var process = ChildProcess.StartMarketPrism(
            ["bench-e2e", "--duration", "8s", "--warmup", "3s", "--symbols", "6", "--sink", "parquet", "--sample-interval", "1s",
             "--samples", samples, "--no-progress"],
            directory.Path);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exitCode == 0, process.Output);
        Assert.Contains("6 symbols x 4 streams", process.Output, StringComparison.Ordinal);
        Assert.Contains("books synced 6 (resyncs 0)", process.Output, StringComparison.Ordinal);
        Assert.True(Rate(process.Output, "messages in") > 0, process.Output);
        Assert.True(Rate(process.Output, "records out") > 0, process.Output);
        Assert.Matches(@"latency receive -> sink write \([\d,]+ records\): p50 [\d.]+ ms  p90 [\d.]+ ms  p99 [\d.]+ ms", process.Output);
        Assert.Contains("dropped 0, duplicates 0, failed frames 0, sequence gaps 0, sink failures 0, collector exit code 0", process.Output, StringComparison.Ordinal);
        var lines = await File.ReadAllLinesAsync(samples, TestContext.Current.CancellationToken);
        Assert.Equal(
            "elapsed_s,rss_mib,gc_heap_mib,sockets,handles,cpu_s,simulator_rss_mib,simulator_cpu_s,gc_committed_mib,gc_fragmented_mib,loh_mib,gc_promoted_mib,gen2_collections,heap_after_gen2_mib",
            lines[0]);
        Assert.True(lines.Length >= 6, string.Join(Environment.NewLine, lines));
        var committed = double.Parse(lines[^1].Split(',')[8], CultureInfo.InvariantCulture);
        Assert.True(committed > 0, lines[^1]);
    }

    [Fact]
    public async Task A_short_run_into_nats_publishes_every_record_it_counts_into_its_own_stream()
    {
        await using var nats = await NatsServerProcess.StartAsync();
        using var directory = new TempDirectory();

        await using var process = ChildProcess.StartMarketPrism(
            ["bench-e2e", "--duration", "8s", "--warmup", "3s", "--symbols", "6", "--sink", "nats", "--nats-url", nats.Url, "--no-progress"],
            directory.Path);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exitCode == 0, process.Output);
        Assert.Contains($"sink nats ({nats.Url}, stream MARKETPRISM_BENCH)", process.Output, StringComparison.Ordinal);
        Assert.Contains("books synced 6 (resyncs 0)", process.Output, StringComparison.Ordinal);
        Assert.Contains("sink failures 0, collector exit code 0", process.Output, StringComparison.Ordinal);

        // Every record the run counts as written was acknowledged by JetStream: the stream holds at least the
        // measured window's records (and the warm-up's), minus nothing.
        var measured = long.Parse(RecordsLine().Match(process.Output).Groups["records"].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        Assert.True(measured > 0, process.Output);
        Assert.True(await nats.CountAsync("MARKETPRISM_BENCH") >= measured, process.Output);
    }

    [Theory]
    [InlineData("okx", "perpetual", "okx perpetual, 1 symbols x 5 streams (trades, books, bbo-tbt, funding-rate, mark-price)")]
    [InlineData("bybit", "spot", "bybit spot, 1 symbols x 3 streams (publicTrade, orderbook.200, orderbook.1)")]
    [InlineData("deribit", "perpetual", "deribit perpetual, 2 symbols x 4 streams (trades.100ms, book.100ms, quote, ticker.100ms)")]
    public async Task A_short_run_collects_any_exchange_market_the_simulator_serves(string exchange, string market, string feed)
    {
        using var directory = new TempDirectory();
        var symbols = feed.Contains("2 symbols", StringComparison.Ordinal) ? "2" : "1";

        await using var process = ChildProcess.StartMarketPrism(
            ["bench-e2e", "--exchange", exchange, "--market", market, "--duration", "6s", "--warmup", "2s", "--symbols", symbols, "--sink", "parquet", "--no-progress"],
            directory.Path);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exitCode == 0, process.Output);
        Assert.Contains($"bench-e2e: {feed}, sink parquet", process.Output, StringComparison.Ordinal);
        Assert.Contains($"books synced {symbols} (resyncs 0)", process.Output, StringComparison.Ordinal);
        Assert.True(Rate(process.Output, "records out") > 0, process.Output);
        Assert.Contains("dropped 0, duplicates 0, failed frames 0, sequence gaps 0, sink failures 0, collector exit code 0", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asking_for_more_symbols_than_the_simulator_serves_for_a_market_is_a_clear_error()
    {
        using var directory = new TempDirectory();

        await using var process = ChildProcess.StartMarketPrism(
            ["bench-e2e", "--exchange", "okx", "--market", "spot", "--duration", "6s", "--warmup", "2s", "--symbols", "9", "--no-progress"],
            directory.Path);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(1, exitCode);
        Assert.Contains("bench-e2e: the simulator serves 1 okx spot symbols, fewer than --symbols 9", process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", process.Output, StringComparison.Ordinal);
    }

    private static double Rate(string output, string label)
    {
        var match = RateLine().Matches(output).FirstOrDefault(m => m.Groups["label"].Value == label);
        Assert.NotNull(match);
        return double.Parse(match.Groups["rate"].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"(?<label>messages in|records out):\s+(?<rate>[\d,]+) /s")]
    private static partial Regex RateLine();

    [GeneratedRegex(@"records out:\s+[\d,]+ /s\s+\((?<records>[\d,]+) records")]
    private static partial Regex RecordsLine();
}

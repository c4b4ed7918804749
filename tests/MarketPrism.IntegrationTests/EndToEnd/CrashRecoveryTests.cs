using MarketPrism.Core.Model;
using MarketPrism.IntegrationTests.Infrastructure;

namespace MarketPrism.IntegrationTests.EndToEnd;

/// <summary>A collector killed with SIGKILL leaves no corrupt file behind; the next start recovers what it had written.</summary>
[Collection(ProcessTests.Name)]
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task After_a_hard_kill_the_next_start_turns_unfinished_files_into_readable_ones()
    {
        await using var run = await CollectorRun.StartAsync(["--speed", "1", "--loop"], (directory, simulator) => CollectorConfigFile.Write(directory, simulator));
        await run.Simulator.StartTimelineAsync();
        await run.Collector.WaitForLineAsync("Book synced binance perpetual SUSHI-USDT", TimeSpan.FromSeconds(30));
        // The kill must find trades in unfinished files: wait until a trade file's journal holds records, not a fixed time.
        await Eventually.WaitUntilAsync(
            () => Directory.GetFiles(run.DataDirectory, "*.journal.jsonl", SearchOption.AllDirectories)
                .Any(path => path.Contains("/trade/", StringComparison.Ordinal) && new FileInfo(path).Length > 0),
            "trades journaled beside an unfinished file");

        await run.Collector.KillAsync();

        var unfinished = Directory.GetFiles(run.DataDirectory, "*.tmp", SearchOption.AllDirectories);
        Assert.NotEmpty(unfinished);
        Assert.NotEmpty(Directory.GetFiles(run.DataDirectory, "*.journal.jsonl", SearchOption.AllDirectories));

        await using var restarted = ChildProcess.StartMarketPrism(["collect", "--config", run.Directory.Combine("collector.yaml")], run.Directory.Path);
        await restarted.WaitForLineAsync("connection binance-spot-1 up", TimeSpan.FromSeconds(60));
        Assert.Equal(0, await restarted.TerminateAsync(TimeSpan.FromSeconds(60)));

        Assert.Empty(Directory.GetFiles(run.DataDirectory, "*.tmp", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(run.DataDirectory, "*.journal.jsonl", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(run.DataDirectory, "_quarantine")), "nothing should need setting aside when journals exist");
        var recovered = Directory.GetFiles(run.DataDirectory, "*.recovered.parquet", SearchOption.AllDirectories);
        Assert.NotEmpty(recovered);

        // Every final file, recovered or not, reads back completely.
        var records = await run.ReadStoreAsync();
        var recoveredTrades = new List<long>();
        foreach (var file in recovered.Where(path => path.Contains("/trade/", StringComparison.Ordinal)))
        {
            await foreach (var record in new MarketPrism.Sinks.FileStore.StoreReader(run.DataDirectory).ReadFileAsync(file, TestContext.Current.CancellationToken))
            {
                recoveredTrades.Add(((TradeRecord)record).TradeId.Number);
            }
        }

        Assert.NotEmpty(recoveredTrades);
        Assert.True(records.Count > recoveredTrades.Count);
        Assert.Equal(recoveredTrades.Count, recoveredTrades.Distinct().Count());
    }
}

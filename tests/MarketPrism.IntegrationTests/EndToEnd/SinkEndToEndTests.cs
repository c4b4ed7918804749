using MarketPrism.Core.Model;
using MarketPrism.IntegrationTests.Infrastructure;

namespace MarketPrism.IntegrationTests.EndToEnd;

/// <summary>
/// A recorded session collected by real processes into the file store, a real nats-server (JetStream) and a real
/// clickhouse-server: both hold exactly the records the Parquet store holds; two collectors leave one copy.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class SinkEndToEndTests
{
    [Fact]
    public async Task A_recorded_session_reaches_nats_and_clickhouse_with_exactly_the_records_of_the_parquet_store()
    {
        var clickHouseUrl = TestServers.ClickHouseUrl();
        var database = TestServers.UniqueName("e2e").ToLowerInvariant();
        await using var nats = await NatsServerProcess.StartAsync();
        using var clickHouse = new ClickHouseReader(clickHouseUrl, database);
        await using var run = await CollectorRun.StartAsync(
            ["--speed", "3"],
            (directory, simulator) => CollectorConfigFile.Write(directory, simulator, sinks: CollectorConfigFile.NetworkSinks(directory, nats.Url, "E2E", clickHouseUrl, database)));

        await run.ReplayAllSentAsync(TimeSpan.FromSeconds(90));

        var exitCode = await run.StopCollectorAsync();

        try
        {
            Assert.True(exitCode == 0, $"collector exited with {exitCode}:{Environment.NewLine}{run.Collector.Output}");
            Assert.Contains("Stopped cleanly", run.Collector.Output, StringComparison.Ordinal);
            Assert.Contains("NATS stream E2E ready", run.Collector.Output, StringComparison.Ordinal);
            Assert.Contains($"ClickHouse database {database} ready: {MarketPrism.Sinks.ClickHouse.ClickHouseTables.All.Count} of {MarketPrism.Sinks.ClickHouse.ClickHouseTables.All.Count} tables match the schema", run.Collector.Output, StringComparison.Ordinal);
            var stored = SinkAssert.Keys(await run.ReadStoreAsync());
            Assert.True(stored.Count > 1000, $"only {stored.Count} records stored");
            var doubled = stored.GroupBy(key => key, StringComparer.Ordinal).Where(group => group.Count() > 1).Select(group => group.Key).ToList();
            Assert.True(doubled.Count == 0, "keys shared by two stored records: " + string.Join(", ", doubled.Take(10)));

            SinkAssert.SameKeys(stored, await nats.ReadMessageIdsAsync("E2E"), "NATS stream");
            SinkAssert.SameKeys(stored, await clickHouse.KeysAsync(), "ClickHouse");
            Assert.Equal(stored.Count, await clickHouse.CountAsync());
        }
        finally
        {
            await clickHouse.DropAsync();
        }
    }

    [Fact]
    public async Task Two_collectors_on_one_config_publish_one_copy_of_each_record_into_one_stream()
    {
        await using var nats = await NatsServerProcess.StartAsync();
        await using var run = await CollectorRun.StartAsync(
            ["--speed", "3"],
            (directory, simulator) => CollectorConfigFile.Write(directory, simulator, sinks: CollectorConfigFile.NetworkSinks(directory, nats.Url, "TWINS", null, "unused")));
        // The second collector: the same config apart from its own local directories (store, spool).
        using var secondDirectory = new TempDirectory();
        var secondConfig = CollectorConfigFile.Write(
            secondDirectory, run.Simulator, dataDirectory: run.Directory.Combine("data-b"),
            sinks: CollectorConfigFile.NetworkSinks(secondDirectory, nats.Url, "TWINS", null, "unused"));
        await using var second = ChildProcess.StartMarketPrism(["collect", "--config", secondConfig], run.Directory.Path);
        await run.Simulator.WaitUntilAsync(
            status => status.Connections.Sum(connection => connection.Subscriptions.Length) >= 2 * CollectorRun.ExpectedSubscriptions,
            TimeSpan.FromSeconds(60),
            "both collectors subscribed");

        // Everything sent is on the sockets: the stops read it and drain it into every sink (no settle delay).
        await run.ReplayAllSentAsync(TimeSpan.FromSeconds(90));
        Assert.Equal(0, await run.StopCollectorAsync());
        Assert.Equal(0, await second.TerminateAsync(TimeSpan.FromSeconds(60)));

        var first = SinkAssert.Keys(await run.ReadStoreAsync());
        var other = SinkAssert.Keys(await new MarketPrism.Sinks.FileStore.StoreReader(run.Directory.Combine("data-b")).ReadAllAsync(cancellationToken: TestContext.Current.CancellationToken));
        var published = await nats.ReadMessageIdsAsync("TWINS");

        Assert.Equal(published.Count, published.Distinct(StringComparer.Ordinal).Count());
        SinkAssert.SameKeys(first.Union(other, StringComparer.Ordinal).ToList(), published, "NATS stream");
        // Both collectors received every trade; the stream holds each once.
        var trades = published.Where(key => key.Contains(":trade:", StringComparison.Ordinal)).ToList();
        Assert.Equal(first.Count(key => key.Contains(":trade:", StringComparison.Ordinal)), trades.Count);
        Assert.True(trades.Count > 50, $"only {trades.Count} trades");
        var duplicatesDropped = SinkAssert.DuplicatesDropped(run.Collector.Output) + SinkAssert.DuplicatesDropped(second.Output);
        Assert.True(duplicatesDropped >= trades.Count, $"the server should have dropped the second copy of every trade; it dropped {duplicatesDropped}");
    }
}

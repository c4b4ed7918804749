using System.Text.Json.Nodes;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.IntegrationTests.Infrastructure;

namespace MarketPrism.IntegrationTests.EndToEnd;

/// <summary>
/// Issue 16: every venue collected into the file store and a real nats-server (JetStream, which drops a message whose
/// <c>Nats-Msg-Id</c>, the record key, it has seen): the stream holds one message per distinct record the file store
/// wrote, so no record was dropped as a duplicate of another.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class RecordKeyEndToEndTests
{
    [Fact]
    public async Task An_all_venues_run_into_jetstream_has_one_message_per_distinct_record_of_the_file_store()
    {
        await using var nats = await NatsServerProcess.StartAsync();
        await using var run = await CollectorRun.StartAsync(
            ["--speed", "3"],
            (directory, simulator) => AllVenuesConfigFile.Write(directory, simulator, CollectorConfigFile.NetworkSinks(directory, nats.Url, "KEYS", null, "unused")),
            AllVenuesConfigFile.ExpectedSubscriptions);

        await run.ReplayToEndAsync(TimeSpan.FromSeconds(120));
        var exitCode = await run.StopCollectorAsync();

        Assert.True(exitCode == 0, $"collector exited with {exitCode}:{Environment.NewLine}{run.Collector.Output}");
        Assert.Contains("NATS stream KEYS ready", run.Collector.Output, StringComparison.Ordinal);
        var records = await run.ReadStoreAsync();
        Assert.True(records.Count > 1000, $"only {records.Count} records stored");

        // Records under one key in the store must be one record (copies differ only in their receive time).
        var byKey = records.GroupBy(RecordKey.For, StringComparer.Ordinal).ToList();
        var shared = byKey.Where(group => group.Select(ExchangeContent).Distinct(StringComparer.Ordinal).Count() > 1).Select(group => group.Key).ToList();
        Assert.True(shared.Count == 0, $"{shared.Count} keys name two distinct stored records, e.g. {string.Join(", ", shared.Take(5))}");

        // Every venue and data type the run wrote is covered.
        var kinds = records.Select(record => (record.ExchangeName, record.DataType)).ToHashSet();
        foreach (var exchange in new[] { "binance", "okx", "bybit", "deribit", "hyperliquid" })
        {
            Assert.Contains((exchange, DataType.Trade), kinds);
            Assert.Contains((exchange, DataType.BookDelta), kinds);
        }

        // The two cases of the issue: OKX bbo-tbt quotes (several per millisecond) and Deribit liquidations.
        Assert.Contains(("okx", DataType.BestBidAsk), kinds);
        Assert.Contains(("deribit", DataType.Liquidation), kinds);

        var published = await nats.ReadMessageIdsAsync("KEYS");
        TestContext.Current.TestOutputHelper?.WriteLine($"{records.Count} records stored, {byKey.Count} distinct, {published.Count} messages: "
            + string.Join(", ", byKey.GroupBy(group => (group.First().ExchangeName, group.First().DataType)).Select(kind => $"{kind.Key.ExchangeName} {kind.Key.DataType.ToWireName()} {kind.Count()}")));
        SinkAssert.SameKeys(byKey.Select(group => group.Key).ToList(), published, "NATS stream (one message per distinct record)");
    }

    /// <summary>Every field of a record, to the microsecond, but its receive time (and the collector-derived open interest value).</summary>
    private static string ExchangeContent(MarketRecord record)
    {
        var json = JsonNode.Parse(RecordJsonWriter.ToUtf8Bytes(record, TimestampPrecision.Microseconds))!.AsObject();
        json.Remove("local_timestamp");
        if (record is OpenInterestRecord)
        {
            json.Remove("open_interest_value");
        }

        return json.ToJsonString();
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MarketPrism.Core.Model;
using MarketPrism.IntegrationTests.Infrastructure;
using MarketPrism.Sinks.ClickHouse;

namespace MarketPrism.IntegrationTests.EndToEnd;

/// <summary>
/// Issue 16: every venue collected at once into the file store and a real clickhouse-server 18.16. Per table, the
/// rows ClickHouse keeps under <c>FINAL</c> are exactly the distinct records of the Parquet store; the inserts keep
/// to about one per second per table; and the example queries of docs/sinks.md, read from the document itself,
/// answer what the store says.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed partial class ClickHouseAllVenuesTests
{
    [Fact]
    public async Task An_all_venues_run_leaves_one_clickhouse_row_per_distinct_stored_record_in_every_table_and_the_documented_queries_agree_with_the_store()
    {
        var url = TestServers.ClickHouseUrl();
        var database = TestServers.UniqueName("all").ToLowerInvariant();
        using var clickHouse = new ClickHouseReader(url, database);
        var started = Stopwatch.StartNew();
        await using var run = await CollectorRun.StartAsync(
            ["--speed", "3"],
            (directory, simulator) => AllVenuesConfigFile.Write(directory, simulator, CollectorConfigFile.NetworkSinks(directory, null, "unused", url, database)),
            AllVenuesConfigFile.ExpectedSubscriptions);
        using var http = await CollectorHttp.FromLogAsync(run.Collector);

        await run.ReplayToEndAsync(TimeSpan.FromSeconds(120));
        var scrape = await http.ScrapeAsync();
        var seconds = started.Elapsed.TotalSeconds;
        var exitCode = await run.StopCollectorAsync();

        try
        {
            var output = run.Collector.Output;
            Assert.True(exitCode == 0, $"collector exited with {exitCode}:{Environment.NewLine}{output}");
            Assert.Contains($"ClickHouse database {database} ready: {ClickHouseTables.All.Count} of {ClickHouseTables.All.Count} tables match the schema", output, StringComparison.Ordinal);
            Assert.DoesNotContain("dead letters", output, StringComparison.Ordinal);
            var records = await run.ReadStoreAsync();
            Assert.True(records.Count > 1000, $"only {records.Count} records stored");
            var distinct = records.GroupBy(RecordKey.For, StringComparer.Ordinal).Select(group => group.First()).ToList();

            await AssertEveryTableHoldsTheDistinctRecordsAsync(clickHouse, distinct);
            AssertInsertsKeptToTheInterval(scrape, distinct, seconds, output);
            await AssertTheDocumentedQueriesAgreeWithTheStoreAsync(clickHouse, database, distinct);
        }
        finally
        {
            await clickHouse.DropAsync();
        }
    }

    /// <summary>Per table: the keys under FINAL (plus the table's records kept whole in unrepresentable_records) are the store's distinct keys, each once.</summary>
    private static async Task AssertEveryTableHoldsTheDistinctRecordsAsync(ClickHouseReader clickHouse, List<MarketRecord> distinct)
    {
        var unrepresentable = (await clickHouse.ExecuteAsync($"SELECT data_type, record_key FROM {Database(clickHouse)}.{ClickHouseTables.Unrepresentable} FINAL FORMAT TSV"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Select(fields => (Table: ClickHouseTables.Of(WireNames.TryParseDataType(fields[0], out var type) ? type : throw new InvalidDataException(fields[0])), Key: fields[1]))
            .ToList();
        var summary = new List<string>();
        foreach (var table in ClickHouseTables.All.Where(table => table != ClickHouseTables.Unrepresentable))
        {
            var expected = distinct.Where(record => ClickHouseTables.Of(record.DataType) == table).Select(RecordKey.For).ToList();
            var actual = (await clickHouse.ExecuteAsync($"SELECT record_key FROM {Database(clickHouse)}.{table} FINAL FORMAT TSV"))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Concat(unrepresentable.Where(row => row.Table == table).Select(row => row.Key))
                .ToList();
            SinkAssert.SameKeys(expected, actual, $"ClickHouse table {table} (FINAL) against the store's distinct records");
            summary.Add($"{table} {expected.Count}");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"distinct records per table: {string.Join(", ", summary)}; {unrepresentable.Count} unrepresentable");
        foreach (var table in new[] { "trades", "orderbooks", "best_bid_asks", "funding_rates", "open_interests", "liquidations", "mark_prices", "volatility_indexes" })
        {
            Assert.Contains(distinct, record => ClickHouseTables.Of(record.DataType) == table);
        }
    }

    /// <summary>
    /// ClickHouse wants about one insert per second per table: with the default 1 s interval no table got more inserts
    /// than seconds passed (plus a few forced early ones a burst may need), far fewer than one per 100-record batch.
    /// </summary>
    private static void AssertInsertsKeptToTheInterval(string scrape, List<MarketRecord> distinct, double seconds, string output)
    {
        // What the ClickHouse runner did, for a failure to explain itself.
        var sinkLines = string.Join(Environment.NewLine, scrape.Split('\n').Where(line => line.Contains("sink=\"clickhouse\"", StringComparison.Ordinal) && !line.StartsWith('#'))
            .Concat(output.Split('\n').Where(line => line.Contains("clickhouse", StringComparison.OrdinalIgnoreCase) || line.Contains("spool", StringComparison.OrdinalIgnoreCase)).Take(40)));
        TestContext.Current.TestOutputHelper?.WriteLine(sinkLines);
        var perTable = ClickHouseTables.All.ToDictionary(
            table => table,
            table => CollectorHttp.Sample(scrape, $"marketprism_sink_table_inserts_total{{sink=\"clickhouse\",table=\"{table}\"}}"));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{seconds:0} s, inserts per table: {string.Join(", ", perTable.Select(pair => $"{pair.Key} {pair.Value}"))}");
        // Every table's series exists from start. No lower bound on the count: on a loaded machine an insert may time
        // out (request_timeout 5s here) and go through the spool, counted only once it succeeds, perhaps at shutdown.
        Assert.All(ClickHouseTables.All, table => Assert.Contains($"marketprism_sink_table_inserts_total{{sink=\"clickhouse\",table=\"{table}\"}} ", scrape, StringComparison.Ordinal));
        var orderbookRows = distinct.Count(record => ClickHouseTables.Of(record.DataType) == "orderbooks");
        Assert.All(perTable, pair => Assert.True(
            pair.Value <= seconds + 5,
            $"{pair.Key}: {pair.Value} inserts in {seconds:0} s ({orderbookRows} book rows in all):{Environment.NewLine}{sinkLines}"));

        // Without a cadence every pipeline batch (100 records or 200 ms) was a write; the file store still writes each.
        var clickHouseWrites = CollectorHttp.Sample(scrape, "marketprism_sink_batches_total{sink=\"clickhouse\"}");
        var fileWrites = CollectorHttp.Sample(scrape, "marketprism_sink_batches_total{sink=\"file\"}");
        Assert.True(clickHouseWrites < fileWrites && clickHouseWrites <= seconds + 5, $"{clickHouseWrites} ClickHouse writes against {fileWrites} file store batches ({orderbookRows} book rows):{Environment.NewLine}{sinkLines}");
    }

    private static async Task AssertTheDocumentedQueriesAgreeWithTheStoreAsync(ClickHouseReader clickHouse, string database, List<MarketRecord> distinct)
    {
        var queries = ExampleQueries();
        Assert.Equal(["funding", "latest-book", "ohlc", "spread", "vwap"], queries.Keys.Order(StringComparer.Ordinal));
        async Task<List<JsonElement>> RunAsync(string name)
        {
            var sql = queries[name].Replace("marketprism.", database + ".", StringComparison.Ordinal);
            var body = await clickHouse.ExecuteAsync(sql + " FORMAT JSONEachRow");
            var rows = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
            Assert.True(rows.Count > 0, $"{name} answered no rows");
            return rows;
        }

        var trades = distinct.OfType<TradeRecord>().ToList();
        var tradesByMinute = trades.GroupBy(trade => (Instrument(trade), Minute(trade.Timestamp))).ToDictionary(group => group.Key, group => group.ToList());

        var vwap = await RunAsync("vwap");
        Assert.Equal(tradesByMinute.Count, vwap.Count);
        foreach (var row in vwap)
        {
            var group = tradesByMinute[(Instrument(row), row.GetProperty("minute").GetString()!)];
            Assert.Equal(group.Count, Integer(row, "trades"));
            var (low, high) = (Exact(row, "low"), Exact(row, "high"));
            Assert.Equal(group.Min(trade => trade.Price), low);
            Assert.Equal(group.Max(trade => trade.Price), high);
            var price = row.GetProperty("vwap").GetDouble();
            Assert.True(price >= (double)low * (1 - 1e-12) && price <= (double)high * (1 + 1e-12), $"VWAP {price} outside [{low}, {high}] for {row}");
            var notional = group.Sum(trade => decimal.Round(trade.Price, 9, MidpointRounding.ToZero) * decimal.Round(trade.Quantity, 9, MidpointRounding.ToZero));
            Assert.Equal((double)notional, row.GetProperty("notional").GetDouble(), 1e-9 * Math.Max(1, (double)notional));
        }

        var ohlc = await RunAsync("ohlc");
        Assert.Equal(tradesByMinute.Count, ohlc.Count);
        foreach (var row in ohlc)
        {
            var (open, high, low, close) = (Exact(row, "open"), Exact(row, "high"), Exact(row, "low"), Exact(row, "close"));
            Assert.True(high >= Math.Max(open, close) && Math.Min(open, close) >= low && low > 0, $"bar {row}");
            // Open and close as ClickHouse picks them: by exchange time, then trade id compared byte by byte.
            var ordered = tradesByMinute[(Instrument(row), row.GetProperty("minute").GetString()!)]
                .OrderBy(trade => trade.Timestamp).ThenBy(trade => trade.TradeId.ToString(), StringComparer.Ordinal).ToList();
            Assert.Equal(ordered[0].Price, open);
            Assert.Equal(ordered[^1].Price, close);
        }

        var latest = await RunAsync("latest-book");
        var snapshots = distinct.OfType<BookSnapshotRecord>().GroupBy(Instrument).ToDictionary(group => group.Key, group => group.Max(snapshot => snapshot.Timestamp));
        Assert.Equal(snapshots.Count, latest.Count);
        foreach (var row in latest)
        {
            Assert.Equal(UtcMicroseconds(snapshots[Instrument(row)]), Integer(row, "snapshot_us"));
            var bids = row.GetProperty("bids").EnumerateArray().Select(level => level.GetDouble()).ToList();
            var asks = row.GetProperty("asks").EnumerateArray().Select(level => level.GetDouble()).ToList();
            Assert.True(bids.Count + asks.Count > 0, $"empty latest book {row}");
            Assert.Equal(bids.Count, row.GetProperty("bid_sizes").GetArrayLength());
            Assert.Equal(asks.Count, row.GetProperty("ask_sizes").GetArrayLength());
            if (bids.Count > 0 && asks.Count > 0)
            {
                Assert.True(bids[0] < asks[0], $"latest book crossed: {row}");
            }
        }

        var funding = await RunAsync("funding");
        var fundingByHour = distinct.OfType<FundingRateRecord>().GroupBy(rate => (Instrument(rate), Hour(rate.Timestamp))).ToDictionary(group => group.Key, group => group.Count());
        Assert.Equal(fundingByHour.Count, funding.Count);
        foreach (var row in funding)
        {
            Assert.Equal(fundingByHour[(Instrument(row), row.GetProperty("hour").GetString()!)], Integer(row, "observations"));
            var (lowest, average, highest) = (row.GetProperty("lowest_rate").GetDouble(), row.GetProperty("average_rate").GetDouble(), row.GetProperty("highest_rate").GetDouble());
            Assert.True(lowest <= average + 1e-15 && average <= highest + 1e-15 && Math.Abs(highest) < 1 && Math.Abs(lowest) < 1, $"funding {row}");
        }

        var spread = await RunAsync("spread");
        var quotesByMinute = distinct.OfType<BestBidAskRecord>().Where(quote => quote.BidPrice > 0 && quote.AskPrice > 0)
            .GroupBy(quote => (Instrument(quote), Minute(quote.Timestamp))).ToDictionary(group => group.Key, group => group.Count());
        Assert.Equal(quotesByMinute.Count, spread.Count);
        foreach (var row in spread)
        {
            Assert.Equal(quotesByMinute[(Instrument(row), row.GetProperty("minute").GetString()!)], Integer(row, "quotes"));
            Assert.True(row.GetProperty("average_spread").GetDouble() >= 0 && row.GetProperty("average_spread_bps").GetDouble() >= 0, $"spread {row}");
        }
    }

    /// <summary>The queries of docs/sinks.md, each the <c>sql</c> block after an <c>example-query</c> marker, by name.</summary>
    private static Dictionary<string, string> ExampleQueries()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "sinks.md")).ReplaceLineEndings("\n");
        return ExampleQuery().Matches(doc).ToDictionary(match => match.Groups[1].Value, match => match.Groups[2].Value.Trim(), StringComparer.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MarketPrism.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No MarketPrism.slnx above {AppContext.BaseDirectory}.");
    }

    private static string Database(ClickHouseReader clickHouse) => clickHouse.Database;

    /// <summary>A (U)Int64 column: ClickHouse quotes 64-bit integers in JSON.</summary>
    private static long Integer(JsonElement row, string column) =>
        row.GetProperty(column) is { ValueKind: JsonValueKind.String } text ? long.Parse(text.GetString()!, CultureInfo.InvariantCulture) : row.GetProperty(column).GetInt64();

    /// <summary>A Decimal(38,18) column as its exact value (bare JSON number with 18 decimals).</summary>
    private static decimal Exact(JsonElement row, string column) =>
        decimal.Parse(row.GetProperty(column).GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static (string Exchange, string Market, string Symbol) Instrument(MarketRecord record) =>
        (record.ExchangeName, record.MarketType.ToWireName(), record.SymbolName);

    private static (string Exchange, string Market, string Symbol) Instrument(JsonElement row) =>
        (row.GetProperty("exchange_name").GetString()!, row.GetProperty("market_type").GetString()!, row.GetProperty("symbol_name").GetString()!);

    private static string Minute(DateTime time) => new DateTime(time.Ticks - (time.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Hour(DateTime time) => new DateTime(time.Ticks - (time.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static long UtcMicroseconds(DateTime time) => (time.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    [GeneratedRegex(@"<!-- example-query: ([\w-]+) -->\n```sql\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleQuery();
}

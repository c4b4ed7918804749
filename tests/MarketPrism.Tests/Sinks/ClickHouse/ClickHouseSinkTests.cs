using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Core.Sinks;
using MarketPrism.Sinks.ClickHouse;
using MarketPrism.Tests.Sinks.FileStore;
using MarketPrism.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketPrism.Tests.Sinks.ClickHouse;

/// <summary>The ClickHouse sink against a real clickhouse-server (scripts/test-servers.sh), each test in its own database.</summary>
public sealed class ClickHouseSinkTests : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _database = TestServers.UniqueName("mp").ToLowerInvariant();
    private string? _url;

    /// <summary>Asked for by each test (not the constructor), so a missing server skips or fails the test itself.</summary>
    private string Url => _url ??= TestServers.ClickHouseUrl();

    private ClickHouseSinkOptions Options() => new() { Enabled = true, Url = Url, Database = _database, RequestTimeout = TimeSpan.FromSeconds(30) };

    private ClickHouseSink CreateSink(ClickHouseSinkOptions? options = null) => new(options ?? Options(), NullLogger<ClickHouseSink>.Instance);

    [Fact]
    public async Task Start_creates_a_replacing_merge_tree_per_data_type_partitioned_by_month_and_exchange_with_the_18_16_ddl()
    {
        await using var sink = CreateSink();

        await sink.StartAsync(TestContext.Current.CancellationToken);
        await sink.StartAsync(TestContext.Current.CancellationToken);

        var tables = await QueryAsync($"SELECT name, engine, partition_key, sorting_key FROM system.tables WHERE database = '{_database}' ORDER BY name");
        Assert.Equal(ClickHouseDdl.Compatible, sink.Ddl);
        var version = (await QueryAsync("SELECT version() AS version")).Single().GetProperty("version").GetString();
        Assert.Equal(ClickHouseTables.DdlFor(version), sink.Ddl);
        var created = await QueryAsync($"SELECT name, create_table_query FROM system.tables WHERE database = '{_database}'");
        Assert.All(created, table => Assert.DoesNotContain("CODEC", table.GetProperty("create_table_query").GetString(), StringComparison.Ordinal));
        Assert.Equal(ClickHouseTables.All.Order(StringComparer.Ordinal), tables.Select(table => table.GetProperty("name").GetString()));
        Assert.All(tables, table =>
        {
            Assert.Equal("ReplacingMergeTree", table.GetProperty("engine").GetString());
            Assert.Equal("(toYYYYMM(timestamp), exchange_name)", table.GetProperty("partition_key").GetString());
            Assert.Equal(ClickHouseTables.SortingKey(table.GetProperty("name").GetString()!), table.GetProperty("sorting_key").GetString());
        });
    }

    [Fact]
    public async Task Every_record_becomes_one_row_of_its_table_with_its_key()
    {
        var records = (IReadOnlyList<MarketRecord>)[.. SampleRecords.EveryType(), .. RecordedBinanceFuturesSession.Records()];
        await using var sink = CreateSink();
        await sink.StartAsync(TestContext.Current.CancellationToken);

        await sink.WriteAsync(records, TestContext.Current.CancellationToken);

        foreach (var group in records.GroupBy(record => ClickHouseTables.Of(record.DataType)))
        {
            var keys = await QueryAsync($"SELECT record_key FROM {_database}.{group.Key} FINAL");
            Assert.Equal(group.Select(RecordKey.For).Order(StringComparer.Ordinal), keys.Select(row => row.GetProperty("record_key").GetString()!).Order(StringComparer.Ordinal));
        }

        Assert.Equal(records.Count, sink.Statistics.Inserted);
    }

    [Fact]
    public async Task Rows_keep_every_value_with_microsecond_times_and_decimals_exact()
    {
        var records = SampleRecords.EveryType();
        await using var sink = CreateSink();
        await sink.StartAsync(TestContext.Current.CancellationToken);

        await sink.WriteAsync(records, TestContext.Current.CancellationToken);

        var trade = await SingleAsync("trades", RecordKey.For(records[1]));
        Assert.Equal("0042-a", trade.GetProperty("trade_id").GetString());
        Assert.Equal(SampleRecords.D("99999999999999999999.99999999"), trade.GetProperty("price").GetDecimal());
        Assert.Equal(SampleRecords.D("0.000000000000000001"), trade.GetProperty("quantity").GetDecimal());
        Assert.Equal("sell", trade.GetProperty("side").GetString());
        Assert.Equal("2024-03-09 23:59:58", trade.GetProperty("timestamp").GetString());
        Assert.Equal(UtcTimestamp.ToUnixMicroseconds(records[1].Timestamp), Int64(trade.GetProperty("timestamp_us")));
        Assert.Equal(UtcTimestamp.ToUnixMicroseconds(records[1].LocalTimestamp), Int64(trade.GetProperty("local_timestamp_us")));

        var snapshot = (BookSnapshotRecord)records[4];
        var book = await SingleAsync("orderbooks", RecordKey.For(snapshot));
        Assert.Equal("book_snapshot", book.GetProperty("data_type").GetString());
        Assert.Equal(snapshot.Bids.Select(level => level.Price), book.GetProperty("bid_prices").EnumerateArray().Select(value => value.GetDecimal()));
        Assert.Equal(snapshot.Bids.Select(level => level.Size), book.GetProperty("bid_sizes").EnumerateArray().Select(value => value.GetDecimal()));
        Assert.Equal(snapshot.Asks.Select(level => level.Price), book.GetProperty("ask_prices").EnumerateArray().Select(value => value.GetDecimal()));
        Assert.Equal(20, Int64(book.GetProperty("depth")));
        Assert.Equal(JsonValueKind.Null, (await SingleAsync("orderbooks", RecordKey.For(records[2]))).GetProperty("depth").ValueKind);

        var funding = await SingleAsync("funding_rates", RecordKey.For(records[7]));
        Assert.Equal(SampleRecords.D("-0.00015640"), funding.GetProperty("funding_rate").GetDecimal());
        Assert.Equal("2024-03-10 00:00:00", funding.GetProperty("next_funding_time").GetString());
        Assert.Equal(SampleRecords.D("5.69050909"), funding.GetProperty("premium_index").GetDecimal());
        var emptyFunding = await SingleAsync("funding_rates", RecordKey.For(records[8]));
        Assert.Equal(JsonValueKind.Null, emptyFunding.GetProperty("estimated_rate").ValueKind);
        Assert.Equal(JsonValueKind.Null, emptyFunding.GetProperty("next_funding_time_us").ValueKind);

        var liquidation = await SingleAsync("liquidations", RecordKey.For(records[11]));
        Assert.Equal("987654321", liquidation.GetProperty("liquidation_id").GetString());
        Assert.Equal("futures", liquidation.GetProperty("instrument_type").GetString());
        Assert.Equal(JsonValueKind.Null, (await SingleAsync("liquidations", RecordKey.For(records[12]))).GetProperty("liquidation_id").ValueKind);

        var quote = await SingleAsync("best_bid_asks", RecordKey.For(records[5]));
        Assert.Equal(1_127_645_101, Int64(quote.GetProperty("update_id")));
        Assert.Equal(SampleRecords.D("8012.15"), quote.GetProperty("ask_price").GetDecimal());
    }

    [Fact]
    public async Task A_batch_inserted_again_after_a_lost_answer_collapses_to_one_row_per_record()
    {
        var records = RecordedBinanceFuturesSession.Records().Take(400).ToList();
        await using var sink = CreateSink();
        await sink.StartAsync(TestContext.Current.CancellationToken);

        await sink.WriteAsync(records, TestContext.Current.CancellationToken);
        await sink.WriteAsync(records, TestContext.Current.CancellationToken);

        Assert.Equal(records.Count, await CountAsync("FINAL"));
        foreach (var table in ClickHouseTables.All)
        {
            await ExecuteAsync($"OPTIMIZE TABLE {_database}.{table} FINAL");
        }

        Assert.Equal(records.Count, await CountAsync(""));
    }

    [Fact]
    public async Task A_value_decimal_38_18_cannot_hold_is_kept_whole_as_json_instead_of_rounded()
    {
        var tooFine = new TradeRecord
        {
            Instrument = SampleRecords.BinanceSpot,
            Timestamp = SampleRecords.Time,
            LocalTimestamp = SampleRecords.Time,
            TradeId = new RecordId(5),
            Price = SampleRecords.D("0.0000000000000000001"),
            Quantity = 1m,
            Side = Side.Buy,
        };
        var fine = SampleRecords.Trade(6);
        await using var sink = CreateSink();
        await sink.StartAsync(TestContext.Current.CancellationToken);

        await sink.WriteAsync([tooFine, fine], TestContext.Current.CancellationToken);

        var kept = await SingleAsync(ClickHouseTables.Unrepresentable, RecordKey.For(tooFine));
        Assert.Equal("trade", kept.GetProperty("data_type").GetString());
        Assert.Equal(RecordJsonWriter.ToUtf8Bytes(tooFine, TimestampPrecision.Microseconds), System.Text.Encoding.UTF8.GetBytes(kept.GetProperty("record").GetString()!));
        Assert.Equal([RecordKey.For(fine)], (await QueryAsync($"SELECT record_key FROM {_database}.trades")).Select(row => row.GetProperty("record_key").GetString()));
        Assert.Equal(1, sink.Statistics.Unrepresentable);
    }

    [Fact]
    public async Task A_table_dropped_while_running_is_created_again_before_the_retry()
    {
        await using var sink = CreateSink();
        await sink.StartAsync(TestContext.Current.CancellationToken);
        await ExecuteAsync($"DROP TABLE {_database}.trades");

        var error = await Assert.ThrowsAsync<ClickHouseServerException>(() => sink.WriteAsync([SampleRecords.Trade(1)], TestContext.Current.CancellationToken).AsTask());
        await sink.WriteAsync([SampleRecords.Trade(1)], TestContext.Current.CancellationToken);

        Assert.True(error.IsMissingSchema, error.Message);
        Assert.Equal(1, await CountAsync("FINAL"));
    }

    [Fact]
    public async Task An_unreachable_server_does_not_stop_the_start_and_fails_each_write_as_unavailable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var options = Options();
        options.Url = $"http://127.0.0.1:{port}";
        await using var sink = CreateSink(options);

        await sink.StartAsync(TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<SinkUnavailableException>(() => sink.WriteAsync([SampleRecords.Trade(1)], TestContext.Current.CancellationToken).AsTask());

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_refuses_the_user_stops_the_start_with_its_reason()
    {
        var options = Options();
        options.User = "nobody_" + _database;
        await using var sink = CreateSink(options);

        var error = await Assert.ThrowsAsync<ClickHouseServerException>(() => sink.StartAsync(TestContext.Current.CancellationToken).AsTask());

        Assert.Contains(options.User, error.Message, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_url is not null)
            {
                await ExecuteAsync($"DROP DATABASE IF EXISTS {_database}");
            }
        }
        finally
        {
            _http.Dispose();
        }
    }

    private async Task<long> CountAsync(string final)
    {
        long total = 0;
        foreach (var table in ClickHouseTables.All)
        {
            total += long.Parse((await ExecuteAsync($"SELECT count() FROM {_database}.{table} {final}")).Trim(), CultureInfo.InvariantCulture);
        }

        return total;
    }

    private async Task<JsonElement> SingleAsync(string table, string key) =>
        Assert.Single(await QueryAsync($"SELECT * FROM {_database}.{table} FINAL WHERE record_key = '{key}'"));

    private async Task<List<JsonElement>> QueryAsync(string sql)
    {
        var body = await ExecuteAsync(sql + " FORMAT JSONEachRow");
        return body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }

    private async Task<string> ExecuteAsync(string sql)
    {
        using var content = new StringContent(sql);
        using var response = await _http.PostAsync(new Uri(Url), content, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{sql}: {body}");
        return body;
    }

    /// <summary>ClickHouse quotes 64-bit integers in JSON by default.</summary>
    private static long Int64(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? long.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetInt64();
}

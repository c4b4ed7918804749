using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Sinks.ClickHouse;
using MarketPrism.Tests.Sinks.FileStore;
using MarketPrism.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Tests.Sinks.ClickHouse;

/// <summary>
/// Book snapshots are found without scanning deltas: <c>orderbooks</c> is sorted by <c>data_type</c> right after the
/// symbol, checked with the rows the real clickhouse-server says it read. A table of the earlier sort key is still
/// written, and the sink says once how to move it.
/// </summary>
public sealed class ClickHouseBookSnapshotTests : IAsyncDisposable
{
    /// <summary>ClickHouse's default index granularity: a query reads whole granules of this many rows.</summary>
    private const int Granule = 8192;

    private const int Deltas = 5 * Granule;
    private const int Snapshots = 40;

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly string _database = TestServers.UniqueName("mp").ToLowerInvariant();
    private readonly LogCapture _log = new();
    private string? _url;

    private string Url => _url ??= TestServers.ClickHouseUrl();

    [Fact]
    public async Task The_latest_snapshot_of_a_symbol_is_read_without_its_deltas()
    {
        await using var sink = new ClickHouseSink(new ClickHouseSinkOptions { Enabled = true, Url = Url, Database = _database }, _log.For<ClickHouseSink>());
        await sink.StartAsync(TestContext.Current.CancellationToken);
        var records = Book();
        foreach (var chunk in records.Chunk(10_000))
        {
            await sink.WriteAsync(chunk, TestContext.Current.CancellationToken);
        }

        await ExecuteAsync($"OPTIMIZE TABLE {_database}.orderbooks FINAL");

        var query = $"""
            SELECT timestamp_us, bid_prices[1] AS best_bid, ask_prices[1] AS best_ask
            FROM {_database}.orderbooks
            WHERE exchange_name = 'binance' AND symbol_name = 'BTC-USDT' AND data_type = 'book_snapshot'
            ORDER BY timestamp_us DESC
            LIMIT 1
            """;
        var (rows, read) = await QueryWithRowsReadAsync(query);

        var latest = Assert.Single(rows);
        Assert.Equal(records.OfType<BookSnapshotRecord>().Max(snapshot => snapshot.Timestamp).Ticks / 10 - DateTime.UnixEpoch.Ticks / 10, long.Parse(latest.GetProperty("timestamp_us").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        // The snapshots lie together: at most the two granules they span are read, not the 40,960 deltas around them.
        Assert.True(read <= 2 * Granule, $"read {read} rows for {Snapshots} snapshots among {Deltas} deltas");
        Assert.DoesNotContain(_log.Entries, line => line.EventId == 760);

        // The same rows in a table of the earlier sort key: the same query reads (nearly) every delta too.
        await ExecuteAsync(ClickHouseTables.CreateTable(_database, "orderbooks").Replace($"{_database}.orderbooks", $"{_database}.orderbooks_old", StringComparison.Ordinal)
            .Replace(ClickHouseTables.SortingKey("orderbooks"), ClickHouseTables.OrderbooksSortingKeyBeforeDataType, StringComparison.Ordinal));
        await ExecuteAsync($"INSERT INTO {_database}.orderbooks_old SELECT * FROM {_database}.orderbooks");
        var (oldRows, oldRead) = await QueryWithRowsReadAsync(query.Replace(".orderbooks", ".orderbooks_old", StringComparison.Ordinal));
        Assert.Equal(latest.GetRawText(), Assert.Single(oldRows).GetRawText());
        Assert.True(oldRead >= Deltas, $"the earlier sort key read only {oldRead} rows");
    }

    [Fact]
    public async Task An_orderbooks_table_of_the_earlier_sort_key_is_still_written_and_the_sink_says_once_how_to_move_it()
    {
        await ExecuteAsync($"CREATE DATABASE {_database}");
        await ExecuteAsync(ClickHouseTables.CreateTable(_database, "orderbooks")
            .Replace(ClickHouseTables.SortingKey("orderbooks"), ClickHouseTables.OrderbooksSortingKeyBeforeDataType, StringComparison.Ordinal));
        await using var sink = new ClickHouseSink(new ClickHouseSinkOptions { Enabled = true, Url = Url, Database = _database }, _log.For<ClickHouseSink>());

        await sink.StartAsync(TestContext.Current.CancellationToken);
        var book = SampleRecords.EveryType().Where(record => record.DataType is DataType.BookDelta or DataType.BookSnapshot).ToList();
        await sink.WriteAsync(book, TestContext.Current.CancellationToken);
        await sink.WriteAsync(book, TestContext.Current.CancellationToken);

        var warning = Assert.Single(_log.Entries, line => line.EventId == 760);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains($"{_database}.orderbooks is sorted by (exchange_name,symbol_name,timestamp,record_key)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("before data_type was in its sort key", warning.Message, StringComparison.Ordinal);
        Assert.True(sink.Statistics.IsTableUp("orderbooks"));
        var keys = (await ExecuteAsync($"SELECT record_key FROM {_database}.orderbooks FINAL ORDER BY record_key FORMAT TSV")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(book.Select(RecordKey.For).Order(StringComparer.Ordinal), keys);
    }

    public async ValueTask DisposeAsync()
    {
        if (_url is not null)
        {
            await ExecuteAsync($"DROP DATABASE IF EXISTS {_database}");
        }

        _http.Dispose();
    }

    /// <summary>One symbol's book: deltas every millisecond, and a snapshot every thousand of them, as a collector writes it.</summary>
    private static List<MarketRecord> Book()
    {
        var records = new List<MarketRecord>(Deltas + Snapshots);
        var start = new DateTime(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < Deltas; i++)
        {
            var time = start.AddMilliseconds(i);
            records.Add(new BookDeltaRecord
            {
                Instrument = SampleRecords.BinanceSpot, Timestamp = time, LocalTimestamp = time.AddMilliseconds(1),
                Bids = [new BookLevel(100m - (i % 10), 1m + i)], Asks = [new BookLevel(101m + (i % 10), 2m)],
                FirstUpdateId = 10 + (2L * i), LastUpdateId = 11 + (2L * i),
            });
            if (i % (Deltas / Snapshots) == Deltas / Snapshots - 1)
            {
                records.Add(new BookSnapshotRecord
                {
                    Instrument = SampleRecords.BinanceSpot, Timestamp = time, LocalTimestamp = time.AddMilliseconds(1),
                    Bids = [new BookLevel(100m, 1m), new BookLevel(99m, 3m)], Asks = [new BookLevel(101m, 2m)],
                    FirstUpdateId = 11 + (2L * i), LastUpdateId = 11 + (2L * i), Depth = 2,
                });
            }
        }

        return records;
    }

    /// <summary>The rows of <paramref name="sql"/> and how many rows the server read for it (its own statistics).</summary>
    private async Task<(List<JsonElement> Rows, long RowsRead)> QueryWithRowsReadAsync(string sql)
    {
        using var answer = JsonDocument.Parse(await ExecuteAsync(sql + " FORMAT JSON"));
        var rows = answer.RootElement.GetProperty("data").EnumerateArray().Select(row => row.Clone()).ToList();
        return (rows, answer.RootElement.GetProperty("statistics").GetProperty("rows_read").GetInt64());
    }

    private async Task<string> ExecuteAsync(string sql)
    {
        using var content = new StringContent(sql);
        using var response = await _http.PostAsync(new Uri(Url), content, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{sql}: {body}");
        return body;
    }
}

using System.Globalization;
using System.Text.Json;
using MarketPrism.Collector.Cli;
using MarketPrism.Core.Model;
using MarketPrism.Core.Sinks;
using MarketPrism.Sinks.ClickHouse;
using MarketPrism.Tests.Sinks.FileStore;
using MarketPrism.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace MarketPrism.Tests.Sinks.ClickHouse;

/// <summary>
/// A table of another shape against the real clickhouse-server: it fails alone, its rows go to dead letters, the
/// other tables keep being written, and replay-dead-letters inserts the rows once the table is fixed.
/// </summary>
public sealed class ClickHouseSchemaMismatchTests : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _database = TestServers.UniqueName("mp").ToLowerInvariant();
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mp-dead-letters-" + Guid.NewGuid().ToString("N"));
    private readonly LogCapture _log = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 16, 0, 0, TimeSpan.Zero));
    private string? _url;

    private string Url => _url ??= TestServers.ClickHouseUrl();

    private string DeadLetterDirectory => Path.Combine(_root, "dead-letters");

    private static IReadOnlyList<MarketRecord> Records() => [.. SampleRecords.EveryType(), .. RecordedBinanceFuturesSession.Records().Take(600)];

    private ClickHouseSink CreateSink() => new(
        new ClickHouseSinkOptions { Enabled = true, Url = Url, Database = _database, DeadLetterDirectory = DeadLetterDirectory },
        _log.For<ClickHouseSink>(),
        _time);

    /// <summary>The DDL MarketPrism would run for <paramref name="table"/>, with one column line changed or removed.</summary>
    private async Task CreateByHandAsync(string table, string column, string? replacement)
    {
        await ExecuteAsync($"CREATE DATABASE IF NOT EXISTS {_database}");
        var lines = ClickHouseTables.CreateTable(_database, table).Split('\n').ToList();
        var index = lines.FindIndex(line => line.TrimStart().StartsWith(column + " ", StringComparison.Ordinal));
        Assert.True(index >= 0, column);
        var last = !lines[index].EndsWith(',');
        if (replacement is null)
        {
            lines.RemoveAt(index);
            if (last)
            {
                lines[index - 1] = lines[index - 1].TrimEnd(',');
            }
        }
        else
        {
            lines[index] = $"    {column} {replacement}" + (last ? "" : ",");
        }

        await ExecuteAsync(string.Join('\n', lines));
    }

    [Fact]
    public async Task Trades_without_side_fail_alone_their_batches_are_dead_lettered_and_replayed_once_the_table_is_fixed()
    {
        await CreateByHandAsync("trades", "side", null);
        var records = Records();
        var trades = records.Where(record => record.DataType == DataType.Trade).ToList();
        Assert.NotEmpty(trades);
        await using var sink = CreateSink();

        await sink.StartAsync(TestContext.Current.CancellationToken);
        await sink.WriteAsync([.. records.Take(300)], TestContext.Current.CancellationToken);
        await sink.WriteAsync([.. records.Skip(300)], TestContext.Current.CancellationToken);

        var mismatch = Assert.Single(_log.Entries, line => line.EventId == 754);
        Assert.Equal(LogLevel.Error, mismatch.Level);
        Assert.Contains($"{_database}.trades", mismatch.Message, StringComparison.Ordinal);
        Assert.Contains("column side: expected Enum8('buy' = 1, 'sell' = 2), found no such column", mismatch.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("trades"));
        await AssertOtherTablesHoldTheirRecordsAsync(records, "trades");
        var files = sink.DeadLetters.List("trades");
        Assert.Equal(trades.Count, files.Sum(file => file.Rows));
        Assert.All(files, file => Assert.Contains("column side", file.Error, StringComparison.Ordinal));
        Assert.Equal(trades.Count, sink.Statistics.DeadLetteredOf("trades"));
        Assert.False(sink.Statistics.IsTableUp("trades"));
        Assert.True(sink.Statistics.IsTableUp("orderbooks"));

        await ExecuteAsync($"DROP TABLE {_database}.trades");
        var (exitCode, output, errors) = await ReplayAsync("trades");

        Assert.True(exitCode == 0, errors);
        Assert.Contains($"{_database}.trades: {trades.Count} of {trades.Count} rows replayed from {files.Count} of {files.Count} files", output, StringComparison.Ordinal);
        Assert.Equal(trades.Select(RecordKey.For).Order(StringComparer.Ordinal), await KeysAsync("trades"));
        Assert.Empty(sink.DeadLetters.List());

        // The running sink sees the fixed table at its next check and writes it directly again.
        _time.Advance(ClickHouseSink.RecheckInterval);
        var late = SampleRecords.Trade(777_001);
        await sink.WriteAsync([late], TestContext.Current.CancellationToken);
        Assert.Contains(RecordKey.For(late), await KeysAsync("trades"));
        Assert.Contains(_log.Entries, line => line.EventId == 755);
        Assert.True(sink.Statistics.IsTableUp("trades"));
    }

    [Fact]
    public async Task A_float32_price_is_refused_rather_than_rounded_and_after_an_alter_the_replay_stores_the_exact_price()
    {
        await CreateByHandAsync("trades", "price", "Float32");
        var trade = SampleRecords.Trade(1, price: SampleRecords.D("0.01734"));
        var quote = SampleRecords.EveryType().First(record => record.DataType == DataType.BestBidAsk);
        await using var sink = CreateSink();

        await sink.StartAsync(TestContext.Current.CancellationToken);
        await sink.WriteAsync([trade, quote], TestContext.Current.CancellationToken);

        var mismatch = Assert.Single(_log.Entries, line => line.EventId == 754);
        Assert.Contains("column price: expected Decimal(38,18), found Float32", mismatch.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("trades"));
        Assert.Equal([RecordKey.For(quote)], await KeysAsync("best_bid_asks"));
        Assert.Equal(1, Assert.Single(sink.DeadLetters.List()).Rows);

        var stillWrong = await ReplayAsync(null);
        Assert.Equal(1, stillWrong.ExitCode);
        Assert.Contains("still does not match", stillWrong.Errors, StringComparison.Ordinal);
        Assert.Single(sink.DeadLetters.List());

        await ExecuteAsync($"ALTER TABLE {_database}.trades MODIFY COLUMN price Decimal(38,18)");
        var (exitCode, output, errors) = await ReplayAsync(null);

        Assert.True(exitCode == 0, errors + output);
        var row = Assert.Single(await QueryAsync($"SELECT toString(price) AS price FROM {_database}.trades FINAL"));
        Assert.Equal("0.01734", row.GetProperty("price").GetString()!.TrimEnd('0'));
        Assert.Empty(sink.DeadLetters.List());
    }

    [Fact]
    public async Task A_table_changed_under_the_running_sink_is_refused_once_dead_lettered_and_the_others_keep_being_written()
    {
        var records = Records();
        await using var sink = CreateSink();
        await sink.StartAsync(TestContext.Current.CancellationToken);
        await ExecuteAsync($"ALTER TABLE {_database}.trades DROP COLUMN side");

        await sink.WriteAsync([.. records.Take(300)], TestContext.Current.CancellationToken);
        await sink.WriteAsync([.. records.Skip(300)], TestContext.Current.CancellationToken);

        var refused = Assert.Single(_log.Entries, line => line.EventId == 756);
        Assert.Contains("117 (INCORRECT_DATA)", refused.Message, StringComparison.Ordinal);
        Assert.Single(_log.Entries, line => line.EventId == 754);
        Assert.Equal(0, await CountAsync("trades"));
        await AssertOtherTablesHoldTheirRecordsAsync(records, "trades");
        Assert.Equal(records.Count(record => record.DataType == DataType.Trade), sink.DeadLetters.List("trades").Sum(file => file.Rows));
    }

    [Fact]
    public async Task A_broken_table_does_not_keep_the_others_from_being_written_in_one_concurrent_write()
    {
        await CreateByHandAsync("orderbooks", "depth", "Nullable(Int8)");
        var records = Records();
        await using var sink = CreateSink();
        await sink.StartAsync(TestContext.Current.CancellationToken);

        await sink.WriteAsync(records, TestContext.Current.CancellationToken);

        Assert.Equal(0, await CountAsync("orderbooks"));
        await AssertOtherTablesHoldTheirRecordsAsync(records, "orderbooks");
        Assert.Equal(records.Count(record => ClickHouseTables.Of(record.DataType) == "orderbooks"), sink.Statistics.DeadLetteredOf("orderbooks"));
    }

    [Fact]
    public async Task A_full_dead_letter_directory_drops_the_refused_rows_with_one_error_and_counts_them_while_the_others_are_written()
    {
        await CreateByHandAsync("trades", "side", null);
        var records = Records();
        var trades = records.Where(record => record.DataType == DataType.Trade).ToList();
        // Room for the first batch's trades and not much more.
        var firstBatch = records.Take(300).Where(record => record.DataType == DataType.Trade).ToList();
        Assert.NotEmpty(firstBatch);
        Assert.True(trades.Count > firstBatch.Count, "the later batches need trades to drop");
        await using var probe = CreateSink();
        await probe.StartAsync(TestContext.Current.CancellationToken);
        await probe.WriteAsync([.. records.Take(300)], TestContext.Current.CancellationToken);
        var oneBatch = probe.DeadLetters.Bytes;
        Directory.Delete(DeadLetterDirectory, recursive: true);
        var log = new LogCapture();
        await using var sink = new ClickHouseSink(
            new ClickHouseSinkOptions { Enabled = true, Url = Url, Database = _database, DeadLetterDirectory = DeadLetterDirectory, DeadLetterMaxSize = new(oneBatch + 300) },
            log.For<ClickHouseSink>(),
            _time);
        await sink.StartAsync(TestContext.Current.CancellationToken);

        await sink.WriteAsync([.. records.Take(300)], TestContext.Current.CancellationToken);
        await sink.WriteAsync([.. records.Skip(300)], TestContext.Current.CancellationToken);
        await sink.WriteAsync([.. records.Skip(300)], TestContext.Current.CancellationToken);

        Assert.Equal(firstBatch.Count, sink.DeadLetters.List("trades").Sum(file => file.Rows));
        Assert.True(sink.DeadLetters.Bytes <= oneBatch + 300);
        var dropped = 2 * (trades.Count - firstBatch.Count);
        Assert.Equal(dropped, sink.Statistics.DeadLetterDroppedOf("trades"));
        var full = Assert.Single(log.Entries, line => line.EventId == 761);
        Assert.Equal(LogLevel.Error, full.Level);
        Assert.Contains($"{_database}.trades", full.Message, StringComparison.Ordinal);
        Assert.Contains("dead_letter_max_size", full.Message, StringComparison.Ordinal);
        await AssertOtherTablesHoldTheirRecordsAsync(records, "trades");

        // Once replay-dead-letters has emptied it (after the fix), refused rows are kept again.
        await ExecuteAsync($"DROP TABLE {_database}.trades");
        Assert.Equal(0, (await ReplayAsync("trades")).ExitCode);
        await ExecuteAsync($"ALTER TABLE {_database}.trades DROP COLUMN side");
        _time.Advance(ClickHouseSink.RecheckInterval);
        await sink.WriteAsync([.. records.Take(300)], TestContext.Current.CancellationToken);
        Assert.Equal(firstBatch.Count, sink.DeadLetters.List("trades").Sum(file => file.Rows));
        Assert.Single(log.Entries, line => line.EventId == 762);
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
            if (Directory.Exists(_root))
            {
                Directory.Delete(_root, recursive: true);
            }
        }
    }

    private async Task<(int ExitCode, string Output, string Errors)> ReplayAsync(string? table)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exitCode = await ReplayDeadLettersCommand.RunAsync(
            new ClickHouseSinkOptions { Enabled = true, Url = Url, Database = _database, DeadLetterDirectory = DeadLetterDirectory }, table, output, errors, _time, TestContext.Current.CancellationToken);
        return (exitCode, output.ToString(), errors.ToString());
    }

    private async Task AssertOtherTablesHoldTheirRecordsAsync(IReadOnlyList<MarketRecord> records, string broken)
    {
        foreach (var group in records.Where(record => ClickHouseRowEncoder.IsRepresentable(record)).GroupBy(record => ClickHouseTables.Of(record.DataType)))
        {
            if (group.Key != broken)
            {
                Assert.Equal(group.Select(RecordKey.For).Distinct().Order(StringComparer.Ordinal), await KeysAsync(group.Key));
            }
        }
    }

    private async Task<long> CountAsync(string table) =>
        long.Parse((await ExecuteAsync($"SELECT count() FROM {_database}.{table}")).Trim(), CultureInfo.InvariantCulture);

    private async Task<List<string>> KeysAsync(string table) =>
        [.. (await QueryAsync($"SELECT record_key FROM {_database}.{table} FINAL")).Select(row => row.GetProperty("record_key").GetString()!).Order(StringComparer.Ordinal)];

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
}

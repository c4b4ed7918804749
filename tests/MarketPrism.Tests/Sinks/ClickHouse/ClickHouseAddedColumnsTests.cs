using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Sinks.ClickHouse;
using MarketPrism.Tests.Sinks.FileStore;
using MarketPrism.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace MarketPrism.Tests.Sinks.ClickHouse;

/// <summary>
/// A table an earlier MarketPrism created, before a column was added, against the real clickhouse-server: the sink
/// adds the column when it starts, the rows stored before read it as null, and nothing fails or is dead-lettered.
/// </summary>
public sealed class ClickHouseAddedColumnsTests : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _database = TestServers.UniqueName("mp").ToLowerInvariant();
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mp-added-columns-" + Guid.NewGuid().ToString("N"));
    private readonly LogCapture _logs = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 16, 0, 0, TimeSpan.Zero));
    private string? _url;

    private string Url => _url ??= TestServers.ClickHouseUrl();

    [Fact]
    public async Task A_trades_table_from_before_transaction_hash_gets_the_column_and_keeps_its_rows()
    {
        await ExecuteAsync($"CREATE DATABASE IF NOT EXISTS {_database}");
        var ddl = ClickHouseTables.CreateTable(_database, "trades").Split('\n').ToList();
        var added = ddl.FindIndex(line => line.TrimStart().StartsWith("transaction_hash ", StringComparison.Ordinal));
        Assert.True(added > 0);
        ddl.RemoveAt(added);
        ddl[added - 1] = ddl[added - 1].TrimEnd(',');
        await ExecuteAsync(string.Join('\n', ddl));
        await ExecuteAsync(
            $"INSERT INTO {_database}.trades (record_key, exchange_name, market_type, symbol_name, exchange_symbol, timestamp, timestamp_us, "
            + "local_timestamp, local_timestamp_us, trade_id, price, quantity, side) VALUES "
            + "('stored-before', 'binance', 'spot', 'BTC-USDT', 'BTCUSDT', '2024-03-09 23:59:58', 1710028798000000, '2024-03-09 23:59:58', 1710028798000000, '1', 1, 1, 'buy')");
        var hashed = new TradeRecord
        {
            Instrument = SampleRecords.BinanceSpot, Timestamp = SampleRecords.Time, LocalTimestamp = SampleRecords.Time.AddTicks(10),
            TradeId = new RecordId(2), Price = 1, Quantity = 1, Side = Side.Sell, TransactionHash = "0xab12",
        };
        var plain = SampleRecords.Trade(3);
        await using var sink = new ClickHouseSink(
            new ClickHouseSinkOptions { Enabled = true, Url = Url, Database = _database, DeadLetterDirectory = Path.Combine(_root, "dead-letters") },
            _logs.For<ClickHouseSink>(),
            _time);

        await sink.StartAsync(TestContext.Current.CancellationToken);
        await sink.WriteAsync([hashed, plain], TestContext.Current.CancellationToken);

        var line = Assert.Single(_logs.Entries, entry => entry.EventId == 763);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal(
            $"Added column transaction_hash to ClickHouse table {_database}.trades, which an earlier MarketPrism created without it; rows stored before read it as null",
            line.Message);
        Assert.DoesNotContain(_logs.Entries, entry => entry.Level >= LogLevel.Warning);
        Assert.True(sink.Statistics.IsTableUp("trades"));
        Assert.Empty(sink.DeadLetters.List());
        var rows = await QueryAsync($"SELECT record_key, transaction_hash FROM {_database}.trades FINAL ORDER BY trade_id");
        Assert.Equal(
            [("stored-before", null), (RecordKey.For(hashed), "0xab12"), (RecordKey.For(plain), null)],
            rows.Select(row => (row.GetProperty("record_key").GetString(), row.GetProperty("transaction_hash").GetString())));
        var type = await ExecuteAsync($"SELECT type FROM system.columns WHERE database = '{_database}' AND table = 'trades' AND name = 'transaction_hash'");
        Assert.Equal("Nullable(String)", type.Trim());
    }

    [Fact]
    public async Task A_second_start_finds_the_column_and_adds_nothing()
    {
        var options = new ClickHouseSinkOptions { Enabled = true, Url = Url, Database = _database, DeadLetterDirectory = Path.Combine(_root, "dead-letters") };
        await using (var first = new ClickHouseSink(options, _logs.For<ClickHouseSink>(), _time))
        {
            await first.StartAsync(TestContext.Current.CancellationToken);
            await first.WriteAsync([SampleRecords.Trade(1)], TestContext.Current.CancellationToken);
        }

        await using var second = new ClickHouseSink(options, _logs.For<ClickHouseSink>(), _time);
        await second.StartAsync(TestContext.Current.CancellationToken);
        await second.WriteAsync([SampleRecords.Trade(2)], TestContext.Current.CancellationToken);

        Assert.DoesNotContain(_logs.Entries, entry => entry.EventId is 763 or 764);
        Assert.Equal("2", (await ExecuteAsync($"SELECT count() FROM {_database}.trades FINAL")).Trim());
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

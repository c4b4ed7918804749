using System.Text;
using MarketPrism.IntegrationTests.Infrastructure;
using MarketPrism.Sinks.ClickHouse;

namespace MarketPrism.IntegrationTests.Cli;

/// <summary>
/// <c>marketprism replay-dead-letters</c> as a process against the real clickhouse-server: a table that still does not
/// match keeps its dead letters (exit 1, naming the column), a fixed one gets them (exit 0, files removed), and
/// mistakes are one clear line with no stack trace.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class ReplayDeadLettersTests
{
    private const string Row =
        """{"record_key":"binance:spot:trade:BTC-USDT:1","exchange_name":"binance","market_type":"spot","symbol_name":"BTC-USDT","exchange_symbol":"BTCUSDT","timestamp":1700000000,"timestamp_us":1700000000123456,"local_timestamp":1700000000,"local_timestamp_us":1700000000223456,"trade_id":"1","price":0.01734,"quantity":2.5,"side":"buy"}""";

    [Fact]
    public async Task Dead_letters_stay_while_the_table_is_wrong_and_are_inserted_and_removed_once_it_is_fixed()
    {
        var url = TestServers.ClickHouseUrl();
        var database = TestServers.UniqueName("mp").ToLowerInvariant();
        using var clickHouse = new ClickHouseReader(url, database);
        using var directory = new TempDirectory();
        try
        {
            await clickHouse.ExecuteAsync($"CREATE DATABASE {database}");
            await clickHouse.ExecuteAsync(ClickHouseTables.CreateTable(database, "trades")
                .Replace("    quantity Decimal(38,18),\n    side Enum8('buy' = 1, 'sell' = 2)", "    quantity Decimal(38,18)", StringComparison.Ordinal));
            var deadLetters = new ClickHouseDeadLetters(directory.Combine("dead-letters"), TimeProvider.System);
            deadLetters.Write("trades", "table does not match: column side", 1, Encoding.UTF8.GetBytes(Row + "\n"));
            var config = directory.Combine("collector.yaml");
            await File.WriteAllTextAsync(config, $"""
                exchanges:
                  - exchange: binance
                    symbols: [BTC-USDT]
                sinks:
                  clickhouse:
                    enabled: true
                    url: {url}
                    database: {database}
                    dead_letter_directory: {directory.Combine("dead-letters")}
                """, TestContext.Current.CancellationToken);

            await using (var stillWrong = ChildProcess.StartMarketPrism(["replay-dead-letters", "--config", config], directory.Path))
            {
                Assert.Equal(1, await stillWrong.WaitForExitAsync(TimeSpan.FromSeconds(60)));
                Assert.Contains($"{database}.trades still does not match the schema (column side: expected Enum8('buy' = 1, 'sell' = 2), found no such column); 1 files with 1 rows left in place", stillWrong.Output, StringComparison.Ordinal);
                Assert.DoesNotContain("   at ", stillWrong.Output, StringComparison.Ordinal);
            }

            Assert.Single(deadLetters.List());
            await clickHouse.ExecuteAsync($"DROP TABLE {database}.trades");

            await using (var replay = ChildProcess.StartMarketPrism(["replay-dead-letters", "--config", config, "--table", "trades"], directory.Path))
            {
                Assert.Equal(0, await replay.WaitForExitAsync(TimeSpan.FromSeconds(60)));
                Assert.Contains($"{database}.trades: 1 of 1 rows replayed from 1 of 1 files", replay.Output, StringComparison.Ordinal);
            }

            Assert.Empty(deadLetters.List());
            var stored = (await clickHouse.ExecuteAsync($"SELECT record_key, toString(price), side FROM {database}.trades FINAL FORMAT TSV")).Trim();
            Assert.Equal("binance:spot:trade:BTC-USDT:1\t0.017340000000000000\tbuy", stored);
        }
        finally
        {
            await clickHouse.DropAsync();
        }
    }

    [Fact]
    public async Task An_unknown_table_is_refused_with_exit_code_2_and_the_list_of_tables()
    {
        using var directory = new TempDirectory();
        var config = directory.Combine("collector.yaml");
        await File.WriteAllTextAsync(config, """
            exchanges:
              - exchange: binance
                symbols: [BTC-USDT]
            """, TestContext.Current.CancellationToken);

        await using var process = ChildProcess.StartMarketPrism(["replay-dead-letters", "--config", config, "--table", "trade"], directory.Path);

        Assert.Equal(2, await process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("--table trade is not a MarketPrism table; one of: trades, orderbooks", process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", process.Output, StringComparison.Ordinal);
    }
}

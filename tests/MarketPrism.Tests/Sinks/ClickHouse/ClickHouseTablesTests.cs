using MarketPrism.Core.Model;
using MarketPrism.Sinks.ClickHouse;

namespace MarketPrism.Tests.Sinks.ClickHouse;

public sealed class ClickHouseTablesTests
{
    /// <summary>What ClickHouse 18.16 cannot parse (the compatible DDL avoids it).</summary>
    private static readonly string[] NewerThan1816 = ["LowCardinality", "CODEC", "DateTime64", "Map(", "TTL"];

    private static readonly string SinksDoc = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "sinks.md")).ReplaceLineEndings("\n");

    [Fact]
    public void Every_data_type_has_a_table_and_book_records_share_one()
    {
        var tables = WireNames.AllDataTypes.Select(ClickHouseTables.Of).ToList();

        Assert.Equal(["trades", "orderbooks", "orderbooks", "best_bid_asks", "funding_rates", "open_interests", "liquidations", "mark_prices", "long_short_ratios", "volatility_indexes"], tables);
        Assert.All(tables, table => Assert.Contains(table, ClickHouseTables.All));
    }

    [Fact]
    public void The_sinks_reference_shows_exactly_the_ddl_the_sink_runs()
    {
        var missing = ClickHouseTables.All.Where(table => !SinksDoc.Contains(ClickHouseTables.CreateTable("marketprism", table), StringComparison.Ordinal)).ToList();

        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("18.16.1", ClickHouseDdl.Compatible)]
    [InlineData("19.17.6.36", ClickHouseDdl.Compatible)]
    [InlineData("20.2.1.2120", ClickHouseDdl.Compatible)]
    [InlineData("20.3.5.21", ClickHouseDdl.Modern)]
    [InlineData("24.8.4.13\n", ClickHouseDdl.Modern)]
    [InlineData("", ClickHouseDdl.Compatible)]
    [InlineData("not a version", ClickHouseDdl.Compatible)]
    public void The_server_version_decides_the_ddl_and_anything_unreadable_gets_the_compatible_one(string version, ClickHouseDdl expected) =>
        Assert.Equal(expected, ClickHouseTables.DdlFor(version));

    [Fact]
    public void The_modern_ddl_adds_low_cardinality_and_codecs_and_keeps_every_column_and_key()
    {
        Assert.Equal(
            """
            CREATE TABLE IF NOT EXISTS marketprism.orderbooks
            (
                record_key String CODEC(ZSTD(1)),
                exchange_name LowCardinality(String),
                market_type LowCardinality(String),
                symbol_name LowCardinality(String),
                exchange_symbol LowCardinality(String),
                timestamp DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
                timestamp_us Int64 CODEC(DoubleDelta, ZSTD(1)),
                local_timestamp DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
                local_timestamp_us Int64 CODEC(DoubleDelta, ZSTD(1)),
                data_type Enum8('book_delta' = 1, 'book_snapshot' = 2) CODEC(ZSTD(1)),
                bid_prices Array(Decimal(38,18)) CODEC(ZSTD(1)),
                bid_sizes Array(Decimal(38,18)) CODEC(ZSTD(1)),
                ask_prices Array(Decimal(38,18)) CODEC(ZSTD(1)),
                ask_sizes Array(Decimal(38,18)) CODEC(ZSTD(1)),
                first_update_id Int64 CODEC(ZSTD(1)),
                last_update_id Int64 CODEC(ZSTD(1)),
                depth Nullable(Int32) CODEC(ZSTD(1))
            )
            ENGINE = ReplacingMergeTree()
            PARTITION BY (toYYYYMM(timestamp), exchange_name)
            ORDER BY (exchange_name, symbol_name, data_type, timestamp, record_key)
            """.ReplaceLineEndings("\n"),
            ClickHouseTables.CreateTable("marketprism", "orderbooks", ClickHouseDdl.Modern));
        Assert.Contains(
            """
                next_funding_time Nullable(DateTime('UTC')) CODEC(ZSTD(1)),
                next_funding_time_us Nullable(Int64) CODEC(ZSTD(1)),
            """.ReplaceLineEndings("\n"),
            ClickHouseTables.CreateTable("marketprism", "funding_rates", ClickHouseDdl.Modern),
            StringComparison.Ordinal);
        Assert.Contains("    period LowCardinality(String)\n", ClickHouseTables.CreateTable("marketprism", "long_short_ratios", ClickHouseDdl.Modern), StringComparison.Ordinal);
        Assert.All(ClickHouseTables.All, table =>
        {
            var modern = ClickHouseTables.CreateTable("marketprism", table, ClickHouseDdl.Modern);
            Assert.All(ClickHouseTables.Columns(table), column => Assert.Contains($"\n    {column.Name} ", modern, StringComparison.Ordinal));
            Assert.DoesNotContain("DateTime64", modern, StringComparison.Ordinal);
            Assert.EndsWith($"ORDER BY ({ClickHouseTables.SortingKey(table)})", modern, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void The_compatible_ddl_has_nothing_clickhouse_18_16_cannot_parse()
    {
        Assert.All(ClickHouseTables.All, table =>
        {
            var ddl = ClickHouseTables.CreateTable("marketprism", table);
            Assert.Equal(ddl, ClickHouseTables.CreateTable("marketprism", table, ClickHouseDdl.Compatible));
            foreach (var feature in NewerThan1816)
            {
                Assert.DoesNotContain(feature, ddl, StringComparison.Ordinal);
            }
        });
    }

    [Fact]
    public void The_sinks_reference_shows_the_modern_ddl_of_trades_as_the_sink_runs_it() =>
        Assert.Contains(ClickHouseTables.CreateTable("marketprism", "trades", ClickHouseDdl.Modern), SinksDoc, StringComparison.Ordinal);

    [Fact]
    public void A_column_added_after_a_table_s_first_release_is_nullable_and_added_with_its_ddl_type()
    {
        Assert.Equal(["transaction_hash"], ClickHouseTables.AddedLater("trades"));
        Assert.Empty(ClickHouseTables.AddedLater("orderbooks"));
        Assert.Contains(("transaction_hash", "Nullable(String)"), ClickHouseTables.Columns("trades"));
        Assert.Equal(
            "ALTER TABLE marketprism.trades ADD COLUMN transaction_hash Nullable(String)",
            ClickHouseTables.AddColumn("marketprism", "trades", "transaction_hash"));
        Assert.Equal(
            "ALTER TABLE marketprism.trades ADD COLUMN transaction_hash Nullable(String) CODEC(ZSTD(1))",
            ClickHouseTables.AddColumn("marketprism", "trades", "transaction_hash", ClickHouseDdl.Modern));
    }

    [Theory]
    [InlineData("marketprism", true)]
    [InlineData("md_2024", true)]
    [InlineData("_x", true)]
    [InlineData("2024md", false)]
    [InlineData("market-data", false)]
    [InlineData("x;DROP", false)]
    [InlineData("", false)]
    public void Only_plain_identifiers_are_accepted_as_database_names(string name, bool valid) =>
        Assert.Equal(valid, ClickHouseTables.IsIdentifier(name));
}

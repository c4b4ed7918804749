using MarketPrism.Core.Model;
using MarketPrism.Sinks.ClickHouse;

namespace MarketPrism.Tests.Sinks.ClickHouse;

public sealed class ClickHouseTablesTests
{
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

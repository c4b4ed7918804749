using MarketPrism.Sinks.ClickHouse;

namespace MarketPrism.Tests.Sinks.ClickHouse;

/// <summary>The comparison of an existing table's columns with the schema MarketPrism writes.</summary>
public sealed class ClickHouseTableCheckTests
{
    private static List<ClickHouseColumn> AsServerPrintsThem(string table) =>
        [.. ClickHouseTables.Columns(table).Select(column => new ClickHouseColumn(column.Name, column.Type.Replace("Decimal(38,18)", "Decimal(38, 18)", StringComparison.Ordinal), ""))];

    [Fact]
    public void Every_table_as_the_server_prints_it_matches()
    {
        Assert.All(ClickHouseTables.All, table => Assert.Empty(ClickHouseTableCheck.Mismatches(table, AsServerPrintsThem(table))));
    }

    [Fact]
    public void A_missing_column_is_named_with_its_expected_type()
    {
        var columns = AsServerPrintsThem("trades").Where(column => column.Name != "side").ToList();

        var problem = Assert.Single(ClickHouseTableCheck.Mismatches("trades", columns));

        Assert.Equal("column side: expected Enum8('buy' = 1, 'sell' = 2), found no such column", problem);
    }

    [Fact]
    public void A_float32_price_is_a_mismatch_naming_both_types()
    {
        var columns = AsServerPrintsThem("trades").Select(column => column.Name == "price" ? column with { Type = "Float32" } : column).ToList();

        Assert.Equal(["column price: expected Decimal(38,18), found Float32"], ClickHouseTableCheck.Mismatches("trades", columns));
    }

    [Fact]
    public void Spaces_inside_enum_names_still_count()
    {
        Assert.True(ClickHouseTableCheck.SameType("Enum8('buy' = 1, 'sell' = 2)", "Enum8('buy'=1,'sell'=2)"));
        Assert.False(ClickHouseTableCheck.SameType("Enum8('buy' = 1)", "Enum8('bu y' = 1)"));
        Assert.False(ClickHouseTableCheck.SameType("Nullable(Decimal(38,18))", "Decimal(38, 18)"));
    }

    [Fact]
    public void An_absent_table_is_reported_and_extra_columns_are_allowed_but_listed()
    {
        Assert.Equal(["table trades does not exist"], ClickHouseTableCheck.Mismatches("trades", null));

        var columns = AsServerPrintsThem("mark_prices").Append(new ClickHouseColumn("note", "String", "")).ToList();

        Assert.Empty(ClickHouseTableCheck.Mismatches("mark_prices", columns));
        Assert.Equal(["note String"], ClickHouseTableCheck.ExtraColumns("mark_prices", columns));
    }

    [Fact]
    public void Tables_of_the_modern_ddl_with_low_cardinality_names_match_too()
    {
        string[] lowCardinality = ["exchange_name", "market_type", "symbol_name", "exchange_symbol", "period"];
        Assert.All(ClickHouseTables.All, table =>
        {
            var columns = AsServerPrintsThem(table).Select(column => lowCardinality.Contains(column.Name) ? column with { Type = $"LowCardinality({column.Type})" } : column).ToList();
            Assert.Empty(ClickHouseTableCheck.Mismatches(table, columns));
        });
        Assert.False(ClickHouseTableCheck.SameType("String", "LowCardinality(Int64)"));
        Assert.False(ClickHouseTableCheck.SameType("Decimal(38,18)", "LowCardinality(Float32)"));
    }

    [Fact]
    public void Sorting_keys_are_compared_without_spaces_and_the_old_orderbooks_key_is_told_apart()
    {
        var keys = ClickHouseTableCheck.ParseSortingKeys(
            """
            {"name":"trades","sorting_key":"exchange_name, symbol_name, timestamp, record_key"}
            {"name":"orderbooks","sorting_key":"exchange_name, symbol_name, timestamp, record_key"}
            """);

        Assert.True(ClickHouseTableCheck.SameSortingKey("trades", keys["trades"]));
        Assert.False(ClickHouseTableCheck.SameSortingKey("orderbooks", keys["orderbooks"]));
        Assert.True(ClickHouseTableCheck.SameSortingKey("orderbooks", "exchange_name,symbol_name,data_type,timestamp,record_key"));
    }
}

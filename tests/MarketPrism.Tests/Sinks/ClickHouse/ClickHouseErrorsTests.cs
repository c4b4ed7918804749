using MarketPrism.Sinks.ClickHouse;

namespace MarketPrism.Tests.Sinks.ClickHouse;

/// <summary>Which ClickHouse errors are permanent (dead-lettered) and which transient (retried), on answers captured from the real server.</summary>
public sealed class ClickHouseErrorsTests
{
    private static string Body(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "recordings", "clickhouse-errors", name + ".txt"));

    [Theory]
    [InlineData("unknown_field", 117)]
    [InlineData("no_such_column", 16)]
    [InlineData("cannot_parse_input", 27)]
    [InlineData("cannot_parse_datetime", 41)]
    [InlineData("decimal_too_big", 69)]
    [InlineData("syntax_error", 62)]
    public void Errors_in_the_rows_or_the_tables_shape_are_permanent(string answer, int code)
    {
        var parsed = ClickHouseErrors.ParseCode(Body(answer));

        Assert.Equal(code, parsed);
        Assert.True(ClickHouseErrors.IsPermanent(parsed), ClickHouseErrors.NameOf(parsed));
        Assert.True(new ClickHouseServerException(parsed, 500, Body(answer)).IsPermanent);
    }

    [Theory]
    [InlineData("too_many_parts", 252)]
    [InlineData("timeout_exceeded", 159)]
    [InlineData("memory_limit", 241)]
    [InlineData("readonly", 164)]
    [InlineData("wrong_password", 193)]
    [InlineData("unknown_table", 60)]
    [InlineData("unknown_database", 81)]
    [InlineData("unknown_enum_element", 49)]
    [InlineData("illegal_types", 43)]
    public void Overload_timeouts_credentials_missing_tables_and_unlisted_codes_are_transient(string answer, int code)
    {
        var parsed = ClickHouseErrors.ParseCode(Body(answer));

        Assert.Equal(code, parsed);
        Assert.False(ClickHouseErrors.IsPermanent(parsed), ClickHouseErrors.NameOf(parsed));
    }

    [Fact]
    public void Missing_tables_are_created_again_rather_than_dead_lettered()
    {
        var error = new ClickHouseServerException(ClickHouseErrors.ParseCode(Body("unknown_table")), 404, Body("unknown_table"));

        Assert.True(error.IsMissingSchema);
        Assert.False(error.IsPermanent);
    }

    [Theory]
    [InlineData("Code: 16. DB::Exception: No such column side in table marketprism.trades. (NO_SUCH_COLUMN_IN_TABLE) (version 24.3.1.1)", null, 16)]
    [InlineData("Code: 252, e.displayText() = DB::Exception: Too many parts (300)", null, 252)]
    [InlineData("Code: 1", "62", 62)]
    [InlineData("<html>Bad Gateway</html>", null, 0)]
    [InlineData("", null, 0)]
    public void The_code_comes_from_the_header_else_the_start_of_the_body_in_the_old_and_the_new_format(string body, string? header, int code) =>
        Assert.Equal(code, ClickHouseErrors.ParseCode(body, header));

    [Fact]
    public void Every_permanent_code_has_its_clickhouse_name() =>
        Assert.All(ClickHouseErrors.PermanentCodes, code => Assert.Matches("^[A-Z_]+$", ClickHouseErrors.NameOf(code)));
}

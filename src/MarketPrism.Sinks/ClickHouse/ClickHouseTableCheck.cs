using System.Text;
using System.Text.Json;

namespace MarketPrism.Sinks.ClickHouse;

/// <summary>One column of an existing table as <c>system.columns</c> describes it.</summary>
public sealed record ClickHouseColumn(string Name, string Type, string DefaultKind);

/// <summary>
/// Compares the tables that exist with the ones <see cref="ClickHouseTables"/> would create. <c>CREATE TABLE IF NOT
/// EXISTS</c> leaves a table of another shape alone, and ClickHouse then either refuses every insert (a missing
/// column) or, worse, converts silently (a <c>Float32</c> price stores <c>0.017340000718832016</c> for
/// <c>0.01734</c>): so every column MarketPrism writes must exist with exactly its type. A column the table has and
/// MarketPrism does not write is allowed (it gets its default), and reported.
/// </summary>
public static class ClickHouseTableCheck
{
    /// <summary>The columns of every table of <paramref name="database"/> (ClickHouse 18.16 has <c>system.columns</c> with these fields).</summary>
    public static string ColumnsQuery(string database, string? table = null) =>
        $"SELECT table, name, type, default_kind FROM system.columns WHERE database = '{database}'"
        + (table is null ? "" : $" AND table = '{table}'")
        + " FORMAT JSONEachRow";

    /// <summary>Reads the answer of <see cref="ColumnsQuery"/>: columns by table, in table order.</summary>
    public static Dictionary<string, List<ClickHouseColumn>> ParseColumns(string body)
    {
        var tables = new Dictionary<string, List<ClickHouseColumn>>(StringComparer.Ordinal);
        foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var row = JsonDocument.Parse(line);
            var root = row.RootElement;
            var table = root.GetProperty("table").GetString() ?? "";
            if (!tables.TryGetValue(table, out var columns))
            {
                columns = [];
                tables.Add(table, columns);
            }

            columns.Add(new ClickHouseColumn(
                root.GetProperty("name").GetString() ?? "",
                root.GetProperty("type").GetString() ?? "",
                root.GetProperty("default_kind").GetString() ?? ""));
        }

        return tables;
    }

    /// <summary>
    /// What is wrong with <paramref name="found"/> (the columns of <paramref name="table"/>, null when it does not
    /// exist), one line per column naming the expected and found type; empty when MarketPrism can write it.
    /// </summary>
    public static IReadOnlyList<string> Mismatches(string table, IReadOnlyList<ClickHouseColumn>? found)
    {
        if (found is null || found.Count == 0)
        {
            return [$"table {table} does not exist"];
        }

        var problems = new List<string>();
        foreach (var (name, type) in ClickHouseTables.Columns(table))
        {
            var column = found.FirstOrDefault(candidate => string.Equals(candidate.Name, name, StringComparison.Ordinal));
            if (column is null)
            {
                problems.Add($"column {name}: expected {type}, found no such column");
            }
            else if (!SameType(type, column.Type))
            {
                problems.Add($"column {name}: expected {type}, found {column.Type}");
            }
        }

        return problems;
    }

    /// <summary>Columns the table has and MarketPrism does not write (they get their default in every row).</summary>
    public static IReadOnlyList<string> ExtraColumns(string table, IReadOnlyList<ClickHouseColumn> found)
    {
        var expected = ClickHouseTables.Columns(table).Select(column => column.Name).ToHashSet(StringComparer.Ordinal);
        return [.. found.Where(column => !expected.Contains(column.Name)).Select(column => column.DefaultKind.Length == 0 ? $"{column.Name} {column.Type}" : $"{column.Name} {column.Type} {column.DefaultKind}")];
    }

    /// <summary>
    /// Types as ClickHouse prints them (<c>Decimal(38, 18)</c>) and as the DDL writes them (<c>Decimal(38,18)</c>)
    /// compare equal, and so do <c>T</c> and <c>LowCardinality(T)</c>: the modern DDL's wrapper changes how a part
    /// stores the column, not the values it holds, so tables of either DDL (<see cref="ClickHouseDdl"/>) pass.
    /// </summary>
    public static bool SameType(string expected, string found) => string.Equals(Canonical(expected), Canonical(found), StringComparison.Ordinal);

    /// <summary>The sort key of every table of <paramref name="database"/> (<c>system.tables.sorting_key</c>, which 18.16 has).</summary>
    public static string SortingKeysQuery(string database) =>
        $"SELECT name, sorting_key FROM system.tables WHERE database = '{database}' FORMAT JSONEachRow";

    /// <summary>Reads the answer of <see cref="SortingKeysQuery"/>: sort key (spaces removed) by table.</summary>
    public static Dictionary<string, string> ParseSortingKeys(string body)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var row = JsonDocument.Parse(line);
            keys[row.RootElement.GetProperty("name").GetString() ?? ""] = Canonical(row.RootElement.GetProperty("sorting_key").GetString() ?? "");
        }

        return keys;
    }

    /// <summary>Whether an existing table's sort key is the one <see cref="ClickHouseTables.SortingKey"/> creates it with.</summary>
    public static bool SameSortingKey(string table, string found) =>
        string.Equals(Canonical(ClickHouseTables.SortingKey(table)), Canonical(found), StringComparison.Ordinal);

    private static string Canonical(string type)
    {
        type = type.Trim();
        if (type.StartsWith("LowCardinality(", StringComparison.Ordinal) && type.EndsWith(')'))
        {
            type = type["LowCardinality(".Length..^1];
        }

        var text = new StringBuilder(type.Length);
        var quoted = false;
        foreach (var c in type)
        {
            if (c == '\'')
            {
                quoted = !quoted;
            }

            if (quoted || !char.IsWhiteSpace(c))
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}

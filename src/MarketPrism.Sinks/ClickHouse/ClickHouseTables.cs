using System.Diagnostics;
using System.Globalization;
using MarketPrism.Core.Model;

namespace MarketPrism.Sinks.ClickHouse;

/// <summary>
/// Which DDL a server gets (<see cref="ClickHouseTables.DdlFor"/>). Both create the same columns with the same
/// values, so one encoder writes both and the schema check accepts either.
/// </summary>
public enum ClickHouseDdl
{
    /// <summary>ClickHouse 18.16 (Debian's package) and anything before 20.3: plain types, no codecs.</summary>
    Compatible,

    /// <summary>
    /// ClickHouse 20.3 and newer: <c>LowCardinality(String)</c> for the few-valued name columns, and compression
    /// codecs (<c>DoubleDelta</c> for the time columns, <c>ZSTD</c> for the rest).
    /// </summary>
    Modern,
}

/// <summary>
/// The tables the ClickHouse sink writes, one per data type (book deltas and snapshots share <c>orderbooks</c>), and
/// their DDL. <see cref="ClickHouseDdl.Compatible"/> is accepted by ClickHouse 18.16 and by current releases alike:
/// no DateTime64, Map, LowCardinality, CODEC or TTL; a <c>DateTime('UTC')</c> column for partitions and time filters
/// plus an <c>Int64</c> microsecond column for full precision; prices and sizes as <c>Decimal(38,18)</c>; book levels
/// as parallel arrays. <see cref="ClickHouseDdl.Modern"/> adds <c>LowCardinality</c> and codecs on servers that have
/// them (the column types as the schema check sees them stay the same but for the <c>LowCardinality</c> wrapper).
/// <para>
/// Every table is a <c>ReplacingMergeTree</c> partitioned by <c>(toYYYYMM(timestamp), exchange_name)</c> and ordered
/// by <c>(exchange_name, symbol_name, timestamp, record_key)</c> (<c>orderbooks</c>: <c>data_type</c> after the
/// symbol, so the snapshots of a symbol are read without its deltas): rows with the same record key (a batch
/// inserted twice after a lost answer, or by two collectors) are collapsed into one when ClickHouse merges parts.
/// Until then a query sees every copy unless it says <c>FINAL</c> (or groups by <c>record_key</c>).
/// </para>
/// </summary>
public static class ClickHouseTables
{
    /// <summary>Records with a value <c>Decimal(38,18)</c> cannot hold exactly, kept whole as JSON instead of rounded.</summary>
    public const string Unrepresentable = "unrepresentable_records";

    private const string Decimal = "Decimal(38,18)";

    private static readonly string[] CommonColumns =
    [
        "record_key String",
        "exchange_name String",
        "market_type String",
        "symbol_name String",
        "exchange_symbol String",
        "timestamp DateTime('UTC')",
        "timestamp_us Int64",
        "local_timestamp DateTime('UTC')",
        "local_timestamp_us Int64",
    ];

    private static readonly Dictionary<string, string[]> SpecificColumns = new(StringComparer.Ordinal)
    {
        ["trades"] =
        [
            "trade_id String",
            $"price {Decimal}",
            $"quantity {Decimal}",
            "side Enum8('buy' = 1, 'sell' = 2)",
            "transaction_hash Nullable(String)",
        ],
        ["orderbooks"] =
        [
            "data_type Enum8('book_delta' = 1, 'book_snapshot' = 2)",
            $"bid_prices Array({Decimal})",
            $"bid_sizes Array({Decimal})",
            $"ask_prices Array({Decimal})",
            $"ask_sizes Array({Decimal})",
            "first_update_id Int64",
            "last_update_id Int64",
            "depth Nullable(Int32)",
        ],
        ["best_bid_asks"] =
        [
            $"bid_price {Decimal}",
            $"bid_size {Decimal}",
            $"ask_price {Decimal}",
            $"ask_size {Decimal}",
            "update_id Nullable(Int64)",
        ],
        ["funding_rates"] =
        [
            $"funding_rate {Decimal}",
            $"estimated_rate Nullable({Decimal})",
            "next_funding_time Nullable(DateTime('UTC'))",
            "next_funding_time_us Nullable(Int64)",
            $"mark_price Nullable({Decimal})",
            $"index_price Nullable({Decimal})",
            $"premium_index Nullable({Decimal})",
        ],
        ["open_interests"] =
        [
            $"open_interest {Decimal}",
            $"open_interest_value Nullable({Decimal})",
        ],
        ["liquidations"] =
        [
            "liquidation_id Nullable(String)",
            "side Enum8('buy' = 1, 'sell' = 2)",
            $"price {Decimal}",
            $"quantity {Decimal}",
            $"leverage Nullable({Decimal})",
            "instrument_type Enum8('spot' = 1, 'margin' = 2, 'swap' = 3, 'futures' = 4, 'option' = 5)",
        ],
        ["mark_prices"] =
        [
            $"mark_price {Decimal}",
            $"index_price Nullable({Decimal})",
        ],
        ["long_short_ratios"] =
        [
            "kind Enum8('top_position' = 1, 'top_account' = 2, 'all_account' = 3)",
            $"long_ratio Nullable({Decimal})",
            $"short_ratio Nullable({Decimal})",
            $"long_short_ratio {Decimal}",
            "period String",
        ],
        ["volatility_indexes"] =
        [
            $"volatility {Decimal}",
        ],
        [Unrepresentable] =
        [
            "data_type String",
            "record String",
        ],
    };

    /// <summary>
    /// Columns added to a table after MarketPrism first created it. A table created by an earlier release lacks them:
    /// the sink adds each one with <c>ALTER TABLE … ADD COLUMN</c> when it starts (<see cref="AddColumn"/>). Only
    /// nullable columns are ever added this way, so the rows already stored read them as null and nothing is rewritten.
    /// </summary>
    private static readonly Dictionary<string, string[]> ColumnsAddedLater = new(StringComparer.Ordinal)
    {
        ["trades"] = ["transaction_hash"],
    };

    /// <summary>The columns of <paramref name="table"/> added after its first release (<see cref="AddColumn"/>), in order.</summary>
    public static IReadOnlyList<string> AddedLater(string table) => ColumnsAddedLater.GetValueOrDefault(table) ?? [];

    /// <summary>The statement that adds <paramref name="column"/>, one of <see cref="AddedLater"/>, to an existing table.</summary>
    public static string AddColumn(string database, string table, string column, ClickHouseDdl ddl = ClickHouseDdl.Compatible)
    {
        var definition = SpecificColumns[table].Single(candidate => candidate.StartsWith(column + " ", StringComparison.Ordinal));
        Debug.Assert(definition.Contains("Nullable(", StringComparison.Ordinal), "Only nullable columns are added to existing tables.");
        return $"ALTER TABLE {database}.{table} ADD COLUMN {(ddl == ClickHouseDdl.Modern ? Modern(definition) : definition)}";
    }

    /// <summary>Every table, in creation order.</summary>
    public static IReadOnlyList<string> All { get; } =
        ["trades", "orderbooks", "best_bid_asks", "funding_rates", "open_interests", "liquidations", "mark_prices", "long_short_ratios", "volatility_indexes", Unrepresentable];

    /// <summary>The table a record of <paramref name="dataType"/> goes to.</summary>
    public static string Of(DataType dataType) => dataType switch
    {
        DataType.Trade => "trades",
        DataType.BookDelta or DataType.BookSnapshot => "orderbooks",
        DataType.BestBidAsk => "best_bid_asks",
        DataType.FundingRate => "funding_rates",
        DataType.OpenInterest => "open_interests",
        DataType.Liquidation => "liquidations",
        DataType.MarkPrice => "mark_prices",
        DataType.LongShortRatio => "long_short_ratios",
        DataType.VolatilityIndex => "volatility_indexes",
        _ => throw new ArgumentOutOfRangeException(nameof(dataType), dataType, "No ClickHouse table for this data type."),
    };

    /// <summary>The columns of <paramref name="table"/> with their types, as the DDL declares them.</summary>
    public static IEnumerable<(string Name, string Type)> Columns(string table) =>
        CommonColumns.Concat(SpecificColumns[table]).Select(column =>
        {
            var space = column.IndexOf(' ', StringComparison.Ordinal);
            return (column[..space], column[(space + 1)..]);
        });

    public static string CreateDatabase(string database) => $"CREATE DATABASE IF NOT EXISTS {database}";

    /// <summary>The first release whose DDL is <see cref="ClickHouseDdl.Modern"/> (an LTS: LowCardinality and codecs are mature there).</summary>
    public static readonly Version ModernSince = new(20, 3);

    /// <summary>
    /// The DDL for a server whose <c>SELECT version()</c> answered <paramref name="version"/> (e.g. <c>18.16.1</c>,
    /// <c>24.8.4.13</c>); an answer that does not parse gets <see cref="ClickHouseDdl.Compatible"/>, which every
    /// server accepts.
    /// </summary>
    public static ClickHouseDdl DdlFor(string? version)
    {
        var parts = (version ?? "").Trim().Split('.');
        return parts.Length >= 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            && new Version(major, minor) >= ModernSince
            ? ClickHouseDdl.Modern
            : ClickHouseDdl.Compatible;
    }

    /// <summary>The sort key <paramref name="table"/> is created with.</summary>
    public static string SortingKey(string table) => table == "orderbooks"
        ? "exchange_name, symbol_name, data_type, timestamp, record_key"
        : "exchange_name, symbol_name, timestamp, record_key";

    /// <summary>
    /// The sort key MarketPrism 0.x created <c>orderbooks</c> with, before <c>data_type</c> was in it: still accepted
    /// (rows are written the same), but "the latest snapshot" then reads the symbol's deltas too.
    /// </summary>
    public const string OrderbooksSortingKeyBeforeDataType = "exchange_name, symbol_name, timestamp, record_key";

    /// <summary>The <c>CREATE TABLE IF NOT EXISTS</c> statement of <paramref name="table"/> (as docs/sinks.md shows it).</summary>
    public static string CreateTable(string database, string table, ClickHouseDdl ddl = ClickHouseDdl.Compatible) =>
        $"CREATE TABLE IF NOT EXISTS {database}.{table}\n(\n    "
        + string.Join(",\n    ", CommonColumns.Concat(SpecificColumns[table]).Select(column => ddl == ClickHouseDdl.Modern ? Modern(column) : column))
        + $"\n)\nENGINE = ReplacingMergeTree()\nPARTITION BY (toYYYYMM(timestamp), exchange_name)\nORDER BY ({SortingKey(table)})";

    /// <summary>
    /// One column of the compatible DDL as a modern server gets it: names with few values as <c>LowCardinality</c>
    /// (a dictionary per part instead of the string in every row), the time columns delta-of-delta coded (they
    /// grow steadily within a symbol), everything else ZSTD-compressed (better ratio than the default LZ4 for the
    /// repetitive prices and sizes, at a CPU cost ClickHouse's own guides consider right for such data).
    /// </summary>
    private static string Modern(string column)
    {
        var space = column.IndexOf(' ', StringComparison.Ordinal);
        var name = column[..space];
        var type = column[(space + 1)..];
        if (name is "exchange_name" or "market_type" or "symbol_name" or "exchange_symbol" or "period")
        {
            return $"{name} LowCardinality({type})";
        }

        if (type is "Int64" or "DateTime('UTC')" && (name.EndsWith("timestamp", StringComparison.Ordinal) || name.EndsWith("timestamp_us", StringComparison.Ordinal)))
        {
            return $"{column} CODEC(DoubleDelta, ZSTD(1))";
        }

        return $"{column} CODEC(ZSTD(1))";
    }

    /// <summary>True when <paramref name="name"/> is a plain identifier (letters, digits, underscores; not starting with a digit).</summary>
    public static bool IsIdentifier(string? name) =>
        !string.IsNullOrEmpty(name)
        && !char.IsAsciiDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}

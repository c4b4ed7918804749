namespace MarketPrism.Core.Model;

/// <summary>
/// The lower-case names of enum values as they appear in records, config and file paths. One place owns them so
/// that the JSON writer, the Parquet store and the config parser can never disagree.
/// </summary>
public static class WireNames
{
    private static readonly string[] DataTypeNames =
        ["trade", "book_delta", "book_snapshot", "best_bid_ask", "funding_rate", "open_interest", "liquidation", "mark_price", "long_short_ratio", "volatility_index"];

    private static readonly string[] MarketTypeNames = ["spot", "perpetual", "futures", "option"];
    private static readonly string[] SideNames = ["buy", "sell"];
    private static readonly string[] InstrumentTypeNames = ["spot", "margin", "swap", "futures", "option"];
    private static readonly string[] LongShortRatioKindNames = ["top_position", "top_account", "all_account"];

    /// <summary>Every data type, in declaration order.</summary>
    public static IReadOnlyList<DataType> AllDataTypes { get; } = Enum.GetValues<DataType>();

    public static string ToWireName(this DataType value) => DataTypeNames[(int)value];

    public static string ToWireName(this MarketType value) => MarketTypeNames[(int)value];

    public static string ToWireName(this Side value) => SideNames[(int)value];

    public static string ToWireName(this InstrumentType value) => InstrumentTypeNames[(int)value];

    public static string ToWireName(this LongShortRatioKind value) => LongShortRatioKindNames[(int)value];

    public static bool TryParseDataType(string? name, out DataType value) => TryParse(DataTypeNames, name, out value);

    public static bool TryParseMarketType(string? name, out MarketType value) => TryParse(MarketTypeNames, name, out value);

    public static bool TryParseSide(string? name, out Side value) => TryParse(SideNames, name, out value);

    public static bool TryParseInstrumentType(string? name, out InstrumentType value) => TryParse(InstrumentTypeNames, name, out value);

    public static bool TryParseLongShortRatioKind(string? name, out LongShortRatioKind value) => TryParse(LongShortRatioKindNames, name, out value);

    /// <summary>All data type wire names, for error messages that list the valid choices.</summary>
    public static IReadOnlyList<string> DataTypeWireNames => DataTypeNames;

    /// <summary>All market type wire names, for error messages that list the valid choices.</summary>
    public static IReadOnlyList<string> MarketTypeWireNames => MarketTypeNames;

    private static bool TryParse<TEnum>(string[] names, string? name, out TEnum value)
        where TEnum : struct, Enum
    {
        var index = name is null ? -1 : Array.IndexOf(names, name);
        if (index < 0)
        {
            value = default;
            return false;
        }

        value = (TEnum)Enum.ToObject(typeof(TEnum), index);
        return true;
    }
}

using System.Collections.Frozen;
using System.Globalization;

namespace MarketPrism.Sinks.ClickHouse;

/// <summary>
/// Tells a ClickHouse error that retrying cannot cure (the table's shape or the rows themselves are wrong) from one
/// that passes (an outage, an overloaded server). Only the codes listed here are permanent; anything else, including
/// a code this list does not know, is treated as transient: the batch is retried and spooled as before, so a doubt
/// never moves good data into dead letters. Names are those of ClickHouse's <c>src/Common/ErrorCodes.cpp</c>.
/// </summary>
public static class ClickHouseErrors
{
    /// <summary>The errors that say the rows do not fit the table, with ClickHouse's names for them.</summary>
    private static readonly FrozenDictionary<int, string> Permanent = new Dictionary<int, string>
    {
        [6] = "CANNOT_PARSE_TEXT",
        [8] = "THERE_IS_NO_COLUMN",
        [10] = "NOT_FOUND_COLUMN_IN_BLOCK",
        [16] = "NO_SUCH_COLUMN_IN_TABLE",
        [20] = "NUMBER_OF_COLUMNS_DOESNT_MATCH",
        [26] = "CANNOT_PARSE_QUOTED_STRING",
        [27] = "CANNOT_PARSE_INPUT_ASSERTION_FAILED",
        [38] = "CANNOT_PARSE_DATE",
        [41] = "CANNOT_PARSE_DATETIME",
        [44] = "ILLEGAL_COLUMN",
        [47] = "UNKNOWN_IDENTIFIER",
        [53] = "TYPE_MISMATCH",
        [62] = "SYNTAX_ERROR",
        [69] = "ARGUMENT_OUT_OF_BOUND",
        [70] = "CANNOT_CONVERT_TYPE",
        [72] = "CANNOT_PARSE_NUMBER",
        [117] = "INCORRECT_DATA",
        [130] = "CANNOT_READ_ARRAY_FROM_TEXT",
        [190] = "SIZES_OF_ARRAYS_DOESNT_MATCH",
        [321] = "VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE",
        [349] = "CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN",
        [407] = "DECIMAL_OVERFLOW",
    }.ToFrozenDictionary();

    /// <summary>Transient errors the sink meets in practice, named in logs.</summary>
    private static readonly FrozenDictionary<int, string> KnownTransient = new Dictionary<int, string>
    {
        [60] = "UNKNOWN_TABLE",
        [81] = "UNKNOWN_DATABASE",
        [159] = "TIMEOUT_EXCEEDED",
        [164] = "READONLY",
        [192] = "UNKNOWN_USER",
        [193] = "WRONG_PASSWORD",
        [194] = "REQUIRED_PASSWORD",
        [202] = "TOO_MANY_SIMULTANEOUS_QUERIES",
        [209] = "SOCKET_TIMEOUT",
        [210] = "NETWORK_ERROR",
        [241] = "MEMORY_LIMIT_EXCEEDED",
        [242] = "TABLE_IS_READ_ONLY",
        [243] = "NOT_ENOUGH_SPACE",
        [252] = "TOO_MANY_PARTS",
        [394] = "QUERY_WAS_CANCELLED",
        [516] = "AUTHENTICATION_FAILED",
    }.ToFrozenDictionary();

    /// <summary>
    /// True when the error is in the rows or the table's shape, so the same insert fails again however often it is
    /// retried. Unknown table or database (60, 81) are not: the sink creates them again and retries; wrong
    /// credentials and a read-only server are not either: they refuse every table alike, like an outage.
    /// </summary>
    public static bool IsPermanent(int code) => Permanent.ContainsKey(code);

    /// <summary>ClickHouse's name of <paramref name="code"/> when this sink knows it, else the number.</summary>
    public static string NameOf(int code) =>
        Permanent.TryGetValue(code, out var name) || KnownTransient.TryGetValue(code, out name)
            ? name
            : code.ToString(CultureInfo.InvariantCulture);

    /// <summary>The codes treated as permanent, for docs and tests.</summary>
    public static IReadOnlyCollection<int> PermanentCodes => Permanent.Keys;

    /// <summary>
    /// The error code of an error answer: the <c>X-ClickHouse-Exception-Code</c> header when the server sends one
    /// (releases since 19.x), else the body's start: <c>Code: 60, e.displayText() = ...</c> (18.16) or
    /// <c>Code: 60. DB::Exception: ...</c> (current releases). 0 when neither names one.
    /// </summary>
    public static int ParseCode(string body, string? header = null)
    {
        if (header is not null && int.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var fromHeader))
        {
            return fromHeader;
        }

        const string prefix = "Code: ";
        var text = body.AsSpan().TrimStart();
        if (!text.StartsWith(prefix, StringComparison.Ordinal))
        {
            return 0;
        }

        text = text[prefix.Length..];
        var end = 0;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return end > 0 && int.TryParse(text[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : 0;
    }
}

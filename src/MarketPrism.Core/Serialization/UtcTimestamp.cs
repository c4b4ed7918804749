using System.Buffers.Text;
using System.Globalization;

namespace MarketPrism.Core.Serialization;

/// <summary>
/// Converts between exchange epoch numbers, <see cref="DateTime"/> (UTC) and the ISO-8601 text records use:
/// <c>2021-10-12T08:30:01.123Z</c>, always UTC, with a fixed number of fraction digits chosen by the caller:
/// milliseconds (what <c>normalize</c> and the message bus print) or microseconds (<c>2021-10-12T08:30:01.123456Z</c>,
/// what the file store writes, so no stored form loses precision the Parquet store keeps).
/// </summary>
public static class UtcTimestamp
{
    /// <summary>Maximum length of the ISO-8601 text form in bytes (the microsecond form).</summary>
    public const int IsoLength = 27;

    public static DateTime FromUnixMilliseconds(long milliseconds) =>
        DateTime.UnixEpoch.AddTicks(milliseconds * TimeSpan.TicksPerMillisecond);

    public static DateTime FromUnixMicroseconds(long microseconds) =>
        DateTime.UnixEpoch.AddTicks(microseconds * TimeSpan.TicksPerMicrosecond);

    public static long ToUnixMilliseconds(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;

    public static long ToUnixMicroseconds(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;

    /// <summary>
    /// Writes <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, or <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c> with
    /// <see cref="TimestampPrecision.Microseconds"/>; needs <see cref="IsoLength"/> bytes. Smaller units are truncated.
    /// </summary>
    public static bool TryFormatIso(DateTime utc, Span<byte> destination, out int written, TimestampPrecision precision = TimestampPrecision.Milliseconds)
    {
        written = 0;
        if (destination.Length < IsoLength)
        {
            return false;
        }

        var year = utc.Year;
        if (year > 9999)
        {
            return false;
        }

        WriteDigits(destination[..4], year);
        destination[4] = (byte)'-';
        WriteDigits(destination.Slice(5, 2), utc.Month);
        destination[7] = (byte)'-';
        WriteDigits(destination.Slice(8, 2), utc.Day);
        destination[10] = (byte)'T';
        WriteDigits(destination.Slice(11, 2), utc.Hour);
        destination[13] = (byte)':';
        WriteDigits(destination.Slice(14, 2), utc.Minute);
        destination[16] = (byte)':';
        WriteDigits(destination.Slice(17, 2), utc.Second);
        destination[19] = (byte)'.';
        var microseconds = (int)(utc.Ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMicrosecond);
        if (precision == TimestampPrecision.Milliseconds)
        {
            WriteDigits(destination.Slice(20, 3), microseconds / 1000);
            destination[23] = (byte)'Z';
            written = 24;
        }
        else
        {
            WriteDigits(destination.Slice(20, 6), microseconds);
            destination[26] = (byte)'Z';
            written = 27;
        }

        return true;
    }

    public static string ToIsoString(DateTime utc)
    {
        Span<byte> buffer = stackalloc byte[IsoLength];
        return TryFormatIso(utc, buffer, out var written)
            ? System.Text.Encoding.ASCII.GetString(buffer[..written])
            : utc.ToString("O", CultureInfo.InvariantCulture);
    }

    /// <summary>Parses ISO-8601 text (any fraction length, <c>Z</c> or an offset) into a UTC <see cref="DateTime"/>.</summary>
    public static bool TryParseIso(ReadOnlySpan<byte> utf8, out DateTime utc)
    {
        if (Utf8Parser.TryParse(utf8, out DateTimeOffset value, out var consumed, 'O') && consumed == utf8.Length)
        {
            utc = value.UtcDateTime;
            return true;
        }

        Span<char> chars = stackalloc char[utf8.Length];
        for (var i = 0; i < utf8.Length; i++)
        {
            chars[i] = (char)utf8[i];
        }

        if (DateTimeOffset.TryParse(chars, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value))
        {
            utc = value.UtcDateTime;
            return true;
        }

        utc = default;
        return false;
    }

    private static void WriteDigits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}

namespace MarketPrism.Exchanges.Coinbase;

/// <summary>
/// Coinbase's RFC 3339 UTC times, read in place: <c>2021-04-17T16:43:39.071731Z</c> (Exchange feed, microseconds),
/// <c>2024-10-04T07:13:31.158696693Z</c> (Advanced Trade envelopes, nanoseconds, kept to the 100 ns of a
/// <see cref="DateTime"/>), <c>2019-08-01T00:00:03.818Z</c>, or without a fraction. Only UTC (<c>Z</c>) is accepted:
/// Coinbase sends nothing else, and a time without its zone cannot be placed.
/// </summary>
internal static class CoinbaseTime
{
    public static bool TryParse(ReadOnlySpan<byte> text, out DateTime utc)
    {
        utc = default;
        if (text.Length < 20 || text[^1] != (byte)'Z' || text[4] != (byte)'-' || text[7] != (byte)'-' || text[10] != (byte)'T'
            || text[13] != (byte)':' || text[16] != (byte)':')
        {
            return false;
        }

        if (!TryDigits(text[..4], out var year) || !TryDigits(text.Slice(5, 2), out var month) || !TryDigits(text.Slice(8, 2), out var day)
            || !TryDigits(text.Slice(11, 2), out var hour) || !TryDigits(text.Slice(14, 2), out var minute) || !TryDigits(text.Slice(17, 2), out var second))
        {
            return false;
        }

        long ticks = 0;
        var fraction = text[19..^1];
        if (!fraction.IsEmpty)
        {
            if (fraction[0] != (byte)'.' || fraction.Length < 2 || fraction.Length > 10)
            {
                return false;
            }

            var digits = 0;
            foreach (var b in fraction[1..])
            {
                if (b is < (byte)'0' or > (byte)'9')
                {
                    return false;
                }

                // 100 ns ticks: the first seven digits count, the rest (nanoseconds) are below a tick.
                if (digits < 7)
                {
                    ticks = (ticks * 10) + (b - '0');
                    digits++;
                }
            }

            for (; digits < 7; digits++)
            {
                ticks *= 10;
            }
        }

        if (month is < 1 or > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        utc = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }
}

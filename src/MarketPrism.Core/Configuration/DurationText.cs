using System.Globalization;

namespace MarketPrism.Core.Configuration;

/// <summary>
/// Durations as config writes them: a sequence of number+unit parts, units <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>,
/// <c>d</c> (e.g. <c>100ms</c>, <c>30s</c>, <c>15m</c>, <c>1h30m</c>). Numbers are whole.
/// </summary>
public static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        var total = TimeSpan.Zero;
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && char.IsAsciiDigit(span[digits]))
            {
                digits++;
            }

            if (digits == 0 || !long.TryParse(span[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            span = span[digits..];
            var unitLength = 0;
            while (unitLength < span.Length && char.IsAsciiLetter(span[unitLength]))
            {
                unitLength++;
            }

            TimeSpan part;
            try
            {
                part = span[..unitLength] switch
                {
                    "ms" => TimeSpan.FromMilliseconds(value),
                    "s" => TimeSpan.FromSeconds(value),
                    "m" => TimeSpan.FromMinutes(value),
                    "h" => TimeSpan.FromHours(value),
                    "d" => TimeSpan.FromDays(value),
                    _ => TimeSpan.MinValue,
                };
            }
            catch (OverflowException)
            {
                return false;
            }

            if (part == TimeSpan.MinValue)
            {
                return false;
            }

            total += part;
            span = span[unitLength..];
        }

        duration = total;
        return true;
    }

    /// <summary>The shortest text <see cref="TryParse"/> reads back as the same duration.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var builder = new System.Text.StringBuilder();
        Append(builder, duration.Days, "d");
        Append(builder, duration.Hours, "h");
        Append(builder, duration.Minutes, "m");
        Append(builder, duration.Seconds, "s");
        Append(builder, duration.Milliseconds, "ms");
        return builder.ToString();
    }

    private static void Append(System.Text.StringBuilder builder, int value, string unit)
    {
        if (value != 0)
        {
            builder.Append(value.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }
}

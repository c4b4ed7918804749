using System.Globalization;

namespace MarketPrism.Core.Configuration;

/// <summary>
/// Durations as config writes them: a sequence of number+unit parts, units <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>,
/// <c>d</c> (e.g. <c>100ms</c>, <c>30s</c>, <c>15m</c>, <c>1h30m</c>). Numbers are whole.
/// </summary>
public static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration) => TryParse(text, out duration, out _);

    /// <param name="outOfRange">True when the text is a well-formed duration longer than <see cref="TimeSpan.MaxValue"/>
    /// (about 29,000 years), so a message can say "out of range" rather than "not a duration".</param>
    public static bool TryParse(string? text, out TimeSpan duration, out bool outOfRange)
    {
        duration = TimeSpan.Zero;
        outOfRange = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        var totalTicks = 0L;
        var overflow = false;
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && char.IsAsciiDigit(span[digits]))
            {
                digits++;
            }

            if (digits == 0)
            {
                return false;
            }

            // More digits than a long holds are still a number: too large, not malformed.
            var tooManyDigits = !long.TryParse(span[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var value);
            span = span[digits..];
            var unitLength = 0;
            while (unitLength < span.Length && char.IsAsciiLetter(span[unitLength]))
            {
                unitLength++;
            }

            var ticksPerUnit = span[..unitLength] switch
            {
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                "d" => TimeSpan.TicksPerDay,
                _ => 0,
            };
            if (ticksPerUnit == 0)
            {
                return false;
            }

            // TimeSpan.FromSeconds(long) throws ArgumentOutOfRangeException past its range (not OverflowException),
            // so the range is checked here on ticks, for each part and for the sum.
            if (tooManyDigits || value > (TimeSpan.MaxValue.Ticks - totalTicks) / ticksPerUnit)
            {
                overflow = true;
                span = span[unitLength..];
                continue;
            }

            totalTicks += value * ticksPerUnit;
            span = span[unitLength..];
        }

        if (overflow)
        {
            outOfRange = true;
            return false;
        }

        duration = TimeSpan.FromTicks(totalTicks);
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

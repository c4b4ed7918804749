using System.Globalization;

namespace MarketPrism.Core.Recordings;

/// <summary>The receive time a capture line starts with (<c>1626916403.84: {...}</c>), as a UTC time.</summary>
public static class CaptureTime
{
    /// <summary>
    /// 2009-01-01: nothing a crypto venue sent is older than Bitcoin's first block (January 2009), so an earlier
    /// receive time (1970 for a 0 or a truncated number) is a damaged line, not history.
    /// </summary>
    public static readonly DateTime Earliest = new(2009, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// 2100-01-01: far past any capture that can exist, and well inside what <see cref="DateTime"/> holds (a receive
    /// time of <c>1e300</c> used to abort <c>normalize</c> with an overflow).
    /// </summary>
    public static readonly DateTime Latest = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly double EarliestSeconds = (Earliest - DateTime.UnixEpoch).TotalSeconds;
    private static readonly double LatestSeconds = (Latest - DateTime.UnixEpoch).TotalSeconds;

    /// <summary>The receive time, or false with the reason when it is not a time a capture can have.</summary>
    public static bool TryToUtc(double unixSeconds, out DateTime utc, out string? problem)
    {
        // The negated form is also false for NaN.
        if (!(unixSeconds >= EarliestSeconds && unixSeconds < LatestSeconds))
        {
            utc = default;
            problem = string.Create(
                CultureInfo.InvariantCulture,
                $"receive time {unixSeconds:R} is out of range: expected Unix seconds from {EarliestSeconds} ({Earliest:yyyy-MM-dd}) to before {LatestSeconds} ({Latest:yyyy-MM-dd})");
            return false;
        }

        utc = DateTime.UnixEpoch.AddTicks((long)(unixSeconds * TimeSpan.TicksPerSecond));
        problem = null;
        return true;
    }
}

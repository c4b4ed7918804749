using System.Text.Json;
using MarketPrism.Core.Serialization;

namespace MarketPrism.Exchanges.Wire;

/// <summary>
/// Exchange times: every venue stamps its events in milliseconds since the Unix epoch (a number, or a string of
/// digits). Values no real event can have are rejected rather than clamped, so a corrupt time is reported.
/// </summary>
internal static class UnixMilliseconds
{
    /// <summary>Later than any real exchange time (9999-12-31) and larger than any millisecond value DateTime holds.</summary>
    private const long MaxValue = 253_402_300_799_999;

    /// <summary>An epoch-milliseconds value as UTC; rejects values no real event can have (≤ 0, past year 9999).</summary>
    public static bool TryToUtc(long unixMilliseconds, out DateTime utc)
    {
        if (unixMilliseconds <= 0 || unixMilliseconds > MaxValue)
        {
            utc = default;
            return false;
        }

        utc = UtcTimestamp.FromUnixMilliseconds(unixMilliseconds);
        return true;
    }

    /// <summary>A millisecond time (a number or a string of digits) as UTC; rejects values no real event can have.</summary>
    public static bool TryRead(scoped ref Utf8JsonReader reader, out DateTime utc)
    {
        utc = default;
        return JsonScalars.TryReadInt64(ref reader, out var milliseconds) && TryToUtc(milliseconds, out utc);
    }
}

namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// The Parquet decimal type every price, size and rate is stored as: DECIMAL(38,18), a 16-byte fixed-length
/// two's-complement integer scaled by 10^18. 18 fractional digits hold any exchange's tick and lot sizes (wei-scaled
/// amounts included), and 20 integral digits hold any price, size or notional seen in crypto (1e20 is 100
/// quintillion). Parquet.Net silently truncates digits beyond the scale, so values it cannot hold exactly are
/// detected here and never given to it.
/// </summary>
internal static class ParquetDecimal
{
    public const int Precision = 38;
    public const int Scale = 18;

    private const decimal Limit = 100_000_000_000_000_000_000m;

    /// <summary>True when DECIMAL(38,18) holds <paramref name="value"/> exactly.</summary>
    public static bool Fits(decimal value)
    {
        if (value >= Limit || value <= -Limit)
        {
            return false;
        }

        // Trailing zeros beyond 18 digits (1.5000000000000000000000) lose nothing.
        return value.Scale <= Scale || decimal.Round(value, Scale) == value;
    }
}

using System.Numerics;
using Parquet.Data;
using Parquet.Schema;

namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// The Parquet decimal type every price, size and rate is stored as: DECIMAL(38,18), a 16-byte fixed-length
/// two's-complement integer scaled by 10^18. 18 fractional digits hold any exchange's tick and lot sizes (wei-scaled
/// amounts included), and 20 integral digits hold any price, size or notional seen in crypto (1e20 is 100
/// quintillion). Parquet.Net silently truncates digits beyond the scale, so values it cannot hold exactly are
/// detected here and never given to it.
/// </summary>
/// <remarks>
/// Values reach Parquet.Net already unscaled (<see cref="ToUnscaled"/>, 128-bit integer arithmetic) through a
/// <see cref="BigDecimalDataField"/>: given <see cref="decimal"/>s, Parquet.Net rescales every value through
/// <c>BigInteger.Pow</c>, about 4x the cost. The file is byte for byte the same (same physical and logical type), so
/// readers see the DECIMAL(38,18) column they always did.
/// </remarks>
internal static class ParquetDecimal
{
    public const int Precision = 38;
    public const int Scale = 18;

    private const decimal Limit = 100_000_000_000_000_000_000m;

    private static readonly UInt128[] PowersOfTen = CreatePowersOfTen();

    /// <summary>The schema field of a DECIMAL(38,18) column, written from <see cref="ToUnscaled"/> values.</summary>
    public static BigDecimalDataField Field(string name, bool nullable) => new(name, Precision, Scale, isNullable: nullable);

    /// <summary>
    /// <paramref name="value"/> × 10^18 as an integer, the column's stored form. Only for values that
    /// <see cref="Fits"/>: then the product is below 10^38 &lt; 2^127, and digits past the 18th are zeros.
    /// </summary>
    public static BigDecimal ToUnscaled(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (bits[3] >> 16) & 0xFF;
        var unscaled = scale <= Scale ? mantissa * PowersOfTen[Scale - scale] : mantissa / PowersOfTen[scale - Scale];
        var magnitude = (BigInteger)unscaled;
        return new BigDecimal(bits[3] < 0 ? -magnitude : magnitude, Precision, Scale);
    }

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

    private static UInt128[] CreatePowersOfTen()
    {
        // Up to 10^28: a decimal's scale goes to 28, and the rescale divides by 10^(scale - 18) at most 10^10.
        var powers = new UInt128[29];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }
}

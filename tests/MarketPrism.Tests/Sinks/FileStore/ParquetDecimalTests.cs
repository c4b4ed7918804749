using MarketPrism.Sinks.FileStore;
using Parquet;
using Parquet.Data;
using Parquet.Schema;
using static MarketPrism.Tests.Sinks.FileStore.SampleRecords;

namespace MarketPrism.Tests.Sinks.FileStore;

public sealed class ParquetDecimalTests
{
    [Theory]
    [InlineData("0", true)]
    [InlineData("0.000000000000000001", true)]
    [InlineData("-0.000000000000000001", true)]
    [InlineData("99999999999999999999.99999999", true)]
    [InlineData("-99999999999999999999.99999999", true)]
    [InlineData("1.5000000000000000000000", true)]
    [InlineData("0.0000000000000000001", false)]
    [InlineData("0.1234567890123456789", false)]
    [InlineData("100000000000000000000", false)]
    [InlineData("-100000000000000000000", false)]
    [InlineData("79228162514264337593543950335", false)]
    public void Fits_is_true_exactly_for_values_DECIMAL_38_18_holds_without_loss(string value, bool fits) =>
        Assert.Equal(fits, ParquetDecimal.Fits(D(value)));

    [Fact]
    public void The_remembered_unscaled_form_is_always_the_computed_one_for_repeats_collisions_and_equal_values_of_other_scales()
    {
        var random = new Random(251125);
        var scratch = new ParquetWriteScratch();
        var pool = Enumerable.Range(0, 20_000).Select(_ => new decimal(random.Next(), random.Next(3), 0, random.Next(2) == 0, (byte)random.Next(0, 19))).ToArray();
        for (var i = 0; i < 300_000; i++)
        {
            var value = pool[random.Next(pool.Length)];
            if (i % 3 == 0)
            {
                // The same value at a larger scale (1.5 and 1.50): equal, so it may hit the other's slot.
                value = decimal.Parse(value.ToString(System.Globalization.CultureInfo.InvariantCulture) + (value.Scale == 0 ? ".0" : "0"), System.Globalization.CultureInfo.InvariantCulture);
            }

            var expected = ParquetDecimal.ToUnscaled(value);
            var actual = scratch.Unscaled(value);
            Assert.Equal(expected.UnscaledValue, actual.UnscaledValue);
            Assert.Equal(expected.Scale, actual.Scale);
            Assert.Equal(expected.Precision, actual.Precision);
        }

        Assert.Equal(ParquetDecimal.ToUnscaled(0m).UnscaledValue, scratch.Unscaled(0m).UnscaledValue);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("29345.12000000")]
    [InlineData("-0.0015")]
    [InlineData("0.000000000000000001")]
    [InlineData("99999999999999999999.99999999")]
    [InlineData("-99999999999999999999.99999999")]
    [InlineData("0.1234567890123456780000000000")]
    [InlineData("1.5000000000000000000000")]
    [InlineData("79228162514264337593.54395033")]
    public void The_unscaled_form_is_the_value_times_ten_to_the_eighteenth(string value)
    {
        var unscaled = ParquetDecimal.ToUnscaled(D(value));

        Assert.Equal(System.Numerics.BigInteger.Parse(Scaled(value), System.Globalization.CultureInfo.InvariantCulture), unscaled.UnscaledValue);
        Assert.Equal(38, unscaled.Precision);
        Assert.Equal(18, unscaled.Scale);
    }

    /// <summary>
    /// The fast path hands Parquet.Net unscaled integers instead of decimals: the files must be byte for byte what
    /// Parquet.Net's own decimal encoding writes, so every reader (ours, DuckDB, Spark) sees the same column.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Files_written_from_unscaled_values_are_byte_for_byte_those_of_Parquet_Net_decimal_encoding(bool nullable)
    {
        var random = new Random(38_18);
        var values = new decimal?[20_000];
        for (var i = 0; i < values.Length; i++)
        {
            // Up to 19 digits, scaled by 10^-(0..18): every shape of price and size, all inside DECIMAL(38,18).
            var scaled = decimal.Round(random.NextInt64() / (decimal)Math.Pow(10, random.Next(0, 19)), random.Next(0, 19));
            values[i] = nullable && i % 7 == 0 ? null : random.Next(2) == 0 ? -scaled : scaled;
        }

        values[1] = D("99999999999999999999.99999999");
        values[2] = D("-0.000000000000000001");
        values[3] = D("1.5000000000000000000000");
        Assert.All(values, value => Assert.True(value is not { } v || ParquetDecimal.Fits(v)));

        var expected = await WriteAsync(new DecimalDataField("v", 38, 18, forceByteArrayEncoding: false, isNullable: nullable), async (group, field) =>
        {
            if (nullable)
            {
                await group.WriteAsync<decimal>(field, values);
            }
            else
            {
                await group.WriteAsync<decimal>(field, values.Select(value => value!.Value).ToArray());
            }
        });
        var actual = await WriteAsync(ParquetDecimal.Field("v", nullable), async (group, field) =>
        {
            if (nullable)
            {
                await group.WriteAsync<BigDecimal>(field, values.Select(value => value is { } v ? ParquetDecimal.ToUnscaled(v) : (BigDecimal?)null).ToArray());
            }
            else
            {
                await group.WriteAsync<BigDecimal>(field, values.Select(value => ParquetDecimal.ToUnscaled(value!.Value)).ToArray());
            }
        });

        Assert.Equal(expected, actual);
    }

    private static async Task<byte[]> WriteAsync(DataField field, Func<ParquetRowGroupWriter, DataField, Task> write)
    {
        using var file = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(field), file, ParquetFileWriter.Options))
        using (var group = writer.CreateRowGroup())
        {
            await write(group, field);
        }

        return file.ToArray();
    }

    /// <summary>The decimal text with its point moved 18 places right (digits only, sign kept).</summary>
    private static string Scaled(string value)
    {
        var negative = value.StartsWith('-');
        var digits = negative ? value[1..] : value;
        var point = digits.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? digits : digits[..point];
        var fraction = point < 0 ? "" : digits[(point + 1)..];
        fraction = fraction.Length > 18 ? fraction[..18] : fraction.PadRight(18, '0');
        return (negative ? "-" : "") + whole + fraction;
    }
}

using MarketPrism.Sinks.FileStore;
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
}

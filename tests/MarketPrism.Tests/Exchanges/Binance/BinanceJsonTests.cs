using System.Globalization;
using MarketPrism.Exchanges.Binance;

namespace MarketPrism.Tests.Exchanges.Binance;

public class BinanceJsonTests
{
    [Theory]
    [InlineData("-0.00000001", true)]
    [InlineData("-5", true)]
    [InlineData("0", false)]
    [InlineData("-0.0", false)]
    [InlineData("0.00000001", false)]
    [InlineData("29345.12", false)]
    public void IsBelowZero_is_the_less_than_zero_comparison(string text, bool below)
    {
        var value = decimal.Parse(text, CultureInfo.InvariantCulture);

        Assert.Equal(value < 0, BinanceJson.IsBelowZero(value));
        Assert.Equal(below, BinanceJson.IsBelowZero(value));
    }

    [Fact]
    public void Negative_zero_from_the_wire_is_not_below_zero()
    {
        Assert.True(BinanceJson.TryParseDecimal("-0.00"u8, out var value));

        Assert.False(BinanceJson.IsBelowZero(value));
    }
}

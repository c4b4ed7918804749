using System.Text;
using MarketPrism.Core.Instruments;

namespace MarketPrism.Tests.Core.Instruments;

public sealed class Utf8SymbolComparerTests
{
    private static readonly Utf8SymbolComparer Comparer = Utf8SymbolComparer.Instance;

    [Theory]
    [InlineData("BTCUSDT", "BTCUSDT", true)]
    [InlineData("BTCUSDT", "ETHUSDT", false)]
    [InlineData("BTCUSDT", "BTCUSD", false)]
    [InlineData("btcusdt", "BTCUSDT", false)]
    [InlineData("币安USDT", "币安USDT", true)]
    [InlineData("币安USDT", "币币USDT", false)]
    [InlineData("ÄBC", "ABC", false)]
    public void Symbol_bytes_equal_a_string_exactly_when_they_are_its_utf8_form(string bytes, string text, bool equal)
    {
        var utf8 = Encoding.UTF8.GetBytes(bytes);

        Assert.Equal(equal, Comparer.Equals(utf8, text));
        if (equal)
        {
            Assert.Equal(Comparer.GetHashCode(text), Comparer.GetHashCode((ReadOnlySpan<byte>)utf8));
        }
    }

    [Fact]
    public void Bytes_as_many_as_a_non_ascii_strings_characters_never_equal_it()
    {
        // "ÄB" is two characters and three UTF-8 bytes; two bytes of the same count cannot be it.
        Assert.False(Comparer.Equals("AB"u8, "ÄB"));
        Assert.False(Comparer.Equals([0xC3, 0x84], "ÄB"));
    }
}

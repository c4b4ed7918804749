using System.Buffers.Text;
using System.Globalization;
using System.Text;
using MarketPrism.Core.Serialization;

namespace MarketPrism.Tests.Core.Serialization;

public class DecimalTextTests
{
    private const NumberStyles ExchangeNumber = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    [Theory]
    [InlineData("29345.12000000", "29345.12000000")]
    [InlineData("7.6110", "7.6110")]
    [InlineData("0", "0")]
    [InlineData("0.00000000", "0.00000000")]
    [InlineData("-0.0015", "-0.0015")]
    [InlineData("1000", "1000")]
    [InlineData("9999999999999999999", "9999999999999999999")]
    [InlineData("0.000000000000000001", "0.000000000000000001")]
    [InlineData("18446744073709551615", "18446744073709551615")]
    [InlineData("123456789012345678901234.5678", "123456789012345678901234.5678")]
    [InlineData("1e3", "1000")]
    [InlineData("+5", "5")]
    public void Parses_exchange_numbers_keeping_their_digits_and_scale(string text, string expected)
    {
        Assert.True(DecimalText.TryParse(Encoding.ASCII.GetBytes(text), out var value));

        var reference = decimal.Parse(expected, NumberStyles.Float, CultureInfo.InvariantCulture);
        Assert.Equal(reference, value);
        Assert.Equal(reference.Scale, value.Scale);
        Assert.Equal(expected, value.ToString(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("abc")]
    [InlineData("1.2.3")]
    [InlineData("12a")]
    [InlineData("1 ")]
    [InlineData(" 1")]
    [InlineData("--1")]
    [InlineData("1-")]
    [InlineData("0x10")]
    [InlineData("1,5")]
    [InlineData("99999999999999999999999999999999")]
    public void Rejects_text_that_is_not_one_whole_number(string text) =>
        Assert.False(DecimalText.TryParse(Encoding.ASCII.GetBytes(text), out _));

    /// <summary>Two million numbers of the exchanges' shape, fast path and fallback (fixed seed): same value and scale as decimal.Parse.</summary>
    [Fact]
    public void Agrees_with_decimal_Parse_on_two_million_generated_exchange_numbers()
    {
        var random = new Random(20_211_012);
        var text = new StringBuilder(40);
        var bytes = new byte[40];
        for (var n = 0; n < 2_000_000; n++)
        {
            text.Clear();
            if (random.Next(4) == 0)
            {
                text.Append('-');
            }

            // Up to 28 digits: every value decimal holds exactly (beyond that both parsers must round, each its own way).
            var integerDigits = random.Next(1, 16);
            var fractionDigits = random.Next(3) == 0 ? 0 : random.Next(1, 14);
            AppendDigits(text, random, integerDigits, leadingZeroOdds: 3);
            if (fractionDigits > 0)
            {
                text.Append('.');
                AppendDigits(text, random, fractionDigits, leadingZeroOdds: 0);
            }

            var s = text.ToString();
            var length = Encoding.ASCII.GetBytes(s, bytes);
            Assert.True(DecimalText.TryParse(bytes.AsSpan(0, length), out var value), s);
            var expected = decimal.Parse(s, ExchangeNumber, CultureInfo.InvariantCulture);
            if (expected != value || expected.Scale != value.Scale)
            {
                Assert.Fail($"'{s}': parsed {value} (scale {value.Scale}), decimal.Parse gives {expected} (scale {expected.Scale})");
            }
        }
    }

    /// <summary>
    /// One million strings over the bytes numbers are made of, valid or not (fixed seed): exactly the answer of
    /// Utf8Parser consuming the whole text, the parser used before, bit for bit.
    /// </summary>
    [Fact]
    public void Accepts_and_rejects_exactly_what_Utf8Parser_does_on_a_million_generated_strings()
    {
        const string Alphabet = "0123456789000000111.-+eE x";
        var random = new Random(42);
        var bytes = new byte[32];
        for (var n = 0; n < 1_000_000; n++)
        {
            var length = random.Next(0, bytes.Length);
            for (var i = 0; i < length; i++)
            {
                bytes[i] = (byte)Alphabet[random.Next(Alphabet.Length)];
            }

            var span = bytes.AsSpan(0, length);
            var accepted = DecimalText.TryParse(span, out var value);
            var expected = 0m;
            var expectedAccepted = length > 0 && Utf8Parser.TryParse(span, out expected, out var consumed) && consumed == length;
            if (accepted != expectedAccepted)
            {
                Assert.Fail($"'{Encoding.ASCII.GetString(span)}': accepted {accepted}, Utf8Parser {expectedAccepted}");
            }

            if (accepted)
            {
                if (!decimal.GetBits(value).AsSpan().SequenceEqual(decimal.GetBits(expected)))
                {
                    Assert.Fail($"'{Encoding.ASCII.GetString(span)}': parsed {value}, Utf8Parser {expected}");
                }
            }
        }
    }

    private static void AppendDigits(StringBuilder text, Random random, int count, int leadingZeroOdds)
    {
        for (var i = 0; i < count; i++)
        {
            // Exchanges pad with zeros ("0.00100000"): make zeros common.
            var zero = leadingZeroOdds > 0 ? random.Next(leadingZeroOdds) == 0 : random.Next(3) == 0;
            text.Append(zero ? '0' : (char)('0' + random.Next(10)));
        }
    }
}

using System.Buffers.Text;

namespace MarketPrism.Core.Serialization;

/// <summary>
/// Parses the decimal numbers exchanges send (<c>"29345.12000000"</c>, <c>"-0.0015"</c>) from UTF-8 text, exactly:
/// the value keeps the exchange's digits and scale (<c>7.6110</c> stays 7.6110, scale 4), as
/// <see cref="Utf8Parser"/> does. The common shape, an optional minus, up to 19 digits with at most one decimal
/// point between digits, is read in one pass into a 64-bit integer and its scale; anything else (more digits,
/// exponents, a leading plus, a bare point, any stray byte) is left to <see cref="Utf8Parser"/>, so the accepted
/// language and every result are exactly those of <c>Utf8Parser.TryParse</c> consuming the whole text.
/// </summary>
/// <remarks>
/// Why: <see cref="Utf8Parser"/> goes through a general number buffer and costs about half of normalizing a
/// Binance depth frame; exchange numbers almost always fit the fast shape.
/// </remarks>
public static class DecimalText
{
    /// <summary>Digits that always fit in a <see cref="ulong"/> (10^19 - 1 &lt; 2^64).</summary>
    private const int MaxFastDigits = 19;

    /// <summary>
    /// Parses all of <paramref name="text"/> as a decimal. False for empty text, text that is not a number, a
    /// number with anything after it, or one outside <see cref="decimal"/>'s range.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out decimal value)
    {
        if (TryParseFast(text, out value, out var handled))
        {
            return true;
        }

        if (handled)
        {
            return false;
        }

        return !text.IsEmpty && Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;
    }

    /// <summary>
    /// The one-pass path. <paramref name="handled"/> is false when the text is not of the fast shape; then the
    /// general parser decides. Only the empty text is rejected here outright.
    /// </summary>
    private static bool TryParseFast(ReadOnlySpan<byte> text, out decimal value, out bool handled)
    {
        value = 0;
        handled = false;
        if (text.IsEmpty)
        {
            handled = true;
            return false;
        }

        var negative = text[0] == (byte)'-';
        var i = negative ? 1 : 0;
        ulong mantissa = 0;
        var digits = 0;
        var pointAt = -1;
        for (; i < text.Length; i++)
        {
            var b = text[i];
            var digit = (uint)(b - (byte)'0');
            if (digit <= 9)
            {
                if (++digits > MaxFastDigits)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + digit;
                continue;
            }

            // One point, with a digit on each side ("1.", ".5" and "1.2.3" are the general parser's to judge).
            if (b != (byte)'.' || pointAt >= 0 || digits == 0 || i == text.Length - 1)
            {
                return false;
            }

            pointAt = digits;
        }

        if (digits == 0 || (negative && mantissa == 0))
        {
            // "-" alone, and negative zero, whose sign bit the general parser decides on.
            return false;
        }

        var scale = pointAt < 0 ? 0 : digits - pointAt;
        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, negative, (byte)scale);
        handled = true;
        return true;
    }
}

using System.Text;

namespace MarketPrism.Tests.Exchanges.Wire;

/// <summary>
/// Turns a real frame into a hostile one, the ways an outside audit did: a flipped byte, a changed digit, an inserted
/// minus sign, a truncation, a number replaced by an extreme (<c>1e300</c>, <c>-0</c>, <c>00012</c>...), a deleted
/// field, a duplicated key with another value. Deterministic for a given <see cref="Random"/> seed.
/// </summary>
internal sealed class FrameMutator(Random random)
{
    private static readonly string[] Extremes =
    [
        "1e300", "-1e300", "-0", "-0.0", "0", "00012", "\"00012\"", "-1", "\"-1\"", "\"-0.5\"", "1E-300", "0.0000000000000000000000000001",
        "79228162514264337593543950335", "-79228162514264337593543950336", "99999999999999999999999", "9223372036854775807",
        "-9223372036854775808", "253402300800000", "9999999999999", "\"\"", "null", "true", "[]", "{}", "\"1e300\"", "\"0\"",
    ];

    public byte[] Mutate(byte[] frame)
    {
        var kind = random.Next(8);
        return kind switch
        {
            0 => FlipByte(frame),
            1 => ChangeDigit(frame),
            2 => InsertSign(frame),
            3 => Truncate(frame),
            4 or 5 => ReplaceNumber(frame),
            6 => DeleteField(frame),
            _ => DuplicateKey(frame),
        };
    }

    private byte[] FlipByte(byte[] frame)
    {
        var copy = (byte[])frame.Clone();
        if (copy.Length > 0)
        {
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
        }

        return copy;
    }

    private byte[] ChangeDigit(byte[] frame)
    {
        var copy = (byte[])frame.Clone();
        var at = RandomIndexOf(copy, b => b is >= (byte)'0' and <= (byte)'9');
        if (at >= 0)
        {
            copy[at] = (byte)('0' + random.Next(10));
        }

        return copy;
    }

    private byte[] InsertSign(byte[] frame)
    {
        // Before a number's first digit, quoted or not: "-" turns a price, size or time negative.
        var at = RandomIndexOf(frame, (b, i) => b is >= (byte)'0' and <= (byte)'9' && i > 0 && frame[i - 1] is (byte)'"' or (byte)':' or (byte)'[' or (byte)',');
        return at < 0 ? frame : [.. frame.AsSpan(0, at), (byte)'-', .. frame.AsSpan(at)];
    }

    private byte[] Truncate(byte[] frame) => frame.AsSpan(0, random.Next(frame.Length + 1)).ToArray();

    private byte[] ReplaceNumber(byte[] frame)
    {
        if (!TryFindNumber(frame, out var start, out var end))
        {
            return FlipByte(frame);
        }

        var extreme = Encoding.UTF8.GetBytes(Extremes[random.Next(Extremes.Length)]);
        return [.. frame.AsSpan(0, start), .. extreme, .. frame.AsSpan(end)];
    }

    private byte[] DeleteField(byte[] frame)
    {
        // From a key's opening quote to the next comma: removes one "key":value (or part of a nested one).
        var at = RandomIndexOf(frame, (b, i) => b == (byte)'"' && i > 0 && frame[i - 1] is (byte)',' or (byte)'{');
        if (at < 0)
        {
            return Truncate(frame);
        }

        var comma = frame.AsSpan(at).IndexOf((byte)',');
        var end = comma < 0 ? frame.Length : at + comma + 1;
        return [.. frame.AsSpan(0, at), .. frame.AsSpan(end)];
    }

    private byte[] DuplicateKey(byte[] frame)
    {
        // Copies one "key":value, with an extreme value, right after the original: which one wins is the parser's choice.
        var at = RandomIndexOf(frame, (b, i) => b == (byte)'"' && i > 0 && frame[i - 1] is (byte)',' or (byte)'{');
        if (at < 0)
        {
            return ReplaceNumber(frame);
        }

        var colon = frame.AsSpan(at).IndexOf((byte)':');
        if (colon < 0)
        {
            return ReplaceNumber(frame);
        }

        var key = frame.AsSpan(at, colon + 1);
        var extreme = Encoding.UTF8.GetBytes(Extremes[random.Next(Extremes.Length)]);
        return [.. frame.AsSpan(0, at), .. key, .. extreme, (byte)',', .. frame.AsSpan(at)];
    }

    private bool TryFindNumber(byte[] frame, out int start, out int end)
    {
        start = RandomIndexOf(frame, (b, i) => b is >= (byte)'0' and <= (byte)'9' && (i == 0 || frame[i - 1] is (byte)'"' or (byte)':' or (byte)'[' or (byte)','));
        end = start;
        if (start < 0)
        {
            return false;
        }

        while (end < frame.Length && frame[end] is >= (byte)'0' and <= (byte)'9' or (byte)'.' or (byte)'e' or (byte)'E' or (byte)'-' or (byte)'+')
        {
            end++;
        }

        // A quoted number is replaced with its quotes, so the extreme decides whether the value is a string.
        if (start > 0 && frame[start - 1] == (byte)'"' && end < frame.Length && frame[end] == (byte)'"' && random.Next(2) == 0)
        {
            start--;
            end++;
        }

        return true;
    }

    private int RandomIndexOf(byte[] frame, Func<byte, bool> match) => RandomIndexOf(frame, (b, _) => match(b));

    private int RandomIndexOf(byte[] frame, Func<byte, int, bool> match)
    {
        // Starts at a random place and wraps around, so every candidate can be picked without listing them all.
        if (frame.Length == 0)
        {
            return -1;
        }

        var offset = random.Next(frame.Length);
        for (var n = 0; n < frame.Length; n++)
        {
            var i = (offset + n) % frame.Length;
            if (match(frame[i], i))
            {
                return i;
            }
        }

        return -1;
    }
}

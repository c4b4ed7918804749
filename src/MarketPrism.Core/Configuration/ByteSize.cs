using System.Globalization;

namespace MarketPrism.Core.Configuration;

/// <summary>A size in bytes written in config as <c>512KB</c>, <c>256MB</c>, <c>1GB</c> or a plain byte count (binary units).</summary>
public readonly record struct ByteSize(long Bytes)
{
    public static ByteSize FromMegabytes(long megabytes) => new(megabytes * 1024 * 1024);

    public static bool TryParse(string? text, out ByteSize size) => TryParse(text, out size, out _);

    /// <param name="tooLarge">True when the text is a well-formed size of more than <see cref="long.MaxValue"/> bytes.</param>
    public static bool TryParse(string? text, out ByteSize size, out bool tooLarge)
    {
        size = default;
        tooLarge = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        var unitStart = span.Length;
        while (unitStart > 0 && char.IsLetter(span[unitStart - 1]))
        {
            unitStart--;
        }

        long multiplier = span[unitStart..].ToString().ToUpperInvariant() switch
        {
            "" or "B" => 1,
            "KB" or "K" or "KIB" => 1024,
            "MB" or "M" or "MIB" => 1024 * 1024,
            "GB" or "G" or "GIB" => 1024L * 1024 * 1024,
            _ => 0,
        };
        var digits = span[..unitStart].Trim();
        if (multiplier == 0 || digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > long.MaxValue / multiplier)
        {
            tooLarge = true;
            return false;
        }

        if (value <= 0)
        {
            return false;
        }

        size = new ByteSize(value * multiplier);
        return true;
    }

    public override string ToString() => Bytes switch
    {
        >= 1024L * 1024 * 1024 when Bytes % (1024L * 1024 * 1024) == 0 => $"{Bytes / (1024L * 1024 * 1024)}GB",
        >= 1024 * 1024 when Bytes % (1024 * 1024) == 0 => $"{Bytes / (1024 * 1024)}MB",
        >= 1024 when Bytes % 1024 == 0 => $"{Bytes / 1024}KB",
        _ => Bytes.ToString(CultureInfo.InvariantCulture),
    };
}

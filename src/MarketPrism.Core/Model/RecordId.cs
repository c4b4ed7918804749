using System.Buffers.Text;
using System.Globalization;

namespace MarketPrism.Core.Model;

/// <summary>
/// An exchange-assigned identifier (trade id, liquidation id). Most venues use integers; some use text. Keeping
/// integers as numbers means parsing a trade allocates no string; the text form is produced only when written.
/// Records always serialize ids as JSON strings so the column type is the same for every venue.
/// </summary>
public readonly struct RecordId : IEquatable<RecordId>
{
    private readonly long _number;
    private readonly string? _text;

    public RecordId(long number)
    {
        _number = number;
        _text = null;
    }

    public RecordId(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _number = 0;
        _text = text;
    }

    public bool IsNumeric => _text is null;

    /// <summary>The numeric id; only meaningful when <see cref="IsNumeric"/>.</summary>
    public long Number => _number;

    /// <summary>
    /// Keeps an id that was given as text numeric when that loses nothing (canonical decimal digits), otherwise as
    /// text. <c>"0042"</c> stays text so it round-trips exactly.
    /// </summary>
    public static RecordId FromUtf8(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length is > 0 and <= 18
            && (utf8[0] != (byte)'0' || utf8.Length == 1)
            && utf8[0] != (byte)'-'
            && Utf8Parser.TryParse(utf8, out long number, out var consumed)
            && consumed == utf8.Length)
        {
            return new RecordId(number);
        }

        return new RecordId(System.Text.Encoding.UTF8.GetString(utf8));
    }

    public static RecordId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FromUtf8(System.Text.Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Writes the id as UTF-8 text into <paramref name="destination"/> when it is numeric.</summary>
    public bool TryFormatNumber(Span<byte> destination, out int written)
    {
        if (_text is not null)
        {
            written = 0;
            return false;
        }

        return Utf8Formatter.TryFormat(_number, destination, out written);
    }

    public override string ToString() => _text ?? _number.ToString(CultureInfo.InvariantCulture);

    public bool Equals(RecordId other) =>
        _text is null ? other._text is null && _number == other._number : string.Equals(_text, other._text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is RecordId other && Equals(other);

    public override int GetHashCode() => _text is null ? _number.GetHashCode() : StringComparer.Ordinal.GetHashCode(_text);

    public static bool operator ==(RecordId left, RecordId right) => left.Equals(right);

    public static bool operator !=(RecordId left, RecordId right) => !left.Equals(right);
}

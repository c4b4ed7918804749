using System.Text;

namespace MarketPrism.Core.Instruments;

/// <summary>
/// Compares strings with UTF-8 byte spans so a dictionary keyed by string can be probed with the bytes of a frame
/// (no string allocated per lookup). Both sides hash the UTF-8 bytes, so the two views always agree.
/// </summary>
public sealed class Utf8SymbolComparer : IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<byte>, string>
{
    private const int StackLimit = 256;

    public static Utf8SymbolComparer Instance { get; } = new();

    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

    public int GetHashCode(string obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var byteCount = Encoding.UTF8.GetByteCount(obj);
        Span<byte> bytes = byteCount <= StackLimit ? stackalloc byte[StackLimit] : new byte[byteCount];
        var written = Encoding.UTF8.GetBytes(obj, bytes);
        return GetHashCode((ReadOnlySpan<byte>)bytes[..written]);
    }

    public bool Equals(ReadOnlySpan<byte> alternate, string other)
    {
        ArgumentNullException.ThrowIfNull(other);

        // Equal lengths: equal only as ASCII (a string with any other character has more UTF-8 bytes than characters),
        // which Ascii.Equals decides in one pass. This runs on every frame's symbol lookup.
        if (alternate.Length == other.Length)
        {
            return Ascii.Equals(alternate, other);
        }

        return !Ascii.IsValid(other) && alternate.SequenceEqual(Encoding.UTF8.GetBytes(other));
    }

    public int GetHashCode(ReadOnlySpan<byte> alternate)
    {
        var hash = new HashCode();
        hash.AddBytes(alternate);
        return hash.ToHashCode();
    }

    public string Create(ReadOnlySpan<byte> alternate) => Encoding.UTF8.GetString(alternate);
}

using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MarketPrism.Exchanges.Abstractions;

/// <summary>
/// Values looked up by the exact UTF-8 bytes of a symbol, read on every data frame: an open-addressed table whose
/// keys are compared as two 64-bit words and a length. A symbol of up to 16 bytes (nearly all of them) is fully
/// described by its first and last 8 bytes and its length, so such a lookup is a multiply, a shift and an integer
/// compare; longer symbols (options, dated futures) are checked byte by byte as well.
/// </summary>
/// <remarks>
/// Why not the string-keyed dictionary alone: probing a <c>ConcurrentDictionary&lt;string, …&gt;</c> with bytes hashes
/// them with <see cref="HashCode.AddBytes"/> and compares bytes against UTF-16 characters, about 30 ns of a 370 ns
/// Binance bookTicker frame. Readers take no lock: entries are immutable and published by single reference writes,
/// a full table is replaced by a larger copy, and nothing is ever removed from a table (a reset publishes a new one),
/// so a reader sees either an entry or an empty slot, and an empty slot only sends it to the caller's slow path.
/// Writers must be serialized by the caller.
/// </remarks>
internal sealed class Utf8SymbolIndex<TValue>
    where TValue : class
{
    private const int InitialSlots = 64;
    private const int WordBytes = sizeof(ulong);

    private Entry?[] _slots = new Entry?[InitialSlots];
    private int _count;

    /// <summary>Keys in the index.</summary>
    public int Count => _count;

    public bool TryGetValue(ReadOnlySpan<byte> key, [MaybeNullWhen(false)] out TValue value)
    {
        var slots = Volatile.Read(ref _slots);
        var first = Words(key, out var last);
        var mask = slots.Length - 1;
        for (var slot = Slot(key, first, last, mask); ; slot = (slot + 1) & mask)
        {
            var entry = slots[slot];
            if (entry is null)
            {
                value = null;
                return false;
            }

            if (entry.First == first && entry.Last == last && entry.Length == key.Length
                && (key.Length <= 2 * WordBytes || entry.Key.AsSpan().SequenceEqual(key)))
            {
                value = entry.Value;
                return true;
            }
        }
    }

    /// <summary>Adds <paramref name="key"/>, or points it at <paramref name="value"/> if it is there. Callers serialize writes.</summary>
    public void Set(ReadOnlySpan<byte> key, TValue value)
    {
        var entry = new Entry(key.ToArray(), Words(key, out var last), last, value);
        if (Place(_slots, entry))
        {
            _count++;
        }

        // Keep probes short: at most half the slots in use.
        if (_count * 2 > _slots.Length)
        {
            var larger = new Entry?[_slots.Length * 2];
            foreach (var existing in _slots)
            {
                if (existing is not null)
                {
                    Place(larger, existing);
                }
            }

            Volatile.Write(ref _slots, larger);
        }
    }

    /// <summary>Forgets every key (readers keep seeing the old table until they next look). Callers serialize writes.</summary>
    public void Clear()
    {
        Volatile.Write(ref _slots, new Entry?[InitialSlots]);
        _count = 0;
    }

    /// <summary>Writes <paramref name="entry"/> into its slot, over an entry of the same key; true when the key is new.</summary>
    private static bool Place(Entry?[] slots, Entry entry)
    {
        var mask = slots.Length - 1;
        for (var slot = Slot(entry.Key, entry.First, entry.Last, mask); ; slot = (slot + 1) & mask)
        {
            var existing = slots[slot];
            if (existing is null)
            {
                Volatile.Write(ref slots[slot], entry);
                return true;
            }

            if (existing.First == entry.First && existing.Last == entry.Last && existing.Key.AsSpan().SequenceEqual(entry.Key))
            {
                Volatile.Write(ref slots[slot], entry);
                return false;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(ReadOnlySpan<byte> key, ulong first, ulong last, int mask)
    {
        var hash = ((first * 0x9E3779B97F4A7C15UL) ^ (last * 0xC2B2AE3D27D4EB4FUL)) + (ulong)key.Length;
        if (key.Length > 2 * WordBytes)
        {
            hash = MixMiddle(key, hash);
        }

        return (int)(hash >> 40) & mask;
    }

    /// <summary>Folds in the bytes between the first and last word, which the two words do not cover.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong MixMiddle(ReadOnlySpan<byte> key, ulong hash)
    {
        ref var start = ref MemoryMarshal.GetReference(key);
        for (var offset = WordBytes; offset < key.Length - WordBytes; offset += WordBytes)
        {
            var word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, Math.Min(offset, key.Length - 2 * WordBytes)));
            hash = (hash ^ word) * 0x100000001B3UL;
            hash ^= hash >> 29;
        }

        return hash;
    }

    /// <summary>
    /// The key as two words that, with its length, identify a key of up to 16 bytes exactly: the first and last 8
    /// bytes (overlapping when shorter than 16); shorter than 8, the first and last 4 bytes, or for 1 to 3 bytes the
    /// first, middle and last byte, which is every byte.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Words(ReadOnlySpan<byte> key, out ulong last)
    {
        ref var start = ref MemoryMarshal.GetReference(key);
        var length = key.Length;
        if (length >= WordBytes)
        {
            last = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, length - WordBytes));
            return Unsafe.ReadUnaligned<ulong>(ref start);
        }

        last = 0;
        if (length >= sizeof(uint))
        {
            return Unsafe.ReadUnaligned<uint>(ref start) | ((ulong)Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, length - sizeof(uint))) << 32);
        }

        return length == 0 ? 0 : start | ((ulong)Unsafe.Add(ref start, length / 2) << 8) | ((ulong)Unsafe.Add(ref start, length - 1) << 16);
    }

    private sealed class Entry(byte[] key, ulong first, ulong last, TValue value)
    {
        public byte[] Key { get; } = key;

        /// <summary><see cref="Key"/>'s length, kept beside the words so a lookup compares it without loading the array.</summary>
        public int Length { get; } = key.Length;

        public ulong First { get; } = first;

        public ulong Last { get; } = last;

        public TValue Value { get; } = value;
    }
}

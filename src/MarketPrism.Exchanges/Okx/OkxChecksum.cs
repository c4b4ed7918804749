using System.Globalization;
using MarketPrism.Core.Books;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Okx;

/// <summary>
/// OKX's order-book checksum: a CRC-32 over the top 25 bids and asks after an update, interleaved as
/// <c>bid1px:bid1sz:ask1px:ask1sz:bid2px:…</c> (a side that runs out simply stops contributing), with prices and sizes
/// written exactly as OKX wrote them, taken as a signed 32-bit integer. Parsed decimals keep OKX's digits and scale
/// (<c>"30261"</c> stays <c>30261</c>, <c>"5.150"</c> stays <c>5.150</c>), so formatting them back reproduces the
/// original strings; the recorded session proves it on every one of its 290 book frames.
/// </summary>
/// <remarks>
/// The text is never built: each number is formatted into a small stack buffer and fed to the CRC as it goes, so a
/// check allocates nothing.
/// </remarks>
public static class OkxChecksum
{
    /// <summary>Levels per side covered by the checksum.</summary>
    public const int Depth = 25;

    private const uint Polynomial = 0xEDB88320;

    private static readonly uint[] Table = BuildTable();

    /// <summary>The checksum of the top <see cref="Depth"/> levels of <paramref name="book"/>.</summary>
    public static int Compute(OrderBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        Span<BookLevel> bids = stackalloc BookLevel[Depth];
        Span<BookLevel> asks = stackalloc BookLevel[Depth];
        return Compute(bids[..book.CopyBids(bids)], asks[..book.CopyAsks(asks)]);
    }

    /// <summary>The checksum of the given sides, best first; levels beyond <see cref="Depth"/> are ignored.</summary>
    public static int Compute(ReadOnlySpan<BookLevel> bids, ReadOnlySpan<BookLevel> asks)
    {
        var crc = 0xFFFFFFFFu;
        var first = true;
        for (var i = 0; i < Depth; i++)
        {
            if (i < bids.Length)
            {
                crc = AppendLevel(crc, bids[i], ref first);
            }

            if (i < asks.Length)
            {
                crc = AppendLevel(crc, asks[i], ref first);
            }
        }

        return unchecked((int)~crc);
    }

    private static uint AppendLevel(uint crc, BookLevel level, ref bool first)
    {
        if (!first)
        {
            crc = Update(crc, (byte)':');
        }

        first = false;
        crc = AppendDecimal(crc, level.Price);
        crc = Update(crc, (byte)':');
        return AppendDecimal(crc, level.Size);
    }

    private static uint AppendDecimal(uint crc, decimal value)
    {
        // A decimal formats to at most 31 characters (29 digits, a sign and a point).
        Span<byte> text = stackalloc byte[40];
        value.TryFormat(text, out var written, default, CultureInfo.InvariantCulture);
        foreach (var b in text[..written])
        {
            crc = Update(crc, b);
        }

        return crc;
    }

    private static uint Update(uint crc, byte value) => Table[(crc ^ value) & 0xFF] ^ (crc >> 8);

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < table.Length; i++)
        {
            var entry = i;
            for (var bit = 0; bit < 8; bit++)
            {
                entry = (entry & 1) != 0 ? (entry >> 1) ^ Polynomial : entry >> 1;
            }

            table[i] = entry;
        }

        return table;
    }
}

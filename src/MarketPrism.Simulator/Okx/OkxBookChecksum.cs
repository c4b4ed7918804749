using System.Globalization;
using System.Text;
using MarketPrism.Core.Model;

namespace MarketPrism.Simulator.Okx;

/// <summary>
/// OKX's book checksum as the exchange computes it: the string <c>bid1px:bid1sz:ask1px:ask1sz:…</c> over the top 25
/// levels of each side (a side that runs out stops contributing), CRC-32 of its bytes, as a signed 32-bit integer.
/// Written independently of the collector's streaming implementation, so the two check each other.
/// </summary>
internal static class OkxBookChecksum
{
    public const int Depth = 25;

    private static readonly uint[] Table = BuildTable();

    public static int Compute(IReadOnlyList<BookLevel> bids, IReadOnlyList<BookLevel> asks)
    {
        var parts = new List<string>(Depth * 4);
        for (var i = 0; i < Depth; i++)
        {
            if (i < bids.Count)
            {
                parts.Add(bids[i].Price.ToString(CultureInfo.InvariantCulture));
                parts.Add(bids[i].Size.ToString(CultureInfo.InvariantCulture));
            }

            if (i < asks.Count)
            {
                parts.Add(asks[i].Price.ToString(CultureInfo.InvariantCulture));
                parts.Add(asks[i].Size.ToString(CultureInfo.InvariantCulture));
            }
        }

        var crc = 0xFFFFFFFFu;
        foreach (var b in Encoding.UTF8.GetBytes(string.Join(':', parts)))
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return unchecked((int)~crc);
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}

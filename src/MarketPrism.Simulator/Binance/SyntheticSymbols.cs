using System.Text;

namespace MarketPrism.Simulator.Binance;

/// <summary>
/// Names and frames of the synthetic symbols a session can serve besides its recorded ones, for load tests that need
/// more markets than were recorded: copy <c>k</c> of <c>CTKUSDT</c> is <c>X{k}CTKUSDT</c> (base <c>X{k}CTK</c>, same
/// quote), replaying the recorded frames with only the symbol renamed, so each copy has its own truth book and
/// consistent sequences of its own.
/// </summary>
internal static class SyntheticSymbols
{
    public static string NameOf(string recorded, int copy) => $"X{copy}{recorded}";

    /// <summary>
    /// The frame with every <c>"SYMBOL"</c> value (the payload's <c>s</c>, a liquidation's <c>o.s</c>, a candle's
    /// <c>k.s</c>) and the stream name's <c>"symbol@</c> prefix renamed. Prices, ids and times contain no letters.
    /// </summary>
    public static byte[] Rename(ReadOnlySpan<byte> frame, string recorded, string synthetic)
    {
        var upperFrom = Encoding.ASCII.GetBytes($"\"{recorded}\"");
        var upperTo = Encoding.ASCII.GetBytes($"\"{synthetic}\"");
        var lowerFrom = Encoding.ASCII.GetBytes($"\"{recorded.ToLowerInvariant()}@");
        var lowerTo = Encoding.ASCII.GetBytes($"\"{synthetic.ToLowerInvariant()}@");
        return Replace(Replace(frame, upperFrom, upperTo), lowerFrom, lowerTo);
    }

    private static byte[] Replace(ReadOnlySpan<byte> text, ReadOnlySpan<byte> from, ReadOnlySpan<byte> to)
    {
        var output = new List<byte>(text.Length + 16);
        while (true)
        {
            var at = text.IndexOf(from);
            if (at < 0)
            {
                output.AddRange(text);
                return [.. output];
            }

            output.AddRange(text[..at]);
            output.AddRange(to);
            text = text[(at + from.Length)..];
        }
    }
}

using System.Globalization;
using MarketPrism.Core.Model;
using MarketPrism.Simulator;

namespace MarketPrism.Tests.Simulator.Conformance;

/// <summary>
/// An order book kept the plainest way (a sorted map per side, a level of size 0 removed), independent of both the
/// simulator's and the collector's book code, so the suite checks the simulator's frames against its own truth.
/// </summary>
public sealed class LocalBook
{
    public SortedDictionary<decimal, decimal> Bids { get; } = new(Comparer<decimal>.Create((a, b) => b.CompareTo(a)));

    public SortedDictionary<decimal, decimal> Asks { get; } = [];

    /// <summary>The venue's sequence of the last snapshot or update applied.</summary>
    public long Sequence { get; set; }

    public void Clear()
    {
        Bids.Clear();
        Asks.Clear();
    }

    public static void Set(SortedDictionary<decimal, decimal> side, decimal price, decimal size)
    {
        if (size == 0)
        {
            side.Remove(price);
        }
        else
        {
            side[price] = size;
        }
    }

    public static decimal Parse(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    public BookLevel[] BidLevels(int depth = int.MaxValue) => [.. Bids.Take(depth).Select(l => new BookLevel(l.Key, l.Value))];

    public BookLevel[] AskLevels(int depth = int.MaxValue) => [.. Asks.Take(depth).Select(l => new BookLevel(l.Key, l.Value))];

    public string Describe(int depth = int.MaxValue) =>
        string.Join(' ', Bids.Take(depth).Select(l => $"b{l.Key}:{l.Value}")) + " | " +
        string.Join(' ', Asks.Take(depth).Select(l => $"a{l.Key}:{l.Value}"));

    public static string Describe(TrueBook truth, int depth = int.MaxValue) =>
        string.Join(' ', truth.Bids.Take(depth).Select(l => $"b{l.Price}:{l.Size}")) + " | " +
        string.Join(' ', truth.Asks.Take(depth).Select(l => $"a{l.Price}:{l.Size}"));
}

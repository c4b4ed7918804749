using MarketPrism.Core.Model;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Tests.Simulator.Engine;

public sealed class TruthBookTests
{
    [Fact]
    public void Levels_are_kept_best_first_and_a_zero_size_removes_one()
    {
        var book = new TruthBook();
        book.Set(Side.Buy, 1.00m, 5m);
        book.Set(Side.Buy, 1.02m, 1m);
        book.Set(Side.Sell, 1.05m, 2m);
        book.Set(Side.Sell, 1.03m, 3m);
        book.Set(Side.Buy, 1.00m, 0m);
        book.Set(Side.Sell, 9.99m, 0m); // Removing an absent level is normal.

        Assert.Equal([new BookLevel(1.02m, 1m)], book.Top(Side.Buy, 10));
        Assert.Equal([new BookLevel(1.03m, 3m), new BookLevel(1.05m, 2m)], book.Top(Side.Sell, 10));
        Assert.True(book.TryGetBest(Side.Sell, out var best));
        Assert.Equal(1.03m, best.Price);
    }

    [Fact]
    public void The_diff_to_another_book_turns_this_book_into_it()
    {
        var current = new TruthBook();
        current.Set(Side.Buy, 0.35210000m, 672.00000000m);
        current.Set(Side.Buy, 0.35200000m, 10.00000000m);
        current.Set(Side.Sell, 0.35260000m, 3199.00000000m);
        var target = new TruthBook();
        target.Set(Side.Buy, 0.35210000m, 672.00000000m);
        target.Set(Side.Buy, 0.35190000m, 3260.00000000m);
        target.Set(Side.Sell, 0.35250000m, 1123.00000000m);

        var (bids, asks) = current.DiffTo(target);
        foreach (var level in bids)
        {
            current.Set(Side.Buy, level.Price, level.Size);
        }

        foreach (var level in asks)
        {
            current.Set(Side.Sell, level.Price, level.Size);
        }

        Assert.Equal([new BookLevel(0.35200000m, 0m), new BookLevel(0.35190000m, 3260.00000000m)], bids);
        Assert.Equal("0.00000000", bids[0].Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(target.Top(Side.Buy, 10), current.Top(Side.Buy, 10));
        Assert.Equal(target.Top(Side.Sell, 10), current.Top(Side.Sell, 10));
    }
}

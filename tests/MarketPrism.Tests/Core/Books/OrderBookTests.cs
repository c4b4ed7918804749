using System.Globalization;
using MarketPrism.Core.Books;
using MarketPrism.Core.Model;

namespace MarketPrism.Tests.Core.Books;

public sealed class OrderBookTests
{
    private static BookLevel L(string price, string size) =>
        new(decimal.Parse(price, CultureInfo.InvariantCulture), decimal.Parse(size, CultureInfo.InvariantCulture));

    private static OrderBook NewBook(BookLevel[]? bids = null, BookLevel[]? asks = null)
    {
        var book = new OrderBook();
        book.Load(bids ?? [], asks ?? []);
        return book;
    }

    [Fact]
    public void Random_updates_leave_the_book_identical_to_the_reference_model_after_every_step()
    {
        var random = new Random(20211012);
        var book = new OrderBook();
        var reference = new ReferenceBook();
        var mid = 1000;

        for (var step = 0; step < 20_000; step++)
        {
            // The mid drifts so levels are inserted at, near and far from the top, and deleted again.
            mid += random.Next(-2, 3);
            var bids = RandomLevels(random, mid, isBid: true);
            var asks = RandomLevels(random, mid, isBid: false);

            book.Apply(bids, asks);
            reference.Apply(bids, asks);

            Assert.Equal(reference.GetBids(), book.GetBids(int.MaxValue));
            Assert.Equal(reference.GetAsks(), book.GetAsks(int.MaxValue));
            Assert.Equal(reference.GetBids(1).Select(l => (BookLevel?)l).FirstOrDefault(), book.BestBid);
            Assert.Equal(reference.GetAsks(1).Select(l => (BookLevel?)l).FirstOrDefault(), book.BestAsk);

            var probe = (mid + random.Next(-60, 61)) / 100m;
            var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            Assert.Equal(reference.TryGetSize(side, probe, out var expected), book.TryGetSize(side, probe, out var actual));
            Assert.Equal(expected, actual);
        }

        Assert.True(book.BidCount > 20, "the random walk should have built a real book");
        Assert.True(book.AskCount > 20, "the random walk should have built a real book");
    }

    [Fact]
    public void Load_skips_zero_sizes_and_serves_levels_best_first()
    {
        var book = NewBook(
            bids: [L("0.35210000", "672.00000000"), L("0.35200000", "0"), L("0.35190000", "3260.00000000")],
            asks: [L("0.35290000", "0"), L("0.35300000", "5.5"), L("0.35310000", "7")]);

        Assert.Equal([L("0.3521", "672"), L("0.3519", "3260")], book.GetBids(10));
        Assert.Equal([L("0.353", "5.5"), L("0.3531", "7")], book.GetAsks(10));
        Assert.Equal(2, book.BidCount);
        Assert.Equal(2, book.AskCount);
        Assert.False(book.TryGetSize(Side.Buy, 0.352m, out _));
    }

    [Fact]
    public void Load_replaces_everything_that_was_there()
    {
        var book = NewBook([L("10", "1"), L("9", "1")], [L("11", "1")]);

        book.Load([L("5", "2")], [L("6", "3")]);

        Assert.Equal([L("5", "2")], book.GetBids(10));
        Assert.Equal([L("6", "3")], book.GetAsks(10));
    }

    [Fact]
    public void Load_of_unordered_input_with_a_repeated_price_sorts_it_and_keeps_the_later_entry()
    {
        var book = NewBook(
            bids: [L("9", "1"), L("10", "2"), L("9", "3")],
            asks: [L("12", "1"), L("11", "2"), L("11", "0")]);

        Assert.Equal([L("10", "2"), L("9", "3")], book.GetBids(10));
        Assert.Equal([L("12", "1")], book.GetAsks(10));
    }

    [Fact]
    public void Prices_and_sizes_keep_the_exchange_digits()
    {
        var book = NewBook([L("0.35130000", "6195.00000000")], [L("30261", "0.100")]);

        var bid = Assert.Single(book.GetBids(5));
        var ask = Assert.Single(book.GetAsks(5));

        Assert.Equal("0.35130000", bid.Price.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("6195.00000000", bid.Size.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("30261", ask.Price.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("0.100", ask.Size.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_size_replaces_the_level_and_zero_removes_it()
    {
        var book = NewBook([L("10", "1"), L("9", "1")], [L("11", "1")]);

        book.Apply([L("10", "4"), L("9", "0"), L("8.5", "2")], [L("11", "0"), L("11.5", "6")]);

        Assert.Equal([L("10", "4"), L("8.5", "2")], book.GetBids(10));
        Assert.Equal([L("11.5", "6")], book.GetAsks(10));
    }

    [Fact]
    public void A_price_written_with_other_digits_is_the_same_level()
    {
        var book = NewBook([L("10.00", "1")], []);

        book.Apply([L("10.0", "3")], []);

        Assert.Equal(1, book.BidCount);
        Assert.True(book.TryGetSize(Side.Buy, 10m, out var size));
        Assert.Equal(3m, size);
    }

    [Fact]
    public void Deleting_a_level_the_book_does_not_hold_changes_nothing()
    {
        var book = NewBook([L("10", "1"), L("9", "1")], [L("11", "1"), L("12", "1")]);
        var before = NewBook([L("10", "1"), L("9", "1")], [L("11", "1"), L("12", "1")]);

        book.Apply([L("9.5", "0"), L("20", "0"), L("1", "0")], [L("11.5", "0"), L("5", "0"), L("99", "0")]);

        Assert.True(book.TopEquals(before, int.MaxValue));
        Assert.Equal(2, book.BidCount);
        Assert.Equal(2, book.AskCount);
    }

    [Fact]
    public void Deleting_from_an_empty_book_is_harmless()
    {
        var book = new OrderBook();

        book.Apply([L("1", "0")], [L("2", "0")]);

        Assert.Equal(0, book.BidCount);
        Assert.Null(book.BestBid);
        Assert.Null(book.BestAsk);
        Assert.False(book.IsCrossed);
    }

    [Theory]
    [InlineData("10", "11", false)]
    [InlineData("11", "11", true)]
    [InlineData("12", "11", true)]
    public void Book_is_crossed_when_the_best_bid_reaches_the_best_ask(string bid, string ask, bool crossed)
    {
        var book = NewBook([L(bid, "1"), L("1", "1")], [L(ask, "1"), L("100", "1")]);

        Assert.Equal(crossed, book.IsCrossed);
    }

    [Fact]
    public void A_book_with_one_empty_side_is_not_crossed()
    {
        Assert.False(NewBook([L("10", "1")], []).IsCrossed);
        Assert.False(NewBook([], [L("10", "1")]).IsCrossed);
    }

    [Fact]
    public void An_update_that_crosses_the_book_is_detected()
    {
        var book = NewBook([L("10", "1")], [L("11", "1")]);

        book.Apply([L("11.5", "2")], []);

        Assert.True(book.IsCrossed);
    }

    [Fact]
    public void Negative_prices_are_ordered_like_any_other()
    {
        var book = NewBook([L("-1", "1"), L("-3", "1"), L("-2", "1")], [L("0", "1"), L("-0.5", "1")]);

        Assert.Equal([L("-1", "1"), L("-2", "1"), L("-3", "1")], book.GetBids(10));
        Assert.Equal([L("-0.5", "1"), L("0", "1")], book.GetAsks(10));
        Assert.False(book.IsCrossed);
    }

    [Fact]
    public void Depth_limits_the_levels_returned_in_an_array_of_exactly_that_size()
    {
        var book = NewBook([L("10", "1"), L("9", "2"), L("8", "3")], [L("11", "1")]);

        Assert.Equal([L("10", "1"), L("9", "2")], book.GetBids(2));
        Assert.Equal(3, book.GetBids(50).Length);
        Assert.Empty(book.GetBids(0));
        Assert.Empty(new OrderBook().GetAsks(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => book.GetBids(-1));
    }

    [Fact]
    public void An_update_with_a_negative_size_is_refused_and_leaves_the_book_unchanged()
    {
        var book = NewBook([L("10", "1")], [L("11", "1")]);

        Assert.False(book.TryApply([L("10", "5"), L("9", "-1")], [L("11", "0")]));
        Assert.Throws<ArgumentException>(() => book.Apply([], [L("12", "-2")]));
        Assert.Throws<ArgumentException>(() => book.Load([L("10", "-1")], []));

        Assert.Equal([L("10", "1")], book.GetBids(10));
        Assert.Equal([L("11", "1")], book.GetAsks(10));
    }

    [Fact]
    public void Clear_empties_both_sides_and_the_book_fills_again()
    {
        var book = NewBook([L("10", "1")], [L("11", "1")]);

        book.Clear();
        Assert.Equal(0, book.BidCount);
        Assert.Equal(0, book.AskCount);

        book.Apply([L("7", "1")], [L("8", "1")]);
        Assert.Equal(L("7", "1"), book.BestBid);
        Assert.Equal(L("8", "1"), book.BestAsk);
    }

    [Fact]
    public void TopEquals_compares_only_the_requested_depth()
    {
        var book = NewBook([L("10", "1"), L("9", "1"), L("8", "1")], [L("11", "1"), L("12", "1")]);
        var other = NewBook([L("10", "1"), L("9", "1"), L("7", "5")], [L("11", "1"), L("12", "1"), L("13", "1")]);

        Assert.True(book.TopEquals(other, 2));
        Assert.False(book.TopEquals(other, 3));
        Assert.False(book.TopEquals(other, int.MaxValue));
        Assert.True(book.TopEquals(book, int.MaxValue));
    }

    [Fact]
    public void Applying_updates_to_a_warm_book_allocates_nothing()
    {
        var book = NewBook(
            Enumerable.Range(0, 500).Select(i => new BookLevel(1000m - i, 1m)).ToArray(),
            Enumerable.Range(0, 500).Select(i => new BookLevel(1001m + i, 1m)).ToArray());
        BookLevel[] bids = [new(1000m, 2m), new(999.5m, 3m), new(990m, 0m)];
        BookLevel[] asks = [new(1001m, 0m), new(1001.5m, 1m), new(1100m, 4m)];
        BookLevel[] undo = [new(999.5m, 0m), new(990m, 1m)];
        BookLevel[] undoAsks = [new(1001m, 1m), new(1001.5m, 0m)];
        for (var i = 0; i < 2_000; i++)
        {
            book.Apply(bids, asks);
            book.Apply(undo, undoAsks);
        }

        const int Applies = 20_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Applies / 2; i++)
        {
            book.Apply(bids, asks);
            book.Apply(undo, undoAsks);
        }

        // An allocation per update would be at least 24 bytes each (480 KB here). The runtime itself may allocate a
        // few hundred bytes once on this thread meanwhile (tiered compilation under a loaded test run), which is not the
        // book's doing: so the bound is under one byte per update, not exactly zero.
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < Applies, $"{allocated} bytes allocated over {Applies} updates");
    }

    [Fact]
    public void A_bounded_book_drops_its_worst_levels_together_once_it_holds_a_sixteenth_more_than_its_bound()
    {
        // 100 levels: the slack is max(16, 100 / 16) = 16 levels.
        var book = new OrderBook(maxLevels: 100);
        book.Load(Enumerable.Range(0, 100).Select(i => new BookLevel(1000m - i, 1m)).ToArray(), []);

        for (var i = 0; i < 16; i++)
        {
            book.Apply([new BookLevel(800m - i, 2m)], []);
        }

        Assert.Equal(116, book.BidCount);

        // One more new level, a better one: the 17 worst go, and the book is its bound's best levels again.
        book.Apply([new BookLevel(1000.5m, 3m)], []);

        Assert.Equal(100, book.BidCount);
        var expected = new[] { new BookLevel(1000.5m, 3m) }.Concat(Enumerable.Range(0, 99).Select(i => new BookLevel(1000m - i, 1m)));
        Assert.Equal(expected, book.GetBids(int.MaxValue));
    }

    [Fact]
    public void A_snapshot_deeper_than_the_bound_keeps_its_best_levels_in_and_out_of_order()
    {
        var asks = Enumerable.Range(0, 150).Select(i => new BookLevel(2000m + i, 1m)).ToArray();
        var book = new OrderBook(maxLevels: 100);

        book.Load([], asks);
        Assert.Equal(asks.Take(100), book.GetAsks(int.MaxValue));

        book.Load([], asks.Reverse().ToArray());
        Assert.Equal(asks.Take(100), book.GetAsks(int.MaxValue));
    }

    [Fact]
    public void A_bounded_book_under_random_updates_stays_bounded_and_holds_only_what_the_full_book_holds()
    {
        var random = new Random(20261125);
        var book = new OrderBook(maxLevels: 40);
        var reference = new ReferenceBook();
        var mid = 1000;
        for (var step = 0; step < 20_000; step++)
        {
            mid += random.Next(-2, 3);
            var bids = RandomLevels(random, mid, isBid: true);
            var asks = RandomLevels(random, mid, isBid: false);
            book.Apply(bids, asks);
            reference.Apply(bids, asks);

            // Bound 40, slack 16: never more than 56 a side.
            Assert.InRange(book.BidCount, 0, 56);
            Assert.InRange(book.AskCount, 0, 56);
        }

        // Every level it kept has the size the full book has: a bound drops levels, it never keeps a stale one.
        foreach (var (side, levels) in new[] { (Side.Buy, book.GetBids(int.MaxValue)), (Side.Sell, book.GetAsks(int.MaxValue)) })
        {
            Assert.True(levels.Length >= 40, "the random walk should have filled the bound");
            foreach (var level in levels)
            {
                Assert.True(reference.TryGetSize(side, level.Price, out var size), $"{level} is not in the full book");
                Assert.Equal(size, level.Size);
            }
        }
    }

    private static BookLevel[] RandomLevels(Random random, int mid, bool isBid)
    {
        var levels = new BookLevel[random.Next(0, 6)];
        for (var i = 0; i < levels.Length; i++)
        {
            // Mostly near the mid (the top of the book), sometimes deep; a quarter are deletions, many of unknown levels.
            var distance = random.Next(10) == 0 ? random.Next(0, 400) : random.Next(0, 15);
            var ticks = isBid ? mid - distance : mid + 1 + distance;
            var size = random.Next(4) == 0 ? 0m : random.Next(1, 10_000) / 1000m;
            levels[i] = new BookLevel(ticks / 100m, size);
        }

        return levels;
    }
}

using MarketPrism.Core.Books;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Okx;

namespace MarketPrism.Tests.Exchanges.Okx;

/// <summary>
/// The checksum string is <c>bid1px:bid1sz:ask1px:ask1sz:…</c> over the top 25 levels with OKX's own digits; the
/// expected values are zlib's CRC-32 of the strings written out, as a signed 32-bit integer. The recorded session's
/// 290 checksums are checked in <see cref="OkxBookReplayTests"/>.
/// </summary>
public sealed class OkxChecksumTests
{
    [Fact]
    public void The_docs_example_interleaves_bids_and_asks_with_prices_and_sizes_only()
    {
        // OKX docs: bids 3366.1x7, 3366x6 and asks 3366.8x9, 3368x8 give "3366.1:7:3366.8:9:3366:6:3368:8".
        BookLevel[] bids = [new(3366.1m, 7m), new(3366m, 6m)];
        BookLevel[] asks = [new(3366.8m, 9m), new(3368m, 8m)];

        Assert.Equal(-1881014294, OkxChecksum.Compute(bids, asks));
    }

    [Fact]
    public void A_side_that_runs_out_stops_contributing_and_the_other_goes_on()
    {
        // "3366.1:7:3366.8:9:3366:6:3368:8:3365.5:2": the third bid has no ask beside it.
        BookLevel[] bids = [new(3366.1m, 7m), new(3366m, 6m), new(3365.5m, 2m)];
        BookLevel[] asks = [new(3366.8m, 9m), new(3368m, 8m)];

        Assert.Equal(946606151, OkxChecksum.Compute(bids, asks));
    }

    [Fact]
    public void Trailing_zeros_as_okx_wrote_them_are_part_of_the_string()
    {
        // "3366.1:7:3366.8:9:3368:8:3370.00:1.50": decimals parsed from "3370.00" and "1.50" keep those digits.
        BookLevel[] bids = [new(3366.1m, 7m)];
        BookLevel[] asks = [new(3366.8m, 9m), new(3368m, 8m), new(decimal.Parse("3370.00", System.Globalization.CultureInfo.InvariantCulture), decimal.Parse("1.50", System.Globalization.CultureInfo.InvariantCulture))];

        Assert.Equal(763993646, OkxChecksum.Compute(bids, asks));
    }

    [Fact]
    public void Only_the_top_25_levels_count_and_the_book_overload_reads_them_best_first()
    {
        var bids = Enumerable.Range(0, 40).Select(i => new BookLevel(1000m - i, 1m + i)).ToArray();
        var asks = Enumerable.Range(0, 30).Select(i => new BookLevel(1001m + i, 2m + i)).ToArray();
        var book = new OrderBook();
        book.Load(bids, asks);

        var full = OkxChecksum.Compute(bids, asks);

        Assert.Equal(full, OkxChecksum.Compute(bids.AsSpan(0, 25), asks.AsSpan(0, 25)));
        Assert.Equal(full, OkxChecksum.Compute(book));
        Assert.NotEqual(full, OkxChecksum.Compute(bids.AsSpan(0, 24), asks.AsSpan(0, 25)));
    }
}

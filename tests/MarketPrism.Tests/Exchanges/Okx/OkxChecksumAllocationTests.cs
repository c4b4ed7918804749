using MarketPrism.Core.Books;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Okx;

namespace MarketPrism.Tests.Exchanges.Okx;

/// <summary>
/// The OKX checksum, computed after every book update, allocates nothing. (That parsing allocates nothing beyond the
/// records is a rule for every venue: <see cref="OkxConformanceTests"/>.)
/// </summary>
public sealed class OkxChecksumAllocationTests
{
    private const int Checks = 2_000;

    /// <summary>Room for one-off runtime allocations (tiered JIT bookkeeping) that are not per check.</summary>
    private const long FixedSlack = 8 * 1024;

    [Fact]
    public void Checking_a_book_checksum_allocates_nothing()
    {
        var book = new OrderBook();
        book.Load(
            Enumerable.Range(0, 400).Select(i => new BookLevel(30000m - (i * 0.1m), 1.5m)).ToArray(),
            Enumerable.Range(0, 400).Select(i => new BookLevel(30001m + (i * 0.1m), 0.25m)).ToArray());
        var checksum = OkxChecksum.Compute(book);
        var mismatches = 0;

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Checks; i++)
        {
            mismatches += OkxChecksum.Compute(book) == checksum ? 0 : 1;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, mismatches);
        Assert.InRange(allocated, 0, FixedSlack);
    }
}

using MarketPrism.Core.Model;

namespace MarketPrism.Tests.Exchanges.Conformance;

/// <summary>
/// Rule 7: the levels of every <c>book_delta</c> and <c>book_snapshot</c> are best first (bids by falling price, asks
/// by rising price, no price twice), as docs/schema.md promises: in every record parsed from the recordings, and in the
/// snapshots the book synchronizer publishes during the replays (<see cref="Replaying_the_recorded_book_sessions_keeps_every_book_equal_to_an_independent_rebuild"/>).
/// </summary>
public abstract partial class VenueConformanceTests
{
    [Fact]
    public void Book_levels_of_every_parsed_book_record_are_best_first()
    {
        var books = ParseRecordings().SelectMany(parsed => parsed.Records).OfType<BookRecord>().ToList();

        Assert.NotEmpty(books);
        AssertBestFirst(books, Exchange);
    }

    protected static void AssertBestFirst(IEnumerable<MarketRecord> records, string where)
    {
        foreach (var book in records.OfType<BookRecord>())
        {
            for (var i = 1; i < book.Bids.Length; i++)
            {
                Assert.True(book.Bids[i].Price < book.Bids[i - 1].Price, $"{where}: {book.DataType.ToWireName()} {book.ExchangeSymbol} at {book.Timestamp:O}: bid {i} {book.Bids[i]} is not below bid {i - 1} {book.Bids[i - 1]}");
            }

            for (var i = 1; i < book.Asks.Length; i++)
            {
                Assert.True(book.Asks[i].Price > book.Asks[i - 1].Price, $"{where}: {book.DataType.ToWireName()} {book.ExchangeSymbol} at {book.Timestamp:O}: ask {i} {book.Asks[i]} is not above ask {i - 1} {book.Asks[i - 1]}");
            }
        }
    }
}

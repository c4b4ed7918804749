using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Okx;

namespace MarketPrism.Tests.Exchanges.Okx;

public sealed class OkxBookRulesTests
{
    private static readonly Instrument Swap = OkxSymbols.Resolve("BTC-USDT-SWAP", MarketType.Perpetual)!;
    private static readonly OkxBookRules Rules = OkxBookRules.Instance;

    private static BookDeltaRecord Update(long? previous, long seq, long? checksum = null, BookLevel[]? bids = null) => new()
    {
        Instrument = Swap,
        Timestamp = DateTime.UnixEpoch,
        LocalTimestamp = DateTime.UnixEpoch,
        Bids = bids ?? [],
        Asks = [],
        FirstUpdateId = seq,
        LastUpdateId = seq,
        PreviousUpdateId = previous,
        Checksum = checksum,
    };

    [Fact]
    public void The_docs_chain_with_a_no_update_message_and_a_sequence_reset_applies_throughout()
    {
        // OKX docs, "Sequence ID": snapshot (-1,10), then (10,15), the no-update heartbeat (15,15), a reset after
        // maintenance (15,3), then (3,5).
        Assert.Equal(SequenceDecision.Apply, Rules.Bridge(Update(10, 15), 10));
        Assert.Equal(SequenceDecision.Apply, Rules.Continue(Update(15, 15), 15));
        Assert.Equal(SequenceDecision.Apply, Rules.Continue(Update(15, 3), 15));
        Assert.Equal(SequenceDecision.Apply, Rules.Continue(Update(3, 5), 3));
    }

    [Fact]
    public void An_update_that_does_not_name_the_previous_one_is_a_gap()
    {
        Assert.Equal(SequenceDecision.Gap, Rules.Bridge(Update(11, 15), 10));
        Assert.Equal(SequenceDecision.Gap, Rules.Continue(Update(14, 20), 15));

        // A message seen twice no longer names the last one applied: OKX never repeats one on a healthy stream.
        Assert.Equal(SequenceDecision.Gap, Rules.Continue(Update(10, 15), 15));
    }

    [Fact]
    public void An_update_without_prev_seq_id_is_applied_and_left_to_its_checksum()
    {
        Assert.Equal(SequenceDecision.Apply, Rules.Continue(Update(null, 1652459225453), 1652459225400));
    }

    [Fact]
    public void A_checksum_of_zero_or_none_is_not_checked_and_any_other_must_match()
    {
        var book = new OrderBook();
        book.Load([new BookLevel(3366.1m, 7m), new BookLevel(3366m, 6m)], [new BookLevel(3366.8m, 9m), new BookLevel(3368m, 8m)]);

        Assert.True(Rules.VerifyChecksum(book, Update(1, 2, checksum: null)));
        Assert.True(Rules.VerifyChecksum(book, Update(1, 2, checksum: 0)));
        Assert.True(Rules.VerifyChecksum(book, Update(1, 2, checksum: -1881014294)));
        Assert.False(Rules.VerifyChecksum(book, Update(1, 2, checksum: 12345)));
    }

    [Fact]
    public void Books_come_in_band_and_a_snapshot_is_never_too_old()
    {
        Assert.Equal(BookSnapshotSource.InBand, Rules.SnapshotSource);
        Assert.False(Rules.IsSnapshotTooOld(new DepthSnapshot(1, [], [], DateTime.UnixEpoch, DateTime.UnixEpoch), Update(5, 6)));
    }
}

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
    public void Books_come_in_band_with_a_rest_fallback()
    {
        Assert.Equal(BookSnapshotSource.InBandWithRestFallback, Rules.SnapshotSource);
    }

    [Fact]
    public void A_rest_snapshot_bridges_as_okx_documents_stale_below_it_applied_across_it_a_gap_beyond_it()
    {
        // OKX changelog, "How to manage a local order book correctly": discard buffered events whose seqId <= the
        // snapshot's; the first applied must satisfy prevSeqId <= snapshot seqId < seqId.
        Assert.Equal(SequenceDecision.Stale, Rules.Bridge(Update(100, 105), 107));
        Assert.Equal(SequenceDecision.Stale, Rules.Bridge(Update(102, 107), 107));
        Assert.Equal(SequenceDecision.Apply, Rules.Bridge(Update(105, 110), 107));
        Assert.Equal(SequenceDecision.Apply, Rules.Bridge(Update(107, 110), 107));
        Assert.Equal(SequenceDecision.Gap, Rules.Bridge(Update(108, 112), 107));

        // A no-update message the snapshot covers is stale; one that names it continues it.
        Assert.Equal(SequenceDecision.Stale, Rules.Bridge(Update(105, 105), 107));
        Assert.Equal(SequenceDecision.Apply, Rules.Bridge(Update(107, 107), 107));
    }

    [Fact]
    public void A_sequence_reset_right_after_the_snapshot_still_bridges()
    {
        // (15,3) names the snapshot's seqId 15: its seqId below the snapshot's does not make it stale.
        Assert.Equal(SequenceDecision.Apply, Rules.Bridge(Update(15, 3), 15));
    }

    [Fact]
    public void A_rest_snapshot_older_than_the_first_buffered_update_is_too_old()
    {
        static DepthSnapshot At(long seqId) => new(seqId, [], [], DateTime.UnixEpoch, DateTime.UnixEpoch);

        // OKX: "If the seqId from the snapshot is strictly less than the prevSeqId ... go back to step 3."
        Assert.True(Rules.IsSnapshotTooOld(At(99), Update(100, 105)));
        Assert.False(Rules.IsSnapshotTooOld(At(100), Update(100, 105)));
        Assert.False(Rules.IsSnapshotTooOld(At(120), Update(100, 105)));
        Assert.False(Rules.IsSnapshotTooOld(At(1), Update(null, 1652459225453)));
    }
}

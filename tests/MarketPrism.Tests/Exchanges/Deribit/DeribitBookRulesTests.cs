using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Exchanges.Deribit;

namespace MarketPrism.Tests.Exchanges.Deribit;

public sealed class DeribitBookRulesTests
{
    private static readonly Instrument Perpetual = DeribitSymbols.Resolve("BTC-PERPETUAL", MarketType.Perpetual)!;
    private readonly DeribitBookRules _rules = DeribitBookRules.Instance;

    [Theory]
    [InlineData(100, 105, SequenceDecision.Apply)]
    [InlineData(99, 100, SequenceDecision.Stale)]
    [InlineData(90, 95, SequenceDecision.Stale)]
    [InlineData(101, 108, SequenceDecision.Gap)]
    [InlineData(0, 108, SequenceDecision.Gap)]
    public void A_change_continues_the_book_only_when_its_previous_id_is_the_last_change_id(long previous, long changeId, SequenceDecision expected)
    {
        var change = Change(previous, changeId);

        Assert.Equal(expected, _rules.Continue(change, lastAppliedUpdateId: 100));
        Assert.Equal(expected, _rules.Bridge(change, snapshotUpdateId: 100));
    }

    [Fact]
    public void A_change_without_a_previous_id_cannot_be_checked_and_is_a_gap() =>
        Assert.Equal(SequenceDecision.Gap, _rules.Continue(Change(null, 105), 100));

    [Fact]
    public void Snapshots_come_in_band_without_checksums()
    {
        Assert.Equal(BookSnapshotSource.InBand, _rules.SnapshotSource);
        Assert.False(_rules.IsSnapshotTooOld(new DepthSnapshot(1, [], [], DateTime.UnixEpoch, DateTime.UnixEpoch), Change(0, 5)));
        Assert.True(_rules.VerifyChecksum(new OrderBook(), Change(0, 5)));
    }

    private static BookDeltaRecord Change(long? previous, long changeId) => new()
    {
        Instrument = Perpetual,
        Timestamp = UtcTimestamp.FromUnixMilliseconds(1),
        LocalTimestamp = UtcTimestamp.FromUnixMilliseconds(1),
        Bids = [],
        Asks = [],
        FirstUpdateId = changeId,
        LastUpdateId = changeId,
        PreviousUpdateId = previous,
    };
}

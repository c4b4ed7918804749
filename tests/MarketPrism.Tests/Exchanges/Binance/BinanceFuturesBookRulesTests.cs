using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Binance;

namespace MarketPrism.Tests.Exchanges.Binance;

public sealed class BinanceFuturesBookRulesTests
{
    private static readonly Instrument SushiUsdt = new("binance-usdm", MarketType.Perpetual, "SUSHI", "USDT", "SUSHIUSDT", ContractKind.Linear);
    private static readonly BinanceFuturesBookRules Rules = BinanceFuturesBookRules.Instance;

    [Fact]
    public void Snapshots_come_from_rest()
    {
        Assert.Equal(BookSnapshotSource.Rest, Rules.SnapshotSource);
    }

    [Theory]
    [InlineData(100, 105, 106, SequenceDecision.Stale)] // u < lastUpdateId
    [InlineData(100, 105, 105, SequenceDecision.Apply)] // u == lastUpdateId still bridges (U <= id <= u)
    [InlineData(100, 105, 100, SequenceDecision.Apply)] // U == lastUpdateId
    [InlineData(100, 105, 103, SequenceDecision.Apply)]
    [InlineData(100, 105, 99, SequenceDecision.Gap)] // starts after the snapshot: updates in between are missing
    public void Bridge_applies_the_first_update_whose_range_holds_the_snapshot_id(long first, long last, long snapshotId, SequenceDecision expected)
    {
        Assert.Equal(expected, Rules.Bridge(Update(first, last, previous: first - 7), snapshotId));
    }

    [Theory]
    [InlineData(112, 120, 105, 105, SequenceDecision.Apply)] // pu == prev_u, although U != prev_u + 1 (ids are sparse)
    [InlineData(112, 120, 104, 105, SequenceDecision.Gap)] // pu != prev_u and newer
    [InlineData(100, 105, 98, 105, SequenceDecision.Stale)] // the same update again (overlapping connection)
    [InlineData(90, 98, 80, 105, SequenceDecision.Stale)] // an older one
    public void Continue_requires_pu_to_be_the_last_applied_u(long first, long last, long previous, long previousLast, SequenceDecision expected)
    {
        Assert.Equal(expected, Rules.Continue(Update(first, last, previous), previousLast));
    }

    [Fact]
    public void An_update_without_pu_cannot_be_checked_and_counts_as_a_gap()
    {
        var update = Update(106, 110, previous: null);

        Assert.Equal(SequenceDecision.Gap, Rules.Continue(update, 105));
    }

    [Theory]
    [InlineData(99, true)]
    [InlineData(100, false)]
    [InlineData(110, false)]
    public void A_snapshot_is_too_old_when_its_id_is_below_the_first_buffered_U(long snapshotId, bool tooOld)
    {
        var snapshot = new DepthSnapshot(snapshotId, [], [], DateTime.UnixEpoch, DateTime.UnixEpoch);

        Assert.Equal(tooOld, Rules.IsSnapshotTooOld(snapshot, Update(100, 105, 95)));
    }

    [Fact]
    public void There_is_no_checksum_to_fail()
    {
        Assert.True(Rules.VerifyChecksum(new OrderBook(), Update(1, 2, 0)));
    }

    private static BookDeltaRecord Update(long first, long last, long? previous) => new()
    {
        Instrument = SushiUsdt,
        Timestamp = DateTime.UnixEpoch,
        LocalTimestamp = DateTime.UnixEpoch,
        Bids = [],
        Asks = [],
        FirstUpdateId = first,
        LastUpdateId = last,
        PreviousUpdateId = previous,
    };
}

using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Binance;

namespace MarketPrism.Tests.Exchanges.Binance;

public sealed class BinanceSpotBookRulesTests
{
    private static readonly Instrument NknUsdt = new("binance", MarketType.Spot, "NKN", "USDT", "NKNUSDT");
    private static readonly BinanceSpotBookRules Rules = BinanceSpotBookRules.Instance;

    [Fact]
    public void Snapshots_come_from_rest()
    {
        Assert.Equal(BookSnapshotSource.Rest, Rules.SnapshotSource);
    }

    [Theory]
    // The recorded NKNUSDT session: snapshot 499869752; the first diff (…750-…752) is covered, the next (…753-…754) bridges.
    [InlineData(499869750, 499869752, 499869752, SequenceDecision.Stale)]
    [InlineData(499869753, 499869754, 499869752, SequenceDecision.Apply)]
    [InlineData(100, 105, 99, SequenceDecision.Apply)] // U <= lastUpdateId + 1 <= u, U at the edge
    [InlineData(100, 105, 104, SequenceDecision.Apply)] // u = lastUpdateId + 1
    [InlineData(100, 105, 105, SequenceDecision.Stale)] // u <= lastUpdateId
    [InlineData(100, 105, 98, SequenceDecision.Gap)] // U > lastUpdateId + 1
    public void Bridge_applies_the_first_diff_whose_range_holds_the_id_after_the_snapshot(long first, long last, long snapshotId, SequenceDecision expected)
    {
        Assert.Equal(expected, Rules.Bridge(Diff(first, last), snapshotId));
    }

    [Theory]
    [InlineData(106, 110, 105, SequenceDecision.Apply)] // U == prev_u + 1
    [InlineData(107, 110, 105, SequenceDecision.Gap)] // one id missing
    [InlineData(101, 105, 105, SequenceDecision.Stale)] // the same diff again
    [InlineData(90, 100, 105, SequenceDecision.Stale)] // an older one
    [InlineData(103, 108, 105, SequenceDecision.Apply)] // overlaps what was applied: the docs say apply
    public void Continue_requires_each_diff_to_start_right_after_the_last_applied_one(long first, long last, long previousLast, SequenceDecision expected)
    {
        Assert.Equal(expected, Rules.Continue(Diff(first, last), previousLast));
    }

    [Theory]
    [InlineData(99, true)]
    [InlineData(100, false)]
    [InlineData(103, false)]
    [InlineData(120, false)]
    public void A_snapshot_is_too_old_when_its_id_is_below_the_first_buffered_U_as_documented(long snapshotId, bool tooOld)
    {
        var snapshot = new DepthSnapshot(snapshotId, [], [], DateTime.UnixEpoch, DateTime.UnixEpoch);

        Assert.Equal(tooOld, Rules.IsSnapshotTooOld(snapshot, Diff(100, 105)));
    }

    [Fact]
    public void There_is_no_checksum_to_fail()
    {
        Assert.True(Rules.VerifyChecksum(new OrderBook(), Diff(1, 2)));
    }

    private static BookDeltaRecord Diff(long first, long last) => new()
    {
        Instrument = NknUsdt,
        Timestamp = DateTime.UnixEpoch,
        LocalTimestamp = DateTime.UnixEpoch,
        Bids = [],
        Asks = [],
        FirstUpdateId = first,
        LastUpdateId = last,
    };
}

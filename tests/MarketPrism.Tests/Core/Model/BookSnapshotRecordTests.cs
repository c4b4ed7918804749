using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Tests.Core.Model;

public sealed class BookSnapshotRecordTests
{
    [Fact]
    public void A_whole_book_is_a_snapshot_at_its_one_update_id_as_deep_as_its_deeper_side()
    {
        var instrument = new Instrument("binance", MarketType.Spot, "BTC", "USDT", "BTCUSDT");
        var time = new DateTime(2024, 3, 9, 12, 0, 0, DateTimeKind.Utc);
        BookLevel[] bids = [new(100m, 1m), new(99m, 2m), new(98m, 3m)];
        BookLevel[] asks = [new(101m, 1m)];

        var snapshot = BookSnapshotRecord.OfWholeBook(instrument, time, time.AddMilliseconds(5), bids, asks, 42);

        Assert.Equal(
            (instrument, time, time.AddMilliseconds(5), 42L, 42L, 3),
            (snapshot.Instrument, snapshot.Timestamp, snapshot.LocalTimestamp, snapshot.FirstUpdateId, snapshot.LastUpdateId, snapshot.Depth));
        Assert.Same(bids, snapshot.Bids);
        Assert.Same(asks, snapshot.Asks);
        Assert.Equal(3, BookSnapshotRecord.OfWholeBook(instrument, time, time, asks, bids, 42).Depth);
        Assert.Equal(0, BookSnapshotRecord.OfWholeBook(instrument, time, time, [], [], 42).Depth);
    }
}

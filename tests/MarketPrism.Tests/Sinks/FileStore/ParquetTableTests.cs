using MarketPrism.Core.Model;
using MarketPrism.Sinks.FileStore;
using static MarketPrism.Tests.Sinks.FileStore.SampleRecords;

namespace MarketPrism.Tests.Sinks.FileStore;

public sealed class ParquetTableTests
{
    [Fact]
    public void Buffering_rows_allocates_nothing_once_the_buffers_have_grown()
    {
        var table = ParquetTable.Create(DataType.Trade);
        var trades = Enumerable.Range(0, 5000).Select(i => Trade(i)).ToArray();
        foreach (var trade in trades)
        {
            Assert.True(table.TryAppend(trade));
        }

        table.Truncate(0);
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var trade in trades)
        {
            table.TryAppend(trade);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(5000, table.Count);
    }

    [Fact]
    public void A_record_with_a_value_the_table_cannot_hold_leaves_no_partial_row()
    {
        var table = ParquetTable.Create(DataType.BookDelta);
        var records = EveryType().OfType<BookDeltaRecord>().ToArray();
        Assert.True(table.TryAppend(records[0]));
        var tooLarge = new BookDeltaRecord
        {
            Instrument = BinanceSpot, Timestamp = Time, LocalTimestamp = Time, FirstUpdateId = 9, LastUpdateId = 9,
            Bids = [new BookLevel(1m, 1m), new BookLevel(2m, D("0.0000000000000000001"))], Asks = [],
        };

        Assert.False(table.TryAppend(tooLarge));
        Assert.Equal(1, table.Count);
        Assert.True(table.TryAppend(records[1]));
        Assert.Equal(2, table.Count);
    }
}

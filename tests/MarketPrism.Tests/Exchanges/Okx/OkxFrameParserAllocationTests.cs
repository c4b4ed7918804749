using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Okx;
using MarketPrism.Tests.Exchanges.Binance;

namespace MarketPrism.Tests.Exchanges.Okx;

/// <summary>
/// The OKX parse path allocates the records it returns (and their level arrays) and nothing else. Measured as bytes
/// allocated on this thread, compared with what building the same records directly costs; no timing involved.
/// </summary>
public sealed class OkxFrameParserAllocationTests
{
    private const int Frames = 2_000;

    /// <summary>Room for one-off runtime allocations (tiered JIT bookkeeping) that are not per frame.</summary>
    private const long FixedSlack = 8 * 1024;

    [Fact]
    public void Parsing_trade_frames_allocates_only_the_trade_records()
    {
        var frame = OkxRecordings.AtLine(OkxRecordings.Capture, 28);
        var parser = OkxRecordings.Parser(MarketType.Spot);

        var parsed = MeasureParsing(parser, frame);
        var trade = (TradeRecord)parsed.Sample;
        var direct = MeasureBuilding(() => new TradeRecord
        {
            Instrument = trade.Instrument,
            Timestamp = trade.Timestamp,
            LocalTimestamp = trade.LocalTimestamp,
            TradeId = trade.TradeId,
            Price = trade.Price,
            Quantity = trade.Quantity,
            Side = trade.Side,
        });

        Assert.InRange(parsed.Bytes, 0, direct + FixedSlack);
    }

    [Fact]
    public void Parsing_book_frames_allocates_only_the_delta_records_and_their_levels()
    {
        var frame = OkxRecordings.AtLine(OkxRecordings.Capture, 33);
        var parser = OkxRecordings.Parser(MarketType.Spot);

        var parsed = MeasureParsing(parser, frame);
        var delta = (BookDeltaRecord)parsed.Sample;
        var direct = MeasureBuilding(() => new BookDeltaRecord
        {
            Instrument = delta.Instrument,
            Timestamp = delta.Timestamp,
            LocalTimestamp = delta.LocalTimestamp,
            Bids = (BookLevel[])delta.Bids.Clone(),
            Asks = (BookLevel[])delta.Asks.Clone(),
            FirstUpdateId = delta.FirstUpdateId,
            LastUpdateId = delta.LastUpdateId,
            PreviousUpdateId = delta.PreviousUpdateId,
            Checksum = delta.Checksum,
        });

        Assert.InRange(parsed.Bytes, 0, direct + FixedSlack);
    }

    [Fact]
    public void Checking_a_book_checksum_allocates_nothing()
    {
        var book = new MarketPrism.Core.Books.OrderBook();
        book.Load(
            Enumerable.Range(0, 400).Select(i => new BookLevel(30000m - (i * 0.1m), 1.5m)).ToArray(),
            Enumerable.Range(0, 400).Select(i => new BookLevel(30001m + (i * 0.1m), 0.25m)).ToArray());
        var checksum = OkxChecksum.Compute(book);
        var mismatches = 0;

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Frames; i++)
        {
            mismatches += OkxChecksum.Compute(book) == checksum ? 0 : 1;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, mismatches);
        Assert.InRange(allocated, 0, FixedSlack);
    }

    private static (long Bytes, MarketRecord Sample) MeasureParsing(OkxFrameParser parser, RecordedFrame frame)
    {
        var output = new List<MarketRecord>(Frames * 2);
        for (var i = 0; i < 100; i++)
        {
            output.Clear();
            Assert.Equal(FrameKind.Data, parser.Parse(frame.Payload, frame.Received, output).Kind);
        }

        output.Clear();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Frames; i++)
        {
            parser.Parse(frame.Payload, frame.Received, output);
        }

        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(output.Count >= Frames);
        return (bytes, output[0]);
    }

    private static long MeasureBuilding(Func<MarketRecord> build)
    {
        var kept = new List<MarketRecord>(Frames);
        for (var i = 0; i < 100; i++)
        {
            GC.KeepAlive(build());
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Frames; i++)
        {
            kept.Add(build());
        }

        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(Frames, kept.Count);
        Assert.True(bytes > 0, "building records must allocate, or the comparison proves nothing");
        return bytes;
    }
}

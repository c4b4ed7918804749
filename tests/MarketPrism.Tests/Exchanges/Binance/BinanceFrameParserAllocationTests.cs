using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Binance;

namespace MarketPrism.Tests.Exchanges.Binance;

/// <summary>
/// The parse path allocates the records it returns (and their level arrays) and nothing else. Measured as bytes
/// allocated on this thread, compared with what building the same records directly costs; no timing involved.
/// </summary>
public sealed class BinanceFrameParserAllocationTests
{
    private const int Frames = 2_000;

    /// <summary>Room for one-off runtime allocations (tiered JIT bookkeeping) that are not per frame.</summary>
    private const long FixedSlack = 8 * 1024;

    [Fact]
    public void Parsing_trade_frames_allocates_only_the_trade_records()
    {
        var frame = BinanceRecordings.AtLine(BinanceRecordings.SpotTardis, 1);
        var parser = new BinanceFrameParser(BinanceSymbols.CreateTable(MarketType.Spot, []));

        var parsed = MeasureParsing(parser, frame);
        var direct = MeasureBuilding(() => CopyOf((TradeRecord)parsed.Sample));

        Assert.InRange(parsed.Bytes, 0, direct + FixedSlack);
    }

    [Fact]
    public void Parsing_depth_frames_allocates_only_the_delta_records_and_their_levels()
    {
        var frame = BinanceRecordings.First(BinanceRecordings.FuturesCapture, "\"sushiusdt@depth@100ms\"");
        var parser = new BinanceFrameParser(BinanceSymbols.CreateTable(MarketType.Perpetual, []));

        var parsed = MeasureParsing(parser, frame);
        var direct = MeasureBuilding(() => CopyOf((BookDeltaRecord)parsed.Sample));

        Assert.InRange(parsed.Bytes, 0, direct + FixedSlack);
    }

    [Fact]
    public void Parsing_mark_price_frames_allocates_only_the_two_records()
    {
        var frame = BinanceRecordings.AtLine(BinanceRecordings.FuturesTardis, 10);
        var parser = new BinanceFrameParser(BinanceSymbols.CreateTable(MarketType.Perpetual, []));
        var output = new List<MarketRecord>();
        parser.Parse(frame.Payload, frame.Received, output);
        var funding = (FundingRateRecord)output[0];
        var mark = (MarkPriceRecord)output[1];

        var parsed = MeasureParsing(parser, frame);
        var direct = MeasureBuilding(() =>
        {
            GC.KeepAlive(new FundingRateRecord
            {
                Instrument = funding.Instrument,
                Timestamp = funding.Timestamp,
                LocalTimestamp = funding.LocalTimestamp,
                FundingRate = funding.FundingRate,
                NextFundingTime = funding.NextFundingTime,
                MarkPrice = funding.MarkPrice,
                IndexPrice = funding.IndexPrice,
            });
            return new MarkPriceRecord
            {
                Instrument = mark.Instrument,
                Timestamp = mark.Timestamp,
                LocalTimestamp = mark.LocalTimestamp,
                MarkPrice = mark.MarkPrice,
                IndexPrice = mark.IndexPrice,
            };
        });

        Assert.InRange(parsed.Bytes, 0, direct + FixedSlack);
    }

    /// <summary>Bytes allocated parsing <see cref="Frames"/> copies of a frame into a list sized in advance.</summary>
    private static (long Bytes, MarketRecord Sample) MeasureParsing(BinanceFrameParser parser, RecordedFrame frame)
    {
        var output = new List<MarketRecord>(Frames * 2);

        // Warm-up: JIT, and the one-time resolution and caching of the symbol.
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

    /// <summary>Bytes allocated building <see cref="Frames"/> equivalent records by hand: the floor for parsing.</summary>
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

    private static TradeRecord CopyOf(TradeRecord trade) => new()
    {
        Instrument = trade.Instrument,
        Timestamp = trade.Timestamp,
        LocalTimestamp = trade.LocalTimestamp,
        TradeId = trade.TradeId,
        Price = trade.Price,
        Quantity = trade.Quantity,
        Side = trade.Side,
    };

    private static BookDeltaRecord CopyOf(BookDeltaRecord delta) => new()
    {
        Instrument = delta.Instrument,
        Timestamp = delta.Timestamp,
        LocalTimestamp = delta.LocalTimestamp,
        Bids = (BookLevel[])delta.Bids.Clone(),
        Asks = (BookLevel[])delta.Asks.Clone(),
        FirstUpdateId = delta.FirstUpdateId,
        LastUpdateId = delta.LastUpdateId,
        PreviousUpdateId = delta.PreviousUpdateId,
    };
}

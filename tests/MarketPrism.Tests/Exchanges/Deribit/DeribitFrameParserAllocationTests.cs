using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Deribit;

namespace MarketPrism.Tests.Exchanges.Deribit;

/// <summary>
/// The parse path allocates the records it returns (and their level arrays) and nothing else. Measured as bytes
/// allocated on this thread, compared with what building the same records directly costs; no timing involved.
/// </summary>
public sealed class DeribitFrameParserAllocationTests
{
    private const int Frames = 2_000;

    /// <summary>Room for one-off runtime allocations (tiered JIT bookkeeping) that are not per frame.</summary>
    private const long FixedSlack = 8 * 1024;

    [Fact]
    public void Parsing_trade_frames_allocates_only_the_trade_records()
    {
        var frame = DeribitRecordings.AtLine(DeribitRecordings.Tardis, 1);

        var (bytes, sample) = MeasureParsing(frame);
        var direct = MeasureBuilding(sample);

        Assert.InRange(bytes, 0, direct + FixedSlack);
    }

    [Fact]
    public void Parsing_book_changes_allocates_only_the_delta_records_and_their_levels()
    {
        var frame = DeribitRecordings.AtLine(DeribitRecordings.Capture, 25);

        var (bytes, sample) = MeasureParsing(frame);
        var direct = MeasureBuilding(sample);

        Assert.InRange(bytes, 0, direct + FixedSlack);
    }

    [Fact]
    public void Parsing_perpetual_tickers_allocates_only_the_three_records()
    {
        var frame = DeribitRecordings.AtLine(DeribitRecordings.Tardis, 5);

        var (bytes, sample) = MeasureParsing(frame);
        var direct = MeasureBuilding(sample);

        Assert.InRange(bytes, 0, direct + FixedSlack);
    }

    /// <summary>Bytes allocated parsing <see cref="Frames"/> copies of a frame into a list sized in advance, and one frame's records.</summary>
    private static (long Bytes, List<MarketRecord> Sample) MeasureParsing(DeribitFrame frame)
    {
        var parser = new DeribitFrameParser(DeribitSymbols.CreateTable(MarketType.Perpetual, []));
        var sample = new List<MarketRecord>();
        Assert.Equal(FrameKind.Data, parser.Parse(frame.Payload, frame.Received, sample).Kind);
        var output = new List<MarketRecord>(Frames * (sample.Count + 1));

        // Warm-up: JIT, and the one-time resolution and caching of the instrument.
        for (var i = 0; i < 100; i++)
        {
            output.Clear();
            parser.Parse(frame.Payload, frame.Received, output);
        }

        output.Clear();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Frames; i++)
        {
            parser.Parse(frame.Payload, frame.Received, output);
        }

        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(Frames * sample.Count, output.Count);
        return (bytes, sample);
    }

    /// <summary>Bytes allocated building <see cref="Frames"/> copies of the records by hand: the floor for parsing.</summary>
    private static long MeasureBuilding(List<MarketRecord> sample)
    {
        var kept = new List<MarketRecord>(Frames * sample.Count);
        for (var i = 0; i < 100; i++)
        {
            foreach (var record in sample)
            {
                GC.KeepAlive(CopyOf(record));
            }
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Frames; i++)
        {
            foreach (var record in sample)
            {
                kept.Add(CopyOf(record));
            }
        }

        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(bytes > 0, "building records must allocate, or the comparison proves nothing");
        return bytes;
    }

    private static MarketRecord CopyOf(MarketRecord record) => record switch
    {
        TradeRecord trade => new TradeRecord
        {
            Instrument = trade.Instrument,
            Timestamp = trade.Timestamp,
            LocalTimestamp = trade.LocalTimestamp,
            TradeId = trade.TradeId,
            Price = trade.Price,
            Quantity = trade.Quantity,
            Side = trade.Side,
            Sequence = trade.Sequence,
        },
        BookDeltaRecord delta => new BookDeltaRecord
        {
            Instrument = delta.Instrument,
            Timestamp = delta.Timestamp,
            LocalTimestamp = delta.LocalTimestamp,
            Bids = (BookLevel[])delta.Bids.Clone(),
            Asks = (BookLevel[])delta.Asks.Clone(),
            FirstUpdateId = delta.FirstUpdateId,
            LastUpdateId = delta.LastUpdateId,
            PreviousUpdateId = delta.PreviousUpdateId,
        },
        FundingRateRecord funding => new FundingRateRecord
        {
            Instrument = funding.Instrument,
            Timestamp = funding.Timestamp,
            LocalTimestamp = funding.LocalTimestamp,
            FundingRate = funding.FundingRate,
            MarkPrice = funding.MarkPrice,
            IndexPrice = funding.IndexPrice,
        },
        OpenInterestRecord interest => new OpenInterestRecord
        {
            Instrument = interest.Instrument,
            Timestamp = interest.Timestamp,
            LocalTimestamp = interest.LocalTimestamp,
            OpenInterest = interest.OpenInterest,
            OpenInterestValue = interest.OpenInterestValue,
        },
        MarkPriceRecord mark => new MarkPriceRecord
        {
            Instrument = mark.Instrument,
            Timestamp = mark.Timestamp,
            LocalTimestamp = mark.LocalTimestamp,
            MarkPrice = mark.MarkPrice,
            IndexPrice = mark.IndexPrice,
        },
        _ => throw new ArgumentException($"No copy for {record.DataType}.", nameof(record)),
    };
}

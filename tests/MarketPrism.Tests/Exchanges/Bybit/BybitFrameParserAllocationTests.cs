using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Bybit;

namespace MarketPrism.Tests.Exchanges.Bybit;

/// <summary>
/// The Bybit parse path allocates the records it returns (their level arrays and text trade ids) and nothing else.
/// Measured as bytes allocated on this thread against building the same records by hand; no timing involved.
/// </summary>
public sealed class BybitFrameParserAllocationTests
{
    private const int Frames = 2_000;

    /// <summary>Room for one-off runtime allocations (tiered JIT bookkeeping) that are not per frame.</summary>
    private const long FixedSlack = 8 * 1024;

    private readonly BybitFrameParser _parser = new(BybitSymbols.CreateTable(MarketType.Perpetual, []));

    [Fact]
    public void Parsing_trade_frames_allocates_only_the_trades_and_their_ids()
    {
        var frame = BybitRecordings.AtLine(BybitRecordings.Tardis, 1).Payload;

        var (bytes, sample) = MeasureParsing(frame, recordsPerFrame: 3);
        var trades = sample.Cast<TradeRecord>().ToList();
        var direct = MeasureBuilding(kept =>
        {
            foreach (var trade in trades)
            {
                kept.Add(new TradeRecord
                {
                    Instrument = trade.Instrument,
                    Timestamp = trade.Timestamp,
                    LocalTimestamp = trade.LocalTimestamp,
                    TradeId = new RecordId(new string(trade.TradeId.ToString())),
                    Price = trade.Price,
                    Quantity = trade.Quantity,
                    Side = trade.Side,
                });
            }
        });

        Assert.InRange(bytes, 0, direct + FixedSlack);
    }

    [Fact]
    public void Parsing_book_deltas_allocates_only_the_delta_records_and_their_levels()
    {
        var frame = BybitRecordings.AtLine(BybitRecordings.OrderBook500, 10).Payload;

        var (bytes, sample) = MeasureParsing(frame, recordsPerFrame: 1);
        var delta = (BookDeltaRecord)sample[0];
        var direct = MeasureBuilding(kept => kept.Add(new BookDeltaRecord
        {
            Instrument = delta.Instrument,
            Timestamp = delta.Timestamp,
            LocalTimestamp = delta.LocalTimestamp,
            Bids = (BookLevel[])delta.Bids.Clone(),
            Asks = (BookLevel[])delta.Asks.Clone(),
            FirstUpdateId = delta.FirstUpdateId,
            LastUpdateId = delta.LastUpdateId,
        }));

        Assert.InRange(bytes, 0, direct + FixedSlack);
    }

    [Fact]
    public void Merging_ticker_deltas_allocates_only_the_records_they_produce()
    {
        var output = new List<MarketRecord>();
        _parser.Parse(BybitRecordings.AtLine(BybitRecordings.Tardis, 7).Payload, BybitRecordings.ReceiveTime, output);
        var frame = BybitRecordings.AtLine(BybitRecordings.Tardis, 8).Payload;

        var (bytes, sample) = MeasureParsing(frame, recordsPerFrame: 2);
        var funding = (FundingRateRecord)sample[0];
        var openInterest = (OpenInterestRecord)sample[1];
        var direct = MeasureBuilding(kept =>
        {
            kept.Add(new FundingRateRecord
            {
                Instrument = funding.Instrument,
                Timestamp = funding.Timestamp,
                LocalTimestamp = funding.LocalTimestamp,
                FundingRate = funding.FundingRate,
                NextFundingTime = funding.NextFundingTime,
                MarkPrice = funding.MarkPrice,
                IndexPrice = funding.IndexPrice,
            });
            kept.Add(new OpenInterestRecord
            {
                Instrument = openInterest.Instrument,
                Timestamp = openInterest.Timestamp,
                LocalTimestamp = openInterest.LocalTimestamp,
                OpenInterest = openInterest.OpenInterest,
            });
        });

        Assert.InRange(bytes, 0, direct + FixedSlack);
    }

    /// <summary>Bytes allocated parsing <see cref="Frames"/> copies of a frame into a list sized in advance.</summary>
    private (long Bytes, List<MarketRecord> Sample) MeasureParsing(byte[] frame, int recordsPerFrame)
    {
        var output = new List<MarketRecord>(Frames * recordsPerFrame);

        // Warm-up: JIT, and the one-time resolution of the symbol and creation of its state.
        for (var i = 0; i < 100; i++)
        {
            output.Clear();
            Assert.Equal(FrameKind.Data, _parser.Parse(frame, BybitRecordings.ReceiveTime, output).Kind);
        }

        var sample = output.ToList();
        output.Clear();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Frames; i++)
        {
            _parser.Parse(frame, BybitRecordings.ReceiveTime, output);
        }

        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(Frames * recordsPerFrame, output.Count);
        return (bytes, sample);
    }

    /// <summary>Bytes allocated building <see cref="Frames"/> frames' worth of equivalent records by hand: the floor for parsing.</summary>
    private static long MeasureBuilding(Action<List<MarketRecord>> build)
    {
        var kept = new List<MarketRecord>(Frames * 4);
        for (var i = 0; i < 100; i++)
        {
            build(kept);
        }

        kept.Clear();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Frames; i++)
        {
            build(kept);
        }

        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(bytes > 0, "building records must allocate, or the comparison proves nothing");
        return bytes;
    }
}

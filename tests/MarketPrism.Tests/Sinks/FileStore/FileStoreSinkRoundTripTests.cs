using MarketPrism.Core.Model;
using MarketPrism.Sinks.FileStore;
using Microsoft.Extensions.Logging;
using static MarketPrism.Tests.Sinks.FileStore.SampleRecords;

namespace MarketPrism.Tests.Sinks.FileStore;

public sealed class FileStoreSinkRoundTripTests : IDisposable
{
    private readonly StoreHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Theory]
    [InlineData(FileStoreFormat.Parquet)]
    [InlineData(FileStoreFormat.Jsonl)]
    public async Task Every_record_type_reads_back_with_exact_values(FileStoreFormat format)
    {
        var records = EveryType();
        await using (var sink = await _harness.StartSinkAsync(format))
        {
            await sink.WriteAsync(records, CancellationToken.None);
            await sink.FlushAsync(CancellationToken.None);
        }

        foreach (var dataType in WireNames.AllDataTypes)
        {
            var expected = records.Where(r => r.DataType == dataType).ToArray();
            var actual = await _harness.ReadAsync(new StoreFilter { DataType = dataType });
            RecordAssert.Equal(expected, actual);
        }

        Assert.Equal(records.Length, (await _harness.ReadAsync()).Count);
    }

    [Theory]
    [InlineData(FileStoreFormat.Parquet)]
    [InlineData(FileStoreFormat.Jsonl)]
    public async Task Timestamps_keep_microseconds_and_drop_only_the_ticks_below(FileStoreFormat format)
    {
        var trade = Trade(1, time: new DateTime(2024, 3, 9, 1, 2, 3, DateTimeKind.Utc).AddTicks(9_876_543));
        await using (var sink = await _harness.StartSinkAsync(format))
        {
            await sink.WriteAsync([trade], CancellationToken.None);
        }

        var back = Assert.Single(await _harness.ReadAsync());
        Assert.Equal(new DateTime(2024, 3, 9, 1, 2, 3, DateTimeKind.Utc).AddTicks(9_876_540), back.Timestamp);
        Assert.Equal(new DateTime(2024, 3, 9, 1, 2, 3, DateTimeKind.Utc).AddTicks(9_876_543 + 31_420 - 3), back.LocalTimestamp);
    }

    [Theory]
    [InlineData(FileStoreFormat.Parquet)]
    [InlineData(FileStoreFormat.Jsonl)]
    public async Task Recorded_binance_futures_frames_read_back_with_every_level_in_order(FileStoreFormat format)
    {
        var recorded = RecordedBinanceFuturesSession.Records();
        Assert.Equal(764, recorded.Count(r => r is BookDeltaRecord));
        Assert.Equal(91, recorded.Count(r => r is TradeRecord));
        Assert.Equal(613, recorded.Count(r => r is BestBidAskRecord));

        await using (var sink = await _harness.StartSinkAsync(format, options => options.RowGroupSize = 64))
        {
            // Batches of uneven size, as the pipeline hands them over.
            for (var start = 0; start < recorded.Count; start += 37)
            {
                await sink.WriteAsync(recorded.Skip(start).Take(37).ToArray(), CancellationToken.None);
            }
        }

        var read = await _harness.ReadAsync();
        Assert.Equal(recorded.Count, read.Count);
        foreach (var dataType in new[] { DataType.Trade, DataType.BookDelta, DataType.BestBidAsk })
        {
            foreach (var symbol in recorded.Select(r => r.SymbolName).Distinct())
            {
                RecordAssert.Equal(
                    recorded.Where(r => r.DataType == dataType && r.SymbolName == symbol).ToArray(),
                    read.Where(r => r.DataType == dataType && r.SymbolName == symbol).ToArray());
            }
        }
    }

    [Fact]
    public async Task Decimals_parquet_cannot_hold_exactly_are_kept_exact_in_a_jsonl_file_beside_it()
    {
        MarketRecord[] records =
        [
            Trade(1),
            new TradeRecord
            {
                Instrument = BinanceSpot, Timestamp = Time, LocalTimestamp = Time, TradeId = new RecordId(2),
                Price = D("0.0000000000000000001"), Quantity = 1m, Side = Side.Buy,
            },
            new BookDeltaRecord
            {
                Instrument = BinanceSpot, Timestamp = Time, LocalTimestamp = Time, FirstUpdateId = 1, LastUpdateId = 1,
                Bids = [new BookLevel(1m, D("100000000000000000000"))], Asks = [],
            },
            Trade(3),
        ];

        await using (var sink = await _harness.StartSinkAsync(FileStoreFormat.Parquet))
        {
            await sink.WriteAsync(records, CancellationToken.None);
            Assert.Equal(2, sink.Statistics.RecordsDivertedToJsonl);
            Assert.Equal(4, sink.Statistics.RecordsWritten);
        }

        var trades = await _harness.ReadAsync(new StoreFilter { DataType = DataType.Trade });
        Assert.Equal([1L, 3L, 2L], trades.Select(t => ((TradeRecord)t).TradeId.Number));
        Assert.Equal(D("0.0000000000000000001"), ((TradeRecord)trades[2]).Price);
        var delta = (BookDeltaRecord)Assert.Single(await _harness.ReadAsync(new StoreFilter { DataType = DataType.BookDelta }));
        Assert.Equal(D("100000000000000000000"), delta.Bids[0].Size);

        Assert.Contains(_harness.Files(), f => f.StartsWith("binance/spot/trade/date=2024-03-09/trade-", StringComparison.Ordinal) && f.EndsWith(".jsonl", StringComparison.Ordinal));
        Assert.Equal(2, _harness.Log.At(LogLevel.Warning).Count(line => line.Message.Contains("DECIMAL(38,18)", StringComparison.Ordinal)));
    }
}

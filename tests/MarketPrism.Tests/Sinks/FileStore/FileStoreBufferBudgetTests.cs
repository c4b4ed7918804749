using MarketPrism.Core.Configuration;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Sinks.FileStore;
using Parquet;
using static MarketPrism.Tests.Sinks.FileStore.SampleRecords;

namespace MarketPrism.Tests.Sinks.FileStore;

/// <summary>
/// The store's buffer budget (<see cref="FileStoreOptions.BufferBudget"/>, shared equally by the open Parquet files)
/// and the row groups written in the background: early row groups, nothing lost, order kept.
/// </summary>
public sealed class FileStoreBufferBudgetTests : IDisposable
{
    /// <summary>
    /// Memory a buffered snapshot row of <see cref="Snapshot"/> takes: per side 10 levels x 2 decimals x 16 bytes
    /// plus a 4-byte end; 4 strings (8 bytes each), 2 timestamps, 2 longs, a nullable int (8).
    /// </summary>
    private const int SnapshotRowBytes = (2 * ((10 * 2 * 16) + 4)) + (4 * 8) + (2 * 8) + (2 * 8) + 8;

    private readonly StoreHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private static BookSnapshotRecord Snapshot(Instrument instrument, int id) => new()
    {
        Instrument = instrument, Timestamp = Time, LocalTimestamp = Time.AddTicks(id * 10),
        Bids = [.. Enumerable.Range(1, 10).Select(i => new BookLevel(1000m - i - (id * 0.001m), i))],
        Asks = [.. Enumerable.Range(1, 10).Select(i => new BookLevel(1000m + i + (id * 0.001m), i))],
        FirstUpdateId = id, LastUpdateId = id, Depth = 10,
    };

    [Fact]
    public async Task Files_over_their_share_of_the_budget_write_row_groups_early_and_lose_nothing()
    {
        const int budget = 100 * SnapshotRowBytes;
        var spot = Enumerable.Range(0, 200).Select(i => Snapshot(BinanceSpot, i)).ToArray();
        var perpetual = Enumerable.Range(0, 200).Select(i => Snapshot(BinancePerpetual, i)).ToArray();
        FileStoreStatistics statistics;
        await using (var sink = await _harness.StartSinkAsync(configure: options => options.BufferBudget = new ByteSize(budget)))
        {
            statistics = sink.Statistics;
            for (var i = 0; i < 200; i += 10)
            {
                await sink.WriteAsync(spot[i..(i + 10)], CancellationToken.None);
                await sink.WriteAsync(perpetual[i..(i + 10)], CancellationToken.None);
            }
        }

        // Two open files: each has half the budget (50 rows). The row group size (100,000) is never reached, so only
        // the budget can have written these row groups.
        Assert.True(statistics.RowGroupsWrittenEarly >= 3, $"{statistics.RowGroupsWrittenEarly} row groups written early");
        foreach (var file in _harness.Reader().ListFiles())
        {
            await using var reader = await ParquetReader.CreateAsync(file, cancellationToken: CancellationToken.None);
            var rowGroups = Enumerable.Range(0, reader.RowGroupCount).Select(i => reader.OpenRowGroupReader(i).RowCount).ToArray();
            Assert.True(rowGroups.Length >= 2, $"{file}: row groups {string.Join(", ", rowGroups)}");
            Assert.All(rowGroups.SkipLast(1), rows => Assert.Equal(60, rows));
            Assert.Equal(200, rowGroups.Sum());
        }

        var read = await _harness.ReadAsync();
        RecordAssert.Equal(spot, read.Where(r => r.MarketType == MarketType.Spot).ToArray());
        RecordAssert.Equal(perpetual, read.Where(r => r.MarketType == MarketType.Perpetual).ToArray());
    }

    [Fact]
    public async Task A_file_under_its_share_waits_for_its_full_row_group_while_one_over_it_writes_early()
    {
        var books = Enumerable.Range(0, 300).Select(i => Snapshot(BinanceSpot, i)).ToArray();
        var trades = Enumerable.Range(0, 300).Select(i => Trade(i)).ToArray();
        await using (var sink = await _harness.StartSinkAsync(configure: options => options.BufferBudget = new ByteSize(100 * SnapshotRowBytes)))
        {
            for (var i = 0; i < 300; i += 25)
            {
                await sink.WriteAsync([.. books[i..(i + 25)], .. trades[i..(i + 25)]], CancellationToken.None);
            }

            Assert.True(sink.Statistics.RowGroupsWrittenEarly >= 2);
        }

        var files = _harness.Reader().ListFiles().ToArray();
        Assert.Equal(2, files.Length);
        foreach (var file in files)
        {
            await using var reader = await ParquetReader.CreateAsync(file, cancellationToken: CancellationToken.None);
            var rowGroups = Enumerable.Range(0, reader.RowGroupCount).Select(i => reader.OpenRowGroupReader(i).RowCount).ToArray();
            if (reader.CustomMetadata["marketprism.data_type"] == "trade")
            {
                // 300 trade rows take under half the budget (their share): only the books, over theirs every 3 batches, write early.
                Assert.Equal([300L], rowGroups);
            }
            else
            {
                Assert.Equal([75L, 75L, 75L, 75L], rowGroups);
                Assert.Equal(300, rowGroups.Sum());
            }
        }

        var read = await _harness.ReadAsync();
        RecordAssert.Equal(books, read.Where(r => r.DataType == DataType.BookSnapshot).ToArray());
        RecordAssert.Equal(trades, read.Where(r => r.DataType == DataType.Trade).ToArray());
    }

    [Fact]
    public async Task Rows_of_every_type_split_across_small_background_row_groups_read_back_in_order()
    {
        var records = Enumerable.Range(0, 12).SelectMany(_ => EveryType()).ToArray();
        await using (var sink = await _harness.StartSinkAsync(configure: options => options.RowGroupSize = 3))
        {
            foreach (var batch in records.Chunk(7))
            {
                await sink.WriteAsync(batch, CancellationToken.None);
            }
        }

        var read = await _harness.ReadAsync();
        foreach (var group in records.GroupBy(r => (r.DataType, r.ExchangeName, r.MarketType)))
        {
            RecordAssert.Equal(
                group.ToArray(),
                read.Where(r => r.DataType == group.Key.DataType && r.ExchangeName == group.Key.ExchangeName && r.MarketType == group.Key.MarketType).ToArray());
        }
    }

    [Fact]
    public void A_budget_that_is_not_positive_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(
            () => new FileStoreSink(_harness.Options(configure: options => options.BufferBudget = new ByteSize(0)), _harness.Clock, _harness.Log));
        Assert.Contains("buffer_budget", error.Message, StringComparison.Ordinal);
    }
}

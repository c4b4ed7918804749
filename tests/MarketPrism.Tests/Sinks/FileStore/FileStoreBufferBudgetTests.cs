using MarketPrism.Core.Configuration;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Sinks.FileStore;
using Parquet;
using static MarketPrism.Tests.Sinks.FileStore.SampleRecords;

namespace MarketPrism.Tests.Sinks.FileStore;

/// <summary>
/// The store's buffer budget (<see cref="FileStoreOptions.BufferBudget"/>: the largest buffers are written first when
/// it is reached) and the row groups written in the background: row groups that stay large when many partitions share
/// the budget, memory within it, nothing lost, order kept.
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

    private static Instrument Venue(int index) => new($"venue{index:00}", MarketType.Spot, "BTC", "USDT", "BTCUSDT");

    private static async Task<long[]> RowGroupsOfAsync(string file)
    {
        await using var reader = await ParquetReader.CreateAsync(file, cancellationToken: CancellationToken.None);
        return [.. Enumerable.Range(0, reader.RowGroupCount).Select(i => reader.OpenRowGroupReader(i).RowCount)];
    }

    [Fact]
    public async Task A_busy_book_partition_among_many_quiet_ones_writes_row_groups_of_at_least_a_third_of_the_budget()
    {
        // 30 quiet partitions (one trade each per batch) and one busy book partition share 100 book rows of budget.
        // An equal share (the old policy) was 3 book rows, so every batch of 10 books became its own row group.
        const int budget = 100 * SnapshotRowBytes;
        var books = Enumerable.Range(0, 400).Select(i => Snapshot(BinanceSpot, i)).ToArray();
        var trades = new List<MarketRecord>();
        FileStoreStatistics statistics;
        await using (var sink = await _harness.StartSinkAsync(configure: options => options.BufferBudget = new ByteSize(budget)))
        {
            statistics = sink.Statistics;
            for (var batch = 0; batch < 40; batch++)
            {
                var quiet = Enumerable.Range(0, 30).Select(venue => (MarketRecord)Trade(batch, instrument: Venue(venue))).ToArray();
                trades.AddRange(quiet);
                await sink.WriteAsync([.. books[(batch * 10)..((batch + 1) * 10)], .. quiet], CancellationToken.None);

                // The rows waiting for their row groups never take more than the budget after a batch.
                Assert.InRange(statistics.BufferedBytes, 1, budget);
            }
        }

        Assert.True(statistics.RowGroupsWrittenEarly >= 4, $"{statistics.RowGroupsWrittenEarly} row groups written early");
        var bookFiles = _harness.Reader().ListFiles(new StoreFilter { DataType = DataType.BookSnapshot });
        var bookGroups = await RowGroupsOfAsync(Assert.Single(bookFiles));
        Assert.True(bookGroups.Length >= 4, $"book row groups {string.Join(", ", bookGroups)}");
        Assert.All(bookGroups.SkipLast(1), rows => Assert.InRange(rows, 34, 100));
        Assert.Equal(400, bookGroups.Sum());

        var read = await _harness.ReadAsync();
        RecordAssert.Equal(books, read.Where(r => r.DataType == DataType.BookSnapshot).ToArray());
        foreach (var venue in Enumerable.Range(0, 30).Select(Venue))
        {
            RecordAssert.Equal(
                trades.Where(r => r.ExchangeName == venue.Exchange).ToArray(),
                read.Where(r => r.DataType == DataType.Trade && r.ExchangeName == venue.Exchange).ToArray());
        }
    }

    [Fact]
    public async Task Quiet_partitions_keep_their_rows_for_one_row_group_while_the_busy_one_writes_early()
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
            var rowGroups = await RowGroupsOfAsync(file);
            if (reader.CustomMetadata["marketprism.data_type"] == "trade")
            {
                // The trades are never the largest buffer: they wait for the file to close and make one row group.
                Assert.Equal([300L], rowGroups);
            }
            else
            {
                // Over the budget at 100 books and 100 trades (72,000 + 10,500 bytes): the books, largest, are written,
                // which leaves less than half of it. Then at 75 books twice (the trades' rows count), and the rest at close.
                Assert.Equal([100L, 75L, 75L, 50L], rowGroups);
            }
        }

        var read = await _harness.ReadAsync();
        RecordAssert.Equal(books, read.Where(r => r.DataType == DataType.BookSnapshot).ToArray());
        RecordAssert.Equal(trades, read.Where(r => r.DataType == DataType.Trade).ToArray());
    }

    [Fact]
    public async Task Buffers_that_partitions_grew_in_turn_are_shrunk_so_the_store_holds_at_most_a_few_budgets()
    {
        // Ten partitions are busy one after the other, each growing its buffers past the budget's half. Buffers are
        // reused, never re-grown, so without shrinking the store would keep ten partitions' worth of large arrays.
        const int budget = 200 * SnapshotRowBytes;
        var written = new List<MarketRecord>();
        long largest = 0;
        await using (var sink = await _harness.StartSinkAsync(configure: options => options.BufferBudget = new ByteSize(budget)))
        {
            for (var venue = 0; venue < 10; venue++)
            {
                for (var batch = 0; batch < 25; batch++)
                {
                    var books = Enumerable.Range(batch * 10, 10).Select(i => Snapshot(Venue(venue), i)).ToArray();
                    written.AddRange(books);
                    await sink.WriteAsync(books, CancellationToken.None);
                    Assert.InRange(sink.Statistics.BufferedBytes, 0, budget);
                    largest = Math.Max(largest, sink.Statistics.BufferCapacityBytes);
                }
            }
        }

        // Four budgets, plus the row groups being written while they are measured (not shrunk mid-write). Ten
        // partitions' sets of 256 rows would be over 3.6 MB.
        Assert.InRange(largest, 1, 6L * budget);
        var read = await _harness.ReadAsync();
        Assert.Equal(written.Count, read.Count);
        foreach (var venue in Enumerable.Range(0, 10).Select(Venue))
        {
            RecordAssert.Equal(
                written.Where(r => r.ExchangeName == venue.Exchange).ToArray(),
                read.Where(r => r.ExchangeName == venue.Exchange).ToArray());
        }
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
            () => new FileStoreSink(_harness.Options(configure: options => options.BufferBudget = new ByteSize(0)), _harness.Clock, _harness.Log.For<FileStoreSink>()));
        Assert.Contains("buffer_budget", error.Message, StringComparison.Ordinal);
    }
}

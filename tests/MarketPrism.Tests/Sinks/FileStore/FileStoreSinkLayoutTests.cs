using MarketPrism.Core.Configuration;
using MarketPrism.Core.Model;
using MarketPrism.Sinks.FileStore;
using Parquet;
using static MarketPrism.Tests.Sinks.FileStore.SampleRecords;

namespace MarketPrism.Tests.Sinks.FileStore;

/// <summary>Where records go: partitions, file names, rolling, flushing.</summary>
public sealed class FileStoreSinkLayoutTests : IDisposable
{
    private static readonly DateTime Day1 = new(2024, 3, 9, 23, 59, 59, 900, DateTimeKind.Utc);
    private static readonly DateTime Day2 = new(2024, 3, 10, 0, 0, 0, 100, DateTimeKind.Utc);

    private readonly StoreHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Records_are_partitioned_by_exchange_market_type_data_type_and_utc_date()
    {
        await using (var sink = await _harness.StartSinkAsync())
        {
            await sink.WriteAsync(
                [Trade(1, Day1), Trade(2, Day2), Trade(3, Day1, OkxPerpetual), EveryType()[2], Trade(4, Day1, BinancePerpetual)],
                CancellationToken.None);
        }

        Assert.Equal(
            [
                "binance/perpetual/trade/date=2024-03-09/trade-20240309T120000000Z-000000.parquet",
                "binance/spot/book_delta/date=2024-03-09/book_delta-20240309T120000000Z-000000.parquet",
                "binance/spot/trade/date=2024-03-09/trade-20240309T120000000Z-000000.parquet",
                "binance/spot/trade/date=2024-03-10/trade-20240309T120000000Z-000000.parquet",
                "okx/perpetual/trade/date=2024-03-09/trade-20240309T120000000Z-000000.parquet",
            ],
            _harness.Files());
        Assert.Equal([4L, 1L], Ids(await _harness.ReadAsync(new StoreFilter { Exchange = "binance", DataType = DataType.Trade, To = new DateOnly(2024, 3, 9) })));
        Assert.Equal([2L], Ids(await _harness.ReadAsync(new StoreFilter { From = new DateOnly(2024, 3, 10) })));
        Assert.Equal([3L], Ids(await _harness.ReadAsync(new StoreFilter { Exchange = "okx" })));
    }

    [Theory]
    [InlineData(FileStoreFormat.Parquet, ".parquet")]
    [InlineData(FileStoreFormat.Jsonl, ".jsonl")]
    public async Task File_names_sort_in_open_order_and_never_collide_across_restarts(FileStoreFormat format, string extension)
    {
        // The clock stands still (or a restarted process reads the same millisecond): names must still differ.
        for (var run = 0; run < 3; run++)
        {
            await using var sink = await _harness.StartSinkAsync(format);
            await sink.WriteAsync([Trade(run)], CancellationToken.None);
            await sink.FlushAsync(CancellationToken.None);
            await sink.WriteAsync([Trade(10 + run)], CancellationToken.None);
        }

        _harness.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await using (var sink = await _harness.StartSinkAsync(format))
        {
            await sink.WriteAsync([Trade(99)], CancellationToken.None);
        }

        var directory = "binance/spot/trade/date=2024-03-09/";
        Assert.Equal(
            [
                directory + "trade-20240309T120000000Z-000000" + extension,
                directory + "trade-20240309T120000000Z-000001" + extension,
                directory + "trade-20240309T120000000Z-000002" + extension,
                directory + "trade-20240309T120000000Z-000003" + extension,
                directory + "trade-20240309T120000000Z-000004" + extension,
                directory + "trade-20240309T120000000Z-000005" + extension,
                directory + "trade-20240309T120000001Z-000000" + extension,
            ],
            _harness.Files());
        Assert.Equal([0L, 10L, 1L, 11L, 2L, 12L, 99L], Ids(await _harness.ReadAsync()));
    }

    [Fact]
    public async Task A_file_rolls_once_it_has_been_open_for_the_roll_interval()
    {
        await using (var sink = await _harness.StartSinkAsync(configure: options => options.RollInterval = TimeSpan.FromMinutes(1)))
        {
            await sink.WriteAsync([Trade(1)], CancellationToken.None);
            _harness.Clock.Advance(TimeSpan.FromSeconds(59));
            await sink.WriteAsync([Trade(2)], CancellationToken.None);
            Assert.Single(_harness.Files(), f => f.EndsWith(".parquet.tmp", StringComparison.Ordinal));

            _harness.Clock.Advance(TimeSpan.FromSeconds(1));
            await sink.WriteAsync([Trade(3)], CancellationToken.None);

            // The first file is complete and readable before any flush.
            var first = Assert.Single(_harness.Reader().ListFiles());
            Assert.EndsWith("trade-20240309T120000000Z-000000.parquet", first, StringComparison.Ordinal);
            Assert.Equal([1L, 2L], Ids(await _harness.ReadAsync()));
        }

        Assert.Equal(
            ["trade-20240309T120000000Z-000000.parquet", "trade-20240309T120100000Z-000000.parquet"],
            _harness.Files().Select(Path.GetFileName));
        Assert.Equal([1L, 2L, 3L], Ids(await _harness.ReadAsync()));
    }

    [Theory]
    [InlineData(FileStoreFormat.Parquet)]
    [InlineData(FileStoreFormat.Jsonl)]
    public async Task A_file_rolls_at_about_the_roll_size(FileStoreFormat format)
    {
        const int rollBytes = 16 * 1024;
        var trades = Enumerable.Range(0, 2000).Select(i => Trade(i, Time.AddMilliseconds(i))).ToArray();
        await using (var sink = await _harness.StartSinkAsync(format, options =>
        {
            options.RollSize = new ByteSize(rollBytes);
            options.RowGroupSize = 100;
        }))
        {
            foreach (var batch in trades.Chunk(50))
            {
                await sink.WriteAsync(batch, CancellationToken.None);
            }
        }

        var files = _harness.Reader().ListFiles();
        Assert.InRange(files.Count, 3, 200);
        foreach (var file in files.SkipLast(1))
        {
            // "About": a file closes after the batch that reached the size.
            Assert.InRange(new FileInfo(file).Length, rollBytes / 2, rollBytes * 2);
        }

        RecordAssert.Equal(trades, await _harness.ReadAsync());
    }

    [Fact]
    public async Task A_new_date_closes_the_previous_dates_file_after_the_delay_for_late_records()
    {
        await using (var sink = await _harness.StartSinkAsync(configure: options => options.DateRollDelay = TimeSpan.FromSeconds(30)))
        {
            await sink.WriteAsync([Trade(1, Day1), Trade(2, Day2)], CancellationToken.None);
            _harness.Clock.Advance(TimeSpan.FromSeconds(29));
            await sink.WriteAsync([Trade(3, Day1), Trade(4, Day2)], CancellationToken.None);
            Assert.Empty(_harness.Reader().ListFiles());

            _harness.Clock.Advance(TimeSpan.FromSeconds(1));
            await sink.WriteAsync([Trade(5, Day2)], CancellationToken.None);
            var closed = Assert.Single(_harness.Reader().ListFiles());
            Assert.Contains("date=2024-03-09", closed, StringComparison.Ordinal);
            Assert.Equal([1L, 3L], Ids(await _harness.ReadAsync()));

            // Later still: a straggler opens a new file in its own date's directory.
            await sink.WriteAsync([Trade(6, Day1)], CancellationToken.None);
        }

        Assert.Equal(
            [
                "binance/spot/trade/date=2024-03-09/trade-20240309T120000000Z-000000.parquet",
                "binance/spot/trade/date=2024-03-09/trade-20240309T120030000Z-000000.parquet",
                "binance/spot/trade/date=2024-03-10/trade-20240309T120000000Z-000000.parquet",
            ],
            _harness.Files());
        Assert.Equal([1L, 3L, 6L, 2L, 4L, 5L], Ids(await _harness.ReadAsync()));
    }

    [Theory]
    [InlineData(FileStoreFormat.Parquet)]
    [InlineData(FileStoreFormat.Jsonl)]
    public async Task Flush_completes_every_file_and_later_writes_go_to_new_files(FileStoreFormat format)
    {
        await using var sink = await _harness.StartSinkAsync(format);
        await sink.WriteAsync([Trade(1), Trade(2), EveryType()[5]], CancellationToken.None);
        await sink.FlushAsync(CancellationToken.None);

        Assert.All(_harness.Files(), file => Assert.True(file.EndsWith(".parquet", StringComparison.Ordinal) || file.EndsWith(".jsonl", StringComparison.Ordinal)));
        Assert.DoesNotContain(_harness.Files(), file => file.Contains(".journal.", StringComparison.Ordinal));
        Assert.Equal(3, (await _harness.ReadAsync()).Count);
        Assert.Equal(2, sink.Statistics.FilesCompleted);

        await sink.WriteAsync([Trade(3)], CancellationToken.None);
        await sink.FlushAsync(CancellationToken.None);
        await sink.FlushAsync(CancellationToken.None);

        Assert.Equal(2, _harness.Reader().ListFiles(new StoreFilter { DataType = DataType.Trade }).Count);
        Assert.Equal([1L, 2L, 3L], Ids(await _harness.ReadAsync(new StoreFilter { DataType = DataType.Trade })));
        Assert.Equal(4, sink.Statistics.RecordsWritten);
    }

    [Fact]
    public async Task A_parquet_file_rolls_once_it_holds_max_row_groups_row_groups()
    {
        var trades = Enumerable.Range(0, 100).Select(i => Trade(i, Time.AddMilliseconds(i))).ToArray();
        await using (var sink = await _harness.StartSinkAsync(configure: options =>
        {
            options.RowGroupSize = 10;
            options.MaxRowGroups = 3;
        }))
        {
            foreach (var batch in trades.Chunk(10))
            {
                await sink.WriteAsync(batch, CancellationToken.None);
            }
        }

        // 10 row groups of 10 rows: files of 3, 3, 3 and the last 1.
        var groups = new List<int>();
        foreach (var file in _harness.Reader().ListFiles())
        {
            await using var reader = await ParquetReader.CreateAsync(file, cancellationToken: CancellationToken.None);
            groups.Add(reader.RowGroupCount);
        }

        Assert.Equal([3, 3, 3, 1], groups);
        RecordAssert.Equal(trades, await _harness.ReadAsync());
    }

    [Fact]
    public async Task Rows_are_written_in_row_groups_of_the_configured_size()
    {
        await using (var sink = await _harness.StartSinkAsync(configure: options => options.RowGroupSize = 10))
        {
            await sink.WriteAsync(Enumerable.Range(0, 23).Select(i => Trade(i)).ToArray(), CancellationToken.None);
            await sink.WriteAsync(Enumerable.Range(23, 4).Select(i => Trade(i)).ToArray(), CancellationToken.None);
        }

        var file = Assert.Single(_harness.Reader().ListFiles());
        await using var reader = await ParquetReader.CreateAsync(file, cancellationToken: CancellationToken.None);
        Assert.Equal([10L, 10L, 7L], Enumerable.Range(0, reader.RowGroupCount).Select(i => reader.OpenRowGroupReader(i).RowCount));
        Assert.Equal("trade", reader.CustomMetadata["marketprism.data_type"]);
        Assert.Equal(Enumerable.Range(0, 27).Select(i => (long)i), Ids(await _harness.ReadAsync()));
    }

    [Fact]
    public async Task Wide_book_rows_are_written_early_so_buffers_stay_within_their_memory_bound()
    {
        var levels = Enumerable.Range(1, 1000).Select(i => new BookLevel(i, i)).ToArray();
        var snapshots = Enumerable.Range(0, 600).Select(i => new BookSnapshotRecord
        {
            Instrument = BinanceSpot, Timestamp = Time, LocalTimestamp = Time, Bids = levels, Asks = levels,
            FirstUpdateId = i, LastUpdateId = i, Depth = 1000,
        }).ToArray();

        await using (var sink = await _harness.StartSinkAsync(configure: options => options.BufferBudget = ByteSize.FromMegabytes(32)))
        {
            foreach (var batch in snapshots.Chunk(10))
            {
                await sink.WriteAsync(batch, CancellationToken.None);
            }
        }

        // 1000 levels a side take 64,000 bytes a row: the only open file's share, all of the 32 MiB budget, is passed at row 524 (530 after its batch).
        await using var reader = await ParquetReader.CreateAsync(Assert.Single(_harness.Reader().ListFiles()), cancellationToken: CancellationToken.None);
        Assert.Equal([530L, 70L], Enumerable.Range(0, reader.RowGroupCount).Select(i => reader.OpenRowGroupReader(i).RowCount));
    }

    [Fact]
    public async Task The_parquet_schema_names_columns_like_the_record_fields()
    {
        await using (var sink = await _harness.StartSinkAsync())
        {
            await sink.WriteAsync(EveryType(), CancellationToken.None);
        }

        var columns = new Dictionary<string, string>();
        foreach (var file in _harness.Reader().ListFiles())
        {
            await using var reader = await ParquetReader.CreateAsync(file, cancellationToken: CancellationToken.None);
            columns[reader.CustomMetadata["marketprism.data_type"]] = string.Join(",", reader.Schema.Fields.Select(f => f.Name));
        }

        const string common = "exchange_name,market_type,symbol_name,exchange_symbol,timestamp,local_timestamp,";
        Assert.Equal(common + "trade_id,price,quantity,side,transaction_hash", columns["trade"]);
        Assert.Equal(common + "bids,asks,first_update_id,last_update_id,depth", columns["book_delta"]);
        Assert.Equal(common + "bids,asks,first_update_id,last_update_id,depth", columns["book_snapshot"]);
        Assert.Equal(common + "bid_price,bid_size,ask_price,ask_size,update_id", columns["best_bid_ask"]);
        Assert.Equal(common + "funding_rate,estimated_rate,next_funding_time,mark_price,index_price,premium_index", columns["funding_rate"]);
        Assert.Equal(common + "open_interest,open_interest_value", columns["open_interest"]);
        Assert.Equal(common + "liquidation_id,side,price,quantity,leverage,instrument_type", columns["liquidation"]);
        Assert.Equal(common + "mark_price,index_price", columns["mark_price"]);
    }

    [Fact]
    public async Task Columns_use_dictionary_strings_microsecond_utc_timestamps_and_decimal_38_18()
    {
        await using (var sink = await _harness.StartSinkAsync())
        {
            await sink.WriteAsync(Enumerable.Range(0, 100).Select(i => Trade(i)).ToArray(), CancellationToken.None);
        }

        await using var reader = await ParquetReader.CreateAsync(Assert.Single(_harness.Reader().ListFiles()), cancellationToken: CancellationToken.None);
        var fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name);
        using var rowGroup = reader.OpenRowGroupReader(0);
        foreach (var name in new[] { "exchange_name", "market_type", "symbol_name", "exchange_symbol", "side" })
        {
            Assert.Contains(Parquet.Meta.Encoding.PLAIN_DICTIONARY, rowGroup.GetMetadata(fields[name])!.MetaData!.Encodings);
        }

        foreach (var name in new[] { "timestamp", "local_timestamp" })
        {
            var timestamp = Assert.IsType<Parquet.Schema.DateTimeDataField>(fields[name]);
            Assert.Equal(Parquet.Schema.DateTimeTimeUnit.Micros, timestamp.Unit);
            Assert.True(timestamp.IsAdjustedToUTC);
            Assert.Equal(Parquet.Meta.Type.INT64, timestamp.SchemaElement!.Type);
        }

        foreach (var name in new[] { "price", "quantity" })
        {
            var number = Assert.IsType<Parquet.Schema.DecimalDataField>(fields[name]);
            Assert.Equal((38, 18), (number.Precision, number.Scale));
        }

        Assert.False(fields["price"].IsNullable);
        Assert.False(fields["trade_id"].IsNullable);
    }

    [Fact]
    public async Task Dispose_completes_open_files_and_a_second_dispose_does_nothing()
    {
        var sink = await _harness.StartSinkAsync();
        await sink.WriteAsync([Trade(1)], CancellationToken.None);
        await sink.DisposeAsync();
        await sink.DisposeAsync();

        Assert.Equal([1L], Ids(await _harness.ReadAsync()));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await sink.WriteAsync([Trade(2)], CancellationToken.None));
    }

    [Fact]
    public async Task A_quiet_market_s_file_is_closed_on_time_by_an_empty_batch()
    {
        await using var sink = await _harness.StartSinkAsync(configure: options => options.RollInterval = TimeSpan.FromMinutes(1));
        await sink.WriteAsync([Trade(1)], CancellationToken.None);
        _harness.Clock.Advance(TimeSpan.FromMinutes(1));

        await sink.WriteAsync([], CancellationToken.None);

        Assert.Single(_harness.Reader().ListFiles());
        Assert.DoesNotContain(_harness.Files(), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_sinks_cannot_share_a_store_directory()
    {
        await using var first = await _harness.StartSinkAsync();
        await first.WriteAsync([Trade(1)], CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _harness.StartSinkAsync());
        Assert.Contains("in use by another file store", error.Message, StringComparison.Ordinal);

        // The second sink did not take the first one's open file for a crash's leftover.
        Assert.Contains(_harness.Files(), f => f.EndsWith(".parquet.tmp", StringComparison.Ordinal));
        await first.FlushAsync(CancellationToken.None);
        Assert.Single(await _harness.ReadAsync());
    }

    [Fact]
    public async Task Writing_before_start_is_refused()
    {
        await using var sink = new FileStoreSink(_harness.Options(), _harness.Clock, _harness.Log.For<FileStoreSink>());
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await sink.WriteAsync([Trade(1)], CancellationToken.None));
    }

    [Fact]
    public void Options_that_cannot_work_are_refused_with_the_setting_named()
    {
        var error = Assert.Throws<ArgumentException>(
            () => new FileStoreSink(_harness.Options(configure: options => options.RowGroupSize = 0), _harness.Clock, _harness.Log.For<FileStoreSink>()));
        Assert.Contains("row_group_size", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(
            () => new FileStoreSink(_harness.Options(configure: options => options.MaxRowGroups = 0), _harness.Clock, _harness.Log.For<FileStoreSink>()));
        Assert.Contains("max_row_groups", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FileStoreFormat.Parquet)]
    [InlineData(FileStoreFormat.Jsonl)]
    public async Task A_batch_that_throws_leaves_nothing_behind_and_can_be_retried(FileStoreFormat format)
    {
        var sink = await _harness.StartSinkAsync(format);
        await sink.WriteAsync([Trade(1)], CancellationToken.None);

        // One bad element: nothing of the batch may stay, not even in a partition it opened.
        MarketRecord[] bad = [Trade(2), Trade(3, Day2), null!];
        await Assert.ThrowsAsync<ArgumentException>(async () => await sink.WriteAsync(bad, CancellationToken.None));
        Assert.DoesNotContain(_harness.Files(), f => f.Contains("date=2024-03-10", StringComparison.Ordinal));

        await sink.WriteAsync([Trade(2), Trade(3, Day2)], CancellationToken.None);
        Assert.Equal(3, sink.Statistics.RecordsWritten);

        // Even the journal (what a crash would recover) holds each record once.
        sink.SimulateCrash();
        await using (var recovered = await _harness.StartSinkAsync(format))
        {
            Assert.Equal(3, recovered.Recovery.RecoveredRows);
        }

        Assert.Equal([1L, 2L, 3L], Ids(await _harness.ReadAsync()));
    }

    private static IEnumerable<long> Ids(IEnumerable<MarketRecord> records) => records.Select(r => ((TradeRecord)r).TradeId.Number);
}

using System.Globalization;
using MarketPrism.Collector.Cli;
using MarketPrism.Core.Model;
using MarketPrism.Sinks.FileStore;
using MarketPrism.Tests.Sinks.FileStore;
using static MarketPrism.Tests.Sinks.FileStore.SampleRecords;

namespace MarketPrism.Tests.Collector.Cli;

/// <summary><c>inspect-store</c> on a store written by the real file store: Parquet and jsonl files of two data types.</summary>
public sealed class InspectStoreCommandTests : IDisposable
{
    private readonly StoreHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private static BookSnapshotRecord Snapshot(int id) => new()
    {
        Instrument = BinanceSpot, Timestamp = Time, LocalTimestamp = Time.AddTicks(id),
        Bids = [new BookLevel(100m - id, 1m), new BookLevel(99m - id, 2m)], Asks = [new BookLevel(101m + id, 1m)],
        FirstUpdateId = id, LastUpdateId = id, Depth = 2,
    };

    private static async Task<(int ExitCode, string[][] Rows, string Output, string Errors)> RunAsync(string path, string? exchange = null, string? market = null)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exitCode = await InspectStoreCommand.RunAsync(path, exchange, market, output, errors, CancellationToken.None);
        var rows = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Skip(2)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToArray();
        return (exitCode, rows, output.ToString(), errors.ToString());
    }

    private long BytesOf(string dataType, string extension) =>
        _harness.Files().Where(f => f.Contains($"/{dataType}/", StringComparison.Ordinal) && f.EndsWith(extension, StringComparison.Ordinal))
            .Sum(f => new FileInfo(_harness.PathOf(f)).Length);

    [Fact]
    public async Task It_lists_files_row_groups_rows_and_bytes_per_row_of_each_data_type_and_format()
    {
        await using (var sink = await _harness.StartSinkAsync(configure: options => options.RowGroupSize = 3))
        {
            await sink.WriteAsync([.. Enumerable.Range(0, 10).Select(i => Trade(i)), .. Enumerable.Range(0, 5).Select(Snapshot)], CancellationToken.None);
        }

        await using (var sink = await _harness.StartSinkAsync(FileStoreFormat.Jsonl))
        {
            await sink.WriteAsync([.. Enumerable.Range(10, 4).Select(i => Trade(i))], CancellationToken.None);
        }

        var (exitCode, rows, output, errors) = await RunAsync(_harness.Root);

        Assert.Equal(0, exitCode);
        Assert.Equal("", errors);
        Assert.Contains(_harness.Root, output, StringComparison.Ordinal);
        Assert.Equal(4, rows.Length);

        // book_snapshot: one Parquet file of 5 rows in row groups of 3 and 2.
        var bookBytes = BytesOf("book_snapshot", ".parquet");
        Assert.Equal(
            ["book_snapshot", "parquet", "1", "2", "5", "2.5", "2", "3", bookBytes.ToString(CultureInfo.InvariantCulture), (bookBytes / 5.0).ToString("F1", CultureInfo.InvariantCulture)],
            rows[0]);

        // trade: the jsonl file has lines, no row groups; the Parquet file 10 rows in row groups of 3, 3, 3 and 1.
        var lineBytes = BytesOf("trade", ".jsonl");
        Assert.Equal(
            ["trade", "jsonl", "1", "0", "4", "-", "-", "-", lineBytes.ToString(CultureInfo.InvariantCulture), (lineBytes / 4.0).ToString("F1", CultureInfo.InvariantCulture)],
            rows[1]);
        var tradeBytes = BytesOf("trade", ".parquet");
        Assert.Equal(
            ["trade", "parquet", "1", "4", "10", "2.5", "1", "3", tradeBytes.ToString(CultureInfo.InvariantCulture), (tradeBytes / 10.0).ToString("F1", CultureInfo.InvariantCulture)],
            rows[2]);

        var allBytes = bookBytes + tradeBytes + lineBytes;
        Assert.Equal(
            ["total", "all", "3", "6", "19", "2.5", "1", "3", allBytes.ToString(CultureInfo.InvariantCulture), (allBytes / 19.0).ToString("F1", CultureInfo.InvariantCulture)],
            rows[3]);

        // The same figures through the API.
        var inspection = await StoreInspection.InspectAsync(_harness.Root, new StoreFilter { DataType = DataType.Trade }, CancellationToken.None);
        var parquet = Assert.Single(inspection.Entries, entry => entry.Format == "parquet");
        Assert.Equal((4L, 10L, 1L, 3L, tradeBytes), (parquet.RowGroups, parquet.Rows, parquet.SmallestRowGroup, parquet.LargestRowGroup, parquet.Bytes));
    }

    [Fact]
    public async Task It_reads_only_complete_files_and_filters_by_exchange_and_market()
    {
        await using (var sink = await _harness.StartSinkAsync())
        {
            await sink.WriteAsync([Trade(1), Trade(2, instrument: OkxPerpetual)], CancellationToken.None);
            await sink.FlushAsync(CancellationToken.None);

            // Written after the flush: an open file (temporary name and journal) that is not counted.
            await sink.WriteAsync([Trade(3)], CancellationToken.None);
            var (_, open, _, _) = await RunAsync(_harness.Root);
            Assert.Equal(["trade", "parquet", "2", "2", "2"], open.Single()[..5]);

            var (exitCode, okx, _, _) = await RunAsync(_harness.Root, exchange: "okx", market: "perpetual");
            Assert.Equal(0, exitCode);
            Assert.Equal(["trade", "parquet", "1", "1", "1"], okx.Single()[..5]);
        }
    }

    [Fact]
    public async Task A_missing_directory_or_an_unknown_market_is_a_clear_error_and_an_unreadable_file_names_itself()
    {
        var missing = Path.Combine(_harness.Root, "nowhere");
        var (exitCode, _, _, errors) = await RunAsync(missing);
        Assert.Equal(2, exitCode);
        Assert.Contains($"no store directory at {missing}", errors, StringComparison.Ordinal);

        (exitCode, _, _, errors) = await RunAsync(_harness.Root, market: "moon");
        Assert.Equal(2, exitCode);
        Assert.Contains("unknown market 'moon'", errors, StringComparison.Ordinal);

        var broken = _harness.PathOf("binance/spot/trade/date=2024-03-09/trade-20240309T000000000Z-0.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(broken)!);
        await File.WriteAllTextAsync(broken, "not parquet", CancellationToken.None);
        (exitCode, _, _, errors) = await RunAsync(_harness.Root);
        Assert.Equal(1, exitCode);
        Assert.Contains(broken, errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
    }
}

using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Sinks.FileStore;
using static MarketPrism.Tests.Sinks.FileStore.SampleRecords;

namespace MarketPrism.Tests.Sinks.FileStore;

public sealed class StoreReaderTests : IDisposable
{
    private readonly StoreHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Only_complete_files_are_read_never_temporary_files_journals_or_quarantine()
    {
        await using (var sink = await _harness.StartSinkAsync())
        {
            await sink.WriteAsync([Trade(1)], CancellationToken.None);
        }

        // What a killed sink leaves, before a new sink recovers it: readable content under names readers must skip.
        const string directory = "binance/spot/trade/date=2024-03-09/";
        var final = _harness.PathOf(directory + "trade-20240309T120000000Z-000000.parquet");
        var line = RecordJsonWriter.ToUtf8Bytes(Trade(2)).Append((byte)'\n').ToArray();
        File.Copy(final, _harness.PathOf(directory + "trade-20240309T120000000Z-000001.parquet.tmp"));
        await File.WriteAllBytesAsync(_harness.PathOf(directory + "trade-20240309T120000000Z-000001.journal.jsonl"), line, CancellationToken.None);
        await File.WriteAllBytesAsync(_harness.PathOf(directory + "trade-20240309T120000000Z-000002.jsonl.tmp"), line, CancellationToken.None);
        Directory.CreateDirectory(_harness.PathOf("_quarantine/" + directory));
        File.Copy(final, _harness.PathOf("_quarantine/" + directory + "trade-20240101T000000000Z-000000.parquet"));

        var reader = _harness.Reader();

        Assert.Equal([_harness.PathOf("binance/spot/trade/date=2024-03-09/trade-20240309T120000000Z-000000.parquet")], reader.ListFiles());
        var trade = (TradeRecord)Assert.Single(await reader.ReadAllAsync(cancellationToken: CancellationToken.None));
        Assert.Equal(1, trade.TradeId.Number);
    }

    [Fact]
    public async Task Filters_select_by_exchange_market_type_data_type_and_date_range()
    {
        var day2 = Time.AddDays(1);
        var day3 = Time.AddDays(2);
        await using (var sink = await _harness.StartSinkAsync())
        {
            await sink.WriteAsync(
                [Trade(1), Trade(2, day2), Trade(3, day3), Trade(4, instrument: OkxPerpetual), Trade(5, instrument: BinancePerpetual), .. EveryType()[2..3]],
                CancellationToken.None);
        }

        var reader = _harness.Reader();
        Assert.Equal(6, reader.ListFiles().Count);
        Assert.Equal(5, reader.ListFiles(new StoreFilter { Exchange = "binance" }).Count);
        Assert.Equal(2, reader.ListFiles(new StoreFilter { MarketType = MarketType.Perpetual }).Count);
        Assert.Single(reader.ListFiles(new StoreFilter { DataType = DataType.BookDelta }));
        var spotTrades = new StoreFilter { Exchange = "binance", MarketType = MarketType.Spot, DataType = DataType.Trade };
        Assert.Equal(new long[] { 1, 2, 3 }, await IdsAsync(reader, spotTrades));
        Assert.Equal(new long[] { 2 }, await IdsAsync(reader, spotTrades with { From = DateOnly.FromDateTime(day2), To = DateOnly.FromDateTime(day2) }));
        Assert.Equal(new long[] { 2, 3 }, await IdsAsync(reader, spotTrades with { From = DateOnly.FromDateTime(day2) }));
    }

    [Fact]
    public async Task A_missing_directory_holds_no_records()
    {
        var reader = new StoreReader(Path.Combine(_harness.Root, "nothing-here"));
        Assert.Empty(reader.ListFiles());
        Assert.Empty(await reader.ReadAllAsync(cancellationToken: CancellationToken.None));
    }

    [Fact]
    public async Task An_unreadable_jsonl_line_is_reported_with_file_and_line()
    {
        var path = _harness.PathOf("binance/spot/trade/date=2024-03-09/trade-20240309T120000000Z-000000.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "\n{\"data_type\":\"trade\"}\n", CancellationToken.None);

        var error = await Assert.ThrowsAsync<FormatException>(() => _harness.ReadAsync());
        Assert.Contains(path + ", line 2", error.Message, StringComparison.Ordinal);
    }

    private static async Task<long[]> IdsAsync(StoreReader reader, StoreFilter filter) =>
        (await reader.ReadAllAsync(filter, CancellationToken.None)).Select(r => ((TradeRecord)r).TradeId.Number).ToArray();
}

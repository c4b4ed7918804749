using System.Text;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Sinks.FileStore;
using Microsoft.Extensions.Logging;
using static MarketPrism.Tests.Sinks.FileStore.SampleRecords;

namespace MarketPrism.Tests.Sinks.FileStore;

/// <summary>A sink killed mid-write (no flush, no dispose, no footers), then a new sink started on its directory.</summary>
public sealed class FileStoreRecoveryTests : IDisposable
{
    private const string TradeDirectory = "binance/spot/trade/date=2024-03-09/";
    private const string FirstFile = TradeDirectory + "trade-20240309T120000000Z-000000";

    private readonly StoreHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Every_accepted_row_of_a_killed_parquet_sink_is_recovered_once_into_readable_files()
    {
        var trades = Enumerable.Range(0, 15).Select(i => Trade(i, Time.AddMilliseconds(i))).ToArray();
        var others = EveryType().Where(r => r is not TradeRecord).ToArray();
        await KillAfterWritingAsync(FileStoreFormat.Parquet, trades.Chunk(5).Append(others), options => options.RowGroupSize = 4);

        // Row groups of the killed file were on disk already; the journal still holds every row.
        Assert.Contains(FirstFile + ".parquet.tmp", _harness.Files());
        Assert.Contains(FirstFile + ".journal.jsonl", _harness.Files());

        await using var sink = await _harness.StartSinkAsync();

        Assert.Equal(trades.Length + others.Length, sink.Recovery.RecoveredRows);
        Assert.Equal(8, sink.Recovery.RecoveredFiles.Count);
        Assert.Empty(sink.Recovery.QuarantinedFiles);
        Assert.Contains(_harness.PathOf(FirstFile + ".recovered.parquet"), sink.Recovery.RecoveredFiles);
        Assert.DoesNotContain(_harness.Files(), f => f.EndsWith(".tmp", StringComparison.Ordinal) || f.EndsWith(".journal.jsonl", StringComparison.Ordinal));

        RecordAssert.Equal(trades, await _harness.ReadAsync(new StoreFilter { DataType = DataType.Trade }));
        foreach (var dataType in others.Select(r => r.DataType).Distinct())
        {
            RecordAssert.Equal(others.Where(r => r.DataType == dataType).ToArray(), await _harness.ReadAsync(new StoreFilter { DataType = dataType }));
        }

        var line = Assert.Single(_harness.Log.At(LogLevel.Warning), l => l.Message.Contains(FirstFile.Replace('/', Path.DirectorySeparatorChar) + ".recovered.parquet", StringComparison.Ordinal));
        Assert.Contains("with 15 row(s)", line.Message, StringComparison.Ordinal);
        Assert.Contains(_harness.Log.At(LogLevel.Information), l => l.Message.Contains("8 file(s) with 28 row(s) recovered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_parquet_file_without_journal_is_moved_to_quarantine_never_deleted()
    {
        await KillAfterWritingAsync(FileStoreFormat.Parquet, [[Trade(1), Trade(2)]], options =>
        {
            options.Journal = false;
            options.RowGroupSize = 1;
        });
        var bytes = await File.ReadAllBytesAsync(_harness.PathOf(FirstFile + ".parquet.tmp"), CancellationToken.None);

        await using var sink = await _harness.StartSinkAsync(configure: options => options.Journal = false);

        var quarantined = Assert.Single(sink.Recovery.QuarantinedFiles);
        Assert.Equal(_harness.PathOf("_quarantine/" + FirstFile + ".parquet.tmp"), quarantined);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(quarantined, CancellationToken.None));
        Assert.Equal(["_quarantine/" + FirstFile + ".parquet.tmp"], _harness.Files());
        Assert.Empty(await _harness.ReadAsync());
        Assert.Contains(_harness.Log.At(LogLevel.Warning), l => l.Message.Contains("Quarantined", StringComparison.Ordinal) && l.Message.Contains(quarantined, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_torn_last_journal_line_is_ignored_and_logged()
    {
        await KillAfterWritingAsync(FileStoreFormat.Parquet, [[Trade(1), Trade(2)], [Trade(3)]]);
        const string torn = """{"data_type":"trade","exchange_name":"bin""";
        await AppendAsync(FirstFile + ".journal.jsonl", torn);

        await using var sink = await _harness.StartSinkAsync();

        Assert.Equal(1, sink.Recovery.TornLines);
        Assert.Equal(0, sink.Recovery.CorruptLines);
        Assert.Equal(3, sink.Recovery.RecoveredRows);
        Assert.Equal([1L, 2L, 3L], Ids(await _harness.ReadAsync()));
        Assert.Contains(_harness.Log.At(LogLevel.Warning), l => l.Message.Contains($"torn last line ({torn.Length} bytes)", StringComparison.Ordinal));
        Assert.DoesNotContain(_harness.Files(), f => f.StartsWith("_quarantine", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreadable_journal_line_is_skipped_and_the_journal_kept_in_quarantine()
    {
        await KillAfterWritingAsync(FileStoreFormat.Parquet, [[Trade(1)], [Trade(2)]]);
        var journal = FirstFile + ".journal.jsonl";
        var lines = await File.ReadAllLinesAsync(_harness.PathOf(journal), CancellationToken.None);
        await File.WriteAllTextAsync(_harness.PathOf(journal), lines[0] + "\n\u0000\u0000garbage\n" + lines[1] + "\n", CancellationToken.None);

        await using var sink = await _harness.StartSinkAsync();

        Assert.Equal(1, sink.Recovery.CorruptLines);
        Assert.Equal(2, sink.Recovery.RecoveredRows);
        Assert.Equal(_harness.PathOf("_quarantine/" + journal), Assert.Single(sink.Recovery.QuarantinedFiles));
        Assert.Contains(_harness.Log.At(LogLevel.Error), l => l.Message.Contains("unreadable line 2", StringComparison.Ordinal));
        Assert.Equal([1L, 2L], Ids(await _harness.ReadAsync()));
    }

    [Fact]
    public async Task A_journal_left_after_its_file_was_completed_is_removed_without_duplicating_rows()
    {
        await using (var sink = await _harness.StartSinkAsync())
        {
            await sink.WriteAsync([Trade(1)], CancellationToken.None);
            await sink.FlushAsync(CancellationToken.None);
        }

        // Killed between the rename of the complete file and the deletion of its journal.
        await AppendAsync(FirstFile + ".journal.jsonl", Encoding.UTF8.GetString(RecordJsonWriter.ToUtf8Bytes(Trade(1))) + "\n");

        await using (var restarted = await _harness.StartSinkAsync())
        {
            Assert.Equal(1, restarted.Recovery.CompletedJournalsRemoved);
            Assert.Equal(0, restarted.Recovery.RecoveredRows);
        }

        Assert.Equal([FirstFile + ".parquet"], _harness.Files());
        Assert.Equal([1L], Ids(await _harness.ReadAsync()));
    }

    [Fact]
    public async Task A_rebuild_cut_short_by_another_kill_is_redone_from_the_journal()
    {
        await KillAfterWritingAsync(FileStoreFormat.Parquet, [[Trade(1), Trade(2)]]);
        await File.WriteAllBytesAsync(_harness.PathOf(FirstFile + ".recovered.parquet.tmp"), [0x50, 0x41, 0x52, 0x31, 1, 2, 3], CancellationToken.None);

        await using (var sink = await _harness.StartSinkAsync())
        {
            Assert.Equal(2, sink.Recovery.RecoveredRows);
            Assert.Empty(sink.Recovery.QuarantinedFiles);
        }

        Assert.Equal([FirstFile + ".recovered.parquet"], _harness.Files());
        Assert.Equal([1L, 2L], Ids(await _harness.ReadAsync()));
    }

    [Fact]
    public async Task A_killed_jsonl_sink_keeps_every_accepted_line_and_loses_only_the_torn_one()
    {
        await KillAfterWritingAsync(FileStoreFormat.Jsonl, [[Trade(1), Trade(2)], [Trade(3)]]);
        await AppendAsync(FirstFile + ".jsonl.tmp", """{"data_type":"trade","exchange_name":"binance","mar""");

        await using var sink = await _harness.StartSinkAsync(FileStoreFormat.Jsonl);

        Assert.Equal(1, sink.Recovery.TornLines);
        Assert.Equal(3, sink.Recovery.RecoveredRows);
        Assert.Equal([FirstFile + ".recovered.jsonl"], _harness.Files());
        var content = await File.ReadAllTextAsync(_harness.PathOf(FirstFile + ".recovered.jsonl"), CancellationToken.None);
        Assert.Equal(3, content.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.EndsWith("}\n", content, StringComparison.Ordinal);
        Assert.Equal([1L, 2L, 3L], Ids(await _harness.ReadAsync()));
        Assert.Contains(_harness.Log.At(LogLevel.Warning), l => l.Message.Contains("with 3 row(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_jsonl_file_with_an_unreadable_line_keeps_its_readable_rows_and_goes_to_quarantine()
    {
        await KillAfterWritingAsync(FileStoreFormat.Jsonl, [[Trade(1)]]);
        await AppendAsync(FirstFile + ".jsonl.tmp", "not json\n");
        await using (var first = await _harness.StartSinkAsync(FileStoreFormat.Jsonl))
        {
            Assert.Equal(1, first.Recovery.CorruptLines);
            Assert.Equal(1, first.Recovery.RecoveredRows);
            Assert.Equal(_harness.PathOf("_quarantine/" + FirstFile + ".jsonl.tmp"), Assert.Single(first.Recovery.QuarantinedFiles));
        }

        Assert.Equal([1L], Ids(await _harness.ReadAsync()));
    }

    [Fact]
    public async Task Files_written_after_recovery_sort_after_the_recovered_ones()
    {
        await KillAfterWritingAsync(FileStoreFormat.Parquet, [[Trade(1)]]);
        await using (var sink = await _harness.StartSinkAsync())
        {
            await sink.WriteAsync([Trade(2)], CancellationToken.None);
        }

        Assert.Equal([FirstFile + ".recovered.parquet", TradeDirectory + "trade-20240309T120000000Z-000001.parquet"], _harness.Files());
        Assert.Equal([1L, 2L], Ids(await _harness.ReadAsync()));
    }

    [Fact]
    public async Task An_empty_directory_recovers_nothing()
    {
        await using var sink = await _harness.StartSinkAsync();
        Assert.Same(FileStoreRecoveryResult.None.RecoveredFiles.GetType(), sink.Recovery.RecoveredFiles.GetType());
        Assert.False(sink.Recovery.FoundAnything);
        Assert.Empty(_harness.Log.Entries);
    }

    private async Task KillAfterWritingAsync(FileStoreFormat format, IEnumerable<MarketRecord[]> batches, Action<FileStoreOptions>? configure = null)
    {
        var sink = await _harness.StartSinkAsync(format, configure);
        foreach (var batch in batches)
        {
            await sink.WriteAsync(batch, CancellationToken.None);
        }

        sink.SimulateCrash();
    }

    private Task AppendAsync(string relative, string text) =>
        File.AppendAllTextAsync(_harness.PathOf(relative), text, CancellationToken.None);

    private static IEnumerable<long> Ids(IEnumerable<MarketRecord> records) => records.Select(r => ((TradeRecord)r).TradeId.Number);
}

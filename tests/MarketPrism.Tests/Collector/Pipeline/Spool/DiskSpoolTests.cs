using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Pipeline.Spool;
using MarketPrism.Core.Model;
using MarketPrism.Tests.Sinks.FileStore;
using MarketPrism.Tests.TestSupport;

namespace MarketPrism.Tests.Collector.Pipeline.Spool;

public sealed class DiskSpoolTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("marketprism-spool-").FullName;
    private readonly List<(long Records, string Reason)> _dropped = [];

    private DiskSpool Open(long maxBytes = 1024 * 1024 * 1024, SpoolFullPolicy policy = SpoolFullPolicy.DropOldest) =>
        DiskSpool.Open(_directory, maxBytes, policy, (records, reason) => _dropped.Add((records, reason)));

    private static List<MarketRecord> Batch(int first, int count) =>
        Enumerable.Range(first, count).Select(id => (MarketRecord)TestRecords.Trade(id)).ToList();

    private static List<long> Ids(IEnumerable<MarketRecord> records) => records.Select(record => ((TradeRecord)record).TradeId.Number).ToList();

    [Fact]
    public void Records_of_every_type_come_back_exactly_as_they_went_in()
    {
        var records = (IReadOnlyList<MarketRecord>)[.. SampleRecords.EveryType(), .. RecordedBinanceFuturesSession.Records()];
        using var spool = Open();

        spool.Append(records);
        var read = spool.ReadOldest(int.MaxValue)!;

        RecordAssert.Equal(records, read.Records);
        Assert.Equal(1, read.Frames);
    }

    [Fact]
    public void Batches_come_back_oldest_first_and_are_gone_once_acknowledged()
    {
        using var spool = Open();
        spool.Append(Batch(1, 3));
        spool.Append(Batch(4, 3));
        spool.Append(Batch(7, 3));

        var first = spool.ReadOldest(maxRecords: 5)!;
        Assert.Equal([1L, 2, 3, 4, 5, 6], Ids(first.Records));
        Assert.Equal(Ids(first.Records), Ids(spool.ReadOldest(maxRecords: 5)!.Records));
        spool.Acknowledge(first);
        var second = spool.ReadOldest(maxRecords: 5)!;
        spool.Acknowledge(second);

        Assert.Equal([7L, 8, 9], Ids(second.Records));
        Assert.True(spool.IsEmpty);
        Assert.Null(spool.ReadOldest(5));
        Assert.Equal(0, spool.Records);
        Assert.Equal(0, spool.Bytes);
        Assert.Empty(Directory.GetFiles(_directory, "*" + DiskSpool.SegmentExtension));
    }

    [Fact]
    public void What_was_not_acknowledged_survives_a_restart_and_what_was_does_not_come_back()
    {
        using (var spool = Open())
        {
            for (var i = 0; i < 5; i++)
            {
                spool.Append(Batch(i * 10, 10));
            }

            spool.Acknowledge(spool.ReadOldest(maxRecords: 20)!);
        }

        using var reopened = Open();

        Assert.Equal(3, reopened.Batches);
        Assert.Equal(30, reopened.Records);
        Assert.Equal(Enumerable.Range(20, 30).Select(id => (long)id), Ids(reopened.ReadOldest(int.MaxValue)!.Records));
    }

    [Fact]
    public void A_batch_torn_by_a_kill_while_appending_is_cut_off_and_the_rest_is_kept()
    {
        using (var spool = Open())
        {
            spool.Append(Batch(1, 5));
            spool.Append(Batch(6, 5));
        }

        var segment = Assert.Single(Directory.GetFiles(_directory, "*" + DiskSpool.SegmentExtension));
        var length = new FileInfo(segment).Length;
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(length - 7);
        }

        using var reopened = Open();

        Assert.Equal(1, reopened.Batches);
        Assert.Equal([1L, 2, 3, 4, 5], Ids(reopened.ReadOldest(int.MaxValue)!.Records));
        Assert.True(reopened.DiscardedBytesOnOpen > 0);
        reopened.Append(Batch(11, 1));
        Assert.Equal(2, reopened.Batches);
    }

    [Fact]
    public void A_damaged_batch_ends_its_segment_and_the_loss_is_reported()
    {
        using (var spool = Open(maxBytes: 16 * 64 * 1024))
        {
            // Big enough batches to fill the first 64 KB segment and start a second one.
            for (var i = 0; i < 12; i++)
            {
                spool.Append(Batch(i * 100, 100));
            }
        }

        var segments = Directory.GetFiles(_directory, "*" + DiskSpool.SegmentExtension).Order(StringComparer.Ordinal).ToArray();
        Assert.True(segments.Length >= 2);
        var bytes = File.ReadAllBytes(segments[0]);
        bytes[40] ^= 0xFF;
        File.WriteAllBytes(segments[0], bytes);

        using var reopened = Open(maxBytes: 16 * 64 * 1024);

        Assert.Contains(_dropped, drop => drop.Reason.Contains("damaged", StringComparison.Ordinal));
        // The first batch was damaged: the first segment holds nothing readable, the second is intact.
        var first = reopened.ReadOldest(100)!;
        Assert.True(Ids(first.Records)[0] >= 100);
    }

    [Fact]
    public void Drop_oldest_deletes_the_oldest_segment_and_counts_every_record_in_it()
    {
        const long max = 256 * 1024;
        using var spool = Open(max, SpoolFullPolicy.DropOldest);
        var appended = 0;
        while (_dropped.Count == 0)
        {
            Assert.Equal(SpoolAppendResult.Appended, spool.Append(Batch(appended, 50)));
            appended += 50;
        }

        Assert.True(spool.Bytes <= max);
        Assert.Equal(appended, spool.Records + _dropped.Sum(drop => drop.Records));
        var oldest = Ids(spool.ReadOldest(1)!.Records)[0];
        Assert.Equal(_dropped.Sum(drop => drop.Records), oldest);
    }

    [Fact]
    public void Drop_newest_keeps_the_spool_and_discards_the_new_batch()
    {
        using var spool = Open(200 * 1024, SpoolFullPolicy.DropNewest);
        var appended = 0;
        while (spool.Append(Batch(appended, 50)) == SpoolAppendResult.Appended)
        {
            appended += 50;
        }

        Assert.Equal(appended, spool.Records);
        Assert.Equal(50, Assert.Single(_dropped).Records);
        Assert.Equal(0, Ids(spool.ReadOldest(1)!.Records)[0]);
    }

    [Fact]
    public void Block_refuses_a_batch_that_does_not_fit_and_changes_nothing()
    {
        using var spool = Open(200 * 1024, SpoolFullPolicy.Block);
        var appended = 0;
        while (spool.Append(Batch(appended, 50)) == SpoolAppendResult.Appended)
        {
            appended += 50;
        }

        var before = (spool.Records, spool.Bytes);
        Assert.Equal(SpoolAppendResult.Full, spool.Append(Batch(appended, 50)));
        Assert.Equal(before, (spool.Records, spool.Bytes));
        Assert.Empty(_dropped);

        spool.Acknowledge(spool.ReadOldest(int.MaxValue)!);
        Assert.Equal(SpoolAppendResult.Appended, spool.Append(Batch(appended, 50)));
    }

    [Fact]
    public void Prepended_batches_come_before_everything_spooled_also_after_a_restart()
    {
        using (var spool = Open())
        {
            spool.Append(Batch(100, 2));
            spool.Prepend([Batch(1, 2), Batch(3, 2)]);
            spool.Append(Batch(102, 2));
        }

        using var reopened = Open();

        Assert.Equal([1L, 2, 3, 4, 100, 101, 102, 103], Ids(ReadAll(reopened)));
    }

    [Fact]
    public void A_second_spool_on_the_same_directory_is_refused()
    {
        using var spool = Open();

        var error = Assert.Throws<InvalidOperationException>(() => Open());

        Assert.Contains("in use by another collector", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Reads and acknowledges until the spool is empty.</summary>
    private static List<MarketRecord> ReadAll(DiskSpool spool)
    {
        var records = new List<MarketRecord>();
        while (spool.ReadOldest(int.MaxValue) is { } read)
        {
            records.AddRange(read.Records);
            spool.Acknowledge(read);
        }

        return records;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

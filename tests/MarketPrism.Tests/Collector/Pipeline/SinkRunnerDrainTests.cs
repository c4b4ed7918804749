using System.Threading.Channels;
using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Pipeline;
using MarketPrism.Collector.Pipeline.Spool;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Core.Configuration;
using MarketPrism.Core.Model;
using MarketPrism.Core.Sinks;
using MarketPrism.Tests.TestSupport;

namespace MarketPrism.Tests.Collector.Pipeline;

/// <summary>
/// A spooled sink whose every write takes longer than the gap between batches (new batches arrive during each write)
/// still empties its spool, goes back to memory, and stays there: the issue 16 restart case, driven write by write.
/// </summary>
public sealed class SinkRunnerDrainTests : IDisposable
{
    private const int BatchSize = 100;

    /// <summary>Batches the "market" produces while one write is in progress: the write is slower than the batch interval.</summary>
    private const int BatchesPerWrite = 3;

    private readonly string _directory = Directory.CreateTempSubdirectory("marketprism-drain-").FullName;
    private readonly ManualClock _time = new();
    private readonly CollectorCounters _counters = new();
    private readonly LogCapture _log = new();
    private int _nextId;

    private SinkRunner CreateRunner(IRecordSink sink) =>
        new(sink, _counters, _log, _time, new SpoolOptions { Directory = _directory, MaxSize = new ByteSize(1L << 30) });

    private List<MarketRecord> NextBatch()
    {
        var batch = Enumerable.Range(_nextId, BatchSize).Select(id => (MarketRecord)TestRecords.Trade(id)).ToList();
        _nextId += BatchSize;
        return batch;
    }

    /// <summary>What a previous run left behind: <paramref name="records"/> records in the sink's spool.</summary>
    private void LeaveSpool(string sink, int records)
    {
        using var spool = DiskSpool.Open(Path.Combine(_directory, sink), 1L << 30, SpoolFullPolicy.Block, (_, reason) => Assert.Fail(reason));
        for (var i = 0; i < records / BatchSize; i++)
        {
            Assert.Equal(SpoolAppendResult.Appended, spool.Append(NextBatch()));
        }
    }

    [Fact]
    public async Task A_restart_with_a_full_spool_and_a_sink_slower_than_the_batch_interval_drains_the_spool_and_goes_direct_again()
    {
        LeaveSpool("slow", 25_000);
        var sink = new GatedSink("slow");
        using var runner = CreateRunner(sink);
        Assert.Equal(25_000, runner.SpooledRecords);
        var run = runner.RunAsync(CancellationToken.None);

        // Every write lets BatchesPerWrite new batches in before it completes. Spooled writes carry up to
        // MaxWriteRecords records, so 25 000 spooled records and the batches arriving meanwhile are delivered in a
        // few writes; without a hand-off the spool would hold the last 3 batches after every write, forever.
        var writesToDrain = 0;
        while (runner.SpooledRecords > 0)
        {
            Assert.True(writesToDrain < 5, $"the spool still holds {runner.SpooledRecords} records after {writesToDrain} writes");
            await sink.NextWriteAsync();
            for (var i = 0; i < BatchesPerWrite; i++)
            {
                await runner.EnqueueAsync(NextBatch(), CancellationToken.None);
            }

            sink.CompleteWrite();
            writesToDrain++;
            await WaitForIdleOrNextWriteAsync(runner, sink);
        }

        Assert.InRange(writesToDrain, 3, 4);
        Assert.Equal(0, _counters.SpoolRecords("slow"));
        Assert.Single(_log.Entries, line => line.Message.Contains("spool drained", StringComparison.Ordinal));
        var spooledAtDrain = _counters.SpooledRecords;

        // From now on the live path is direct: the same slow writes, nothing goes to disk again.
        for (var round = 0; round < 20; round++)
        {
            await sink.NextWriteAsync();
            for (var i = 0; i < BatchesPerWrite; i++)
            {
                await runner.EnqueueAsync(NextBatch(), CancellationToken.None);
            }

            Assert.Equal(0, runner.SpooledRecords);
            sink.CompleteWrite();
        }

        runner.CompleteAdding();
        await sink.NextWriteAsync();
        sink.CompleteWrite();
        await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(spooledAtDrain, _counters.SpooledRecords);
        Assert.Equal(0, _counters.SpoolRecords("slow"));
        Assert.Equal(Enumerable.Range(0, _nextId).Select(id => (long)id), Ids(sink.Records));
        Assert.All(sink.Writes, write => Assert.InRange(write.Count, 1, SinkRunner.MaxWriteRecords));
        Assert.Single(_log.Entries, line => line.Message.Contains("spool drained", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(Path.Combine(_directory, "slow"), "*" + DiskSpool.SegmentExtension));
    }

    [Fact]
    public async Task When_the_write_that_empties_the_spool_fails_the_batches_that_came_meanwhile_go_to_disk_behind_it()
    {
        LeaveSpool("flaky", 1_000);
        var sink = new GatedSink("flaky");
        using var runner = CreateRunner(sink);
        var run = runner.RunAsync(CancellationToken.None);

        // The first write takes the whole spool; two batches come in memory behind it, then it fails.
        await sink.NextWriteAsync();
        await runner.EnqueueAsync(NextBatch(), CancellationToken.None);
        await runner.EnqueueAsync(NextBatch(), CancellationToken.None);
        Assert.Equal(1_000, runner.SpooledRecords);
        Assert.Equal(1_200, runner.PendingRecords);
        sink.FailWrite();

        // The sink is down: those two batches, and the next one, are on disk behind the failed read.
        await Eventually.WaitUntilAsync(() => runner.SpooledRecords == 1_200, "the two batches moved to disk");
        await runner.EnqueueAsync(NextBatch(), CancellationToken.None);
        Assert.Equal(1_300, runner.SpooledRecords);

        // The retry (after the backoff) takes the failed read again, then the rest.
        await _time.RunUntilAsync(() => sink.WriteWaiting, maxJump: TimeSpan.FromSeconds(10), "the retry's write", TestContext.Current.CancellationToken);
        await sink.NextWriteAsync();
        sink.CompleteWrite();
        await sink.NextWriteAsync();
        sink.CompleteWrite();
        await Eventually.WaitUntilAsync(() => runner.PendingRecords == 0, "nothing left pending");
        runner.CompleteAdding();
        await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 1_300).Select(id => (long)id), Ids(sink.Records));
        Assert.Single(_log.Entries, line => line.Message.Contains("spool drained", StringComparison.Ordinal));
        Assert.Equal(0, _counters.SpoolRecords("flaky"));
    }

    [Fact]
    public async Task When_memory_fills_while_the_spool_is_emptied_the_newer_batches_go_behind_it_in_order()
    {
        LeaveSpool("busy", 500);
        var sink = new GatedSink("busy");
        using var runner = CreateRunner(sink);
        var run = runner.RunAsync(CancellationToken.None);

        // More batches arrive during the spool's last read than the memory queue holds (256).
        await sink.NextWriteAsync();
        for (var i = 0; i < 300; i++)
        {
            var enqueue = runner.EnqueueAsync(NextBatch(), CancellationToken.None);
            Assert.True(enqueue.IsCompletedSuccessfully, $"batch {i} waited");
        }

        Assert.Equal(30_500, runner.SpooledRecords);
        sink.CompleteWrite();
        while (runner.PendingRecords > 0)
        {
            await sink.NextWriteAsync();
            sink.CompleteWrite();
            await WaitForIdleOrNextWriteAsync(runner, sink);
        }

        runner.CompleteAdding();
        await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, _nextId).Select(id => (long)id), Ids(sink.Records));
        Assert.Single(_log.Entries, line => line.Message.Contains("spool drained", StringComparison.Ordinal));
        Assert.Equal(0, _counters.SpoolRecords("busy"));
    }

    [Fact]
    public void A_spool_read_stops_at_the_byte_cap_but_always_takes_one_batch()
    {
        using var spool = DiskSpool.Open(Path.Combine(_directory, "cap"), 1L << 30, SpoolFullPolicy.Block, (_, reason) => Assert.Fail(reason));
        _nextId = 1_000; // ids of one width: every batch takes the same bytes
        for (var i = 0; i < 10; i++)
        {
            spool.Append(NextBatch());
        }

        var one = spool.ReadOldest(int.MaxValue, maxBytes: 1);
        Assert.NotNull(one);
        Assert.Equal(1, one.Frames);
        var frameBytes = spool.Bytes / 10;
        var some = spool.ReadOldest(int.MaxValue, maxBytes: (frameBytes * 3) + 1);
        Assert.NotNull(some);
        Assert.Equal(4, some.Frames);
        var all = spool.ReadOldest(int.MaxValue);
        Assert.NotNull(all);
        Assert.Equal(10, all.Frames);
    }

    /// <summary>Waits until the runner either started its next write or has nothing left to write.</summary>
    private static async Task WaitForIdleOrNextWriteAsync(SinkRunner runner, GatedSink sink)
    {
        await Eventually.WaitUntilAsync(() => sink.WriteWaiting || runner.PendingRecords == 0, "the next write or nothing left to write");
    }

    private static List<long> Ids(IEnumerable<MarketRecord> records) => records.Select(record => ((TradeRecord)record).TradeId.Number).ToList();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A sink whose writes each wait until the test completes (or fails) them: a write as slow as the test says.</summary>
    private sealed class GatedSink(string name) : IRecordSink
    {
        private readonly Channel<TaskCompletionSource<bool>> _started = Channel.CreateUnbounded<TaskCompletionSource<bool>>();
        private readonly Lock _lock = new();
        private readonly List<IReadOnlyList<MarketRecord>> _writes = [];
        private TaskCompletionSource<bool>? _current;
        private volatile bool _waiting;

        public string Name => name;

        /// <summary>A write has started and waits for the test.</summary>
        public bool WriteWaiting => _waiting;

        public IReadOnlyList<IReadOnlyList<MarketRecord>> Writes
        {
            get
            {
                lock (_lock)
                {
                    return [.. _writes];
                }
            }
        }

        public IReadOnlyList<MarketRecord> Records => Writes.SelectMany(write => write).ToList();

        /// <summary>Waits for the runner's next write to start.</summary>
        public async Task NextWriteAsync()
        {
            _current = await _started.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        }

        public void CompleteWrite() => Finish(succeeded: true);

        public void FailWrite() => Finish(succeeded: false);

        public ValueTask StartAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public async ValueTask WriteAsync(IReadOnlyList<MarketRecord> batch, CancellationToken cancellationToken)
        {
            var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting = true;
            _started.Writer.TryWrite(done);
            if (!await done.Task.WaitAsync(cancellationToken))
            {
                throw new SinkUnavailableException("test server down");
            }

            lock (_lock)
            {
                _writes.Add([.. batch]);
            }
        }

        public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private void Finish(bool succeeded)
        {
            var current = _current ?? throw new InvalidOperationException("no write started");
            _current = null;
            _waiting = false;
            current.SetResult(succeeded);
        }
    }
}

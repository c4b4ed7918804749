using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Pipeline;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Core.Configuration;
using MarketPrism.Core.Model;
using MarketPrism.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketPrism.Tests.Collector.Pipeline;

/// <summary>A sink runner with an on-disk spool: outages, slow sinks, shutdown and restart.</summary>
public sealed class SinkRunnerSpoolTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("marketprism-runner-").FullName;
    private readonly ManualClock _time = new();
    private readonly CollectorCounters _counters = new();
    private readonly RecordingSink _sink = new("net");

    private SinkRunner CreateRunner(RecordingSink? sink = null, SpoolFullPolicy policy = SpoolFullPolicy.DropOldest, long maxBytes = 1L << 30) =>
        new(sink ?? _sink, _counters, NullLogger.Instance, _time, new SpoolOptions { Directory = _directory, MaxSize = new ByteSize(maxBytes), FullPolicy = policy });

    private static List<MarketRecord> Batch(int first, int count = 10) =>
        Enumerable.Range(first, count).Select(id => (MarketRecord)TestRecords.Trade(id)).ToList();

    private static List<long> Ids(IEnumerable<MarketRecord> records) => records.Select(record => ((TradeRecord)record).TradeId.Number).ToList();

    [Fact]
    public async Task During_an_outage_batches_go_to_disk_at_once_and_arrive_in_order_when_the_sink_is_back()
    {
        using var runner = CreateRunner();
        _sink.Down = true;
        var run = runner.RunAsync(CancellationToken.None);

        // More batches than the memory queue holds: none of these may wait.
        for (var i = 0; i < 400; i++)
        {
            var enqueue = runner.EnqueueAsync(Batch(i * 10), CancellationToken.None);
            Assert.True(enqueue.IsCompletedSuccessfully, $"batch {i} waited");
            await enqueue;
        }

        await Eventually.WaitUntilAsync(() => runner.SpooledRecords == 4000, "4,000 records spooled");
        Assert.False(runner.IsAvailable);
        Assert.False(_counters.IsSinkAvailable("net"));
        Assert.Equal(1, _counters.SinkOutages);
        Assert.Equal(4000, _counters.SpoolRecords("net"));

        _sink.Down = false;
        await DeliverUntilAsync(() => _sink.Records.Count == 4000, "4,000 records delivered");
        runner.CompleteAdding();
        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 4000).Select(id => (long)id), Ids(_sink.Records));
        Assert.True(runner.IsAvailable);
        Assert.Equal(0, runner.PendingRecords);
        Assert.Equal(4000, _counters.ReplayedRecords);
        Assert.Equal(0, _counters.SpoolRecords("net"));
        Assert.Empty(Directory.GetFiles(Path.Combine(_directory, "net"), "*.spool"));
    }

    [Fact]
    public async Task A_sink_slower_than_the_market_spills_to_disk_and_keeps_the_order()
    {
        using var runner = CreateRunner();
        _sink.Hold();
        var run = runner.RunAsync(CancellationToken.None);

        for (var i = 0; i < 500; i++)
        {
            await runner.EnqueueAsync(Batch(i * 10), CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        }

        Assert.True(runner.SpooledRecords > 0, "the batches beyond the memory queue should be on disk");
        _sink.Release();
        runner.CompleteAdding();
        await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 5000).Select(id => (long)id), Ids(_sink.Records));
        Assert.All(_sink.Batches, batch => Assert.InRange(batch.Count, 1, SinkRunner.MaxWriteRecords));
        Assert.True(_sink.Batches.Count < 500, "waiting batches are combined into larger writes");
    }

    [Fact]
    public async Task Stopping_while_the_sink_is_down_keeps_everything_for_the_next_start_which_delivers_it_first()
    {
        using (var runner = CreateRunner())
        {
            _sink.Down = true;
            var run = runner.RunAsync(CancellationToken.None);
            for (var i = 0; i < 30; i++)
            {
                await runner.EnqueueAsync(Batch(i * 10), CancellationToken.None);
            }

            // The runner is now backing off (fake time never moves here): stopping must not wait for the backoff.
            await Eventually.WaitUntilAsync(() => !runner.IsAvailable, "the runner saw the sink down");
            runner.CompleteAdding();
            // A sink that is down at shutdown does not hold the stop up: what is left goes to disk.
            await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            Assert.Equal(300, runner.SpooledRecords);
            Assert.Empty(_sink.Records);
        }

        var next = new RecordingSink("net");
        using var restarted = CreateRunner(next);
        Assert.Equal(300, restarted.PendingRecords);
        var rerun = restarted.RunAsync(CancellationToken.None);
        await restarted.EnqueueAsync(Batch(300), CancellationToken.None);
        restarted.CompleteAdding();
        await rerun.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 310).Select(id => (long)id), Ids(next.Records));
        Assert.Equal(0, restarted.SpooledRecords);
    }

    [Fact]
    public async Task When_the_deadline_passes_the_write_in_progress_and_the_queue_go_to_disk()
    {
        using var abort = new CancellationTokenSource();
        using (var runner = CreateRunner())
        {
            _sink.Hold();
            var run = runner.RunAsync(abort.Token);
            for (var i = 0; i < 20; i++)
            {
                await runner.EnqueueAsync(Batch(i * 10), CancellationToken.None);
            }

            runner.CompleteAdding();
            await Eventually.WaitUntilAsync(() => _sink.Attempts > 0, "a write under way");
            await abort.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

            Assert.Equal(200, runner.SpooledRecords);
        }

        var next = new RecordingSink("net");
        using var restarted = CreateRunner(next);
        var rerun = restarted.RunAsync(CancellationToken.None);
        restarted.CompleteAdding();
        await rerun.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(Enumerable.Range(0, 200).Select(id => (long)id), Ids(next.Records));
    }

    [Fact]
    public async Task A_full_spool_with_drop_oldest_counts_every_record_it_discards()
    {
        using var runner = CreateRunner(maxBytes: 256 * 1024);
        _sink.Down = true;
        var run = runner.RunAsync(CancellationToken.None);
        var sent = 0;
        while (_counters.SpoolDroppedRecords == 0)
        {
            await runner.EnqueueAsync(Batch(sent, 50), CancellationToken.None);
            sent += 50;
        }

        // Only once the sink took everything left does adding complete; completing earlier would (rightly) leave the
        // rest in the spool for the next start if the runner's last write had failed.
        _sink.Down = false;
        await DeliverUntilAsync(() => runner.PendingRecords == 0, "nothing left pending");
        runner.CompleteAdding();
        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(sent, _sink.Records.Count + _counters.SpoolDroppedRecords);
        var delivered = Ids(_sink.Records);
        Assert.Equal(delivered.Order(), delivered);
        Assert.Equal(delivered.Count, delivered.Distinct().Count());
        Assert.Equal(sent - 1, delivered[^1]);
    }

    [Fact]
    public async Task With_the_block_policy_a_full_spool_holds_back_the_batcher_until_it_has_room()
    {
        using var runner = CreateRunner(policy: SpoolFullPolicy.Block, maxBytes: 200 * 1024);
        _sink.Down = true;
        var run = runner.RunAsync(CancellationToken.None);
        var sent = 0;
        ValueTask enqueue;
        while (true)
        {
            enqueue = runner.EnqueueAsync(Batch(sent, 50), CancellationToken.None);
            sent += 50;
            if (!enqueue.IsCompleted)
            {
                break;
            }
        }

        Assert.Equal(0, _counters.SpoolDroppedRecords);
        _sink.Down = false;
        await DeliverUntilAsync(() => enqueue.IsCompleted, "the blocked batch accepted");
        runner.CompleteAdding();
        await _time.RunUntilCompletedAsync(run, RetryJump, TestContext.Current.CancellationToken);
        await run; // A faulted run is complete too: surface its exception rather than count what it never delivered.

        Assert.Equal(Enumerable.Range(0, sent).Select(id => (long)id), Ids(_sink.Records));
    }

    /// <summary>The longest backoff between a runner's write attempts: every retry timer is within reach.</summary>
    private static readonly TimeSpan RetryJump = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Waits until <paramref name="condition"/> holds while the runner, its sink back, works through its backoff: the
    /// fake clock jumps to each retry timer as the runner arms it.
    /// </summary>
    private Task DeliverUntilAsync(Func<bool> condition, string what) =>
        _time.RunUntilAsync(condition, RetryJump, what, TestContext.Current.CancellationToken);

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

using System.Threading.Channels;
using MarketPrism.Collector.Logging;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Core.Model;
using MarketPrism.Core.Sinks;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Collector.Pipeline;

/// <summary>
/// Feeds one sink from its own bounded queue of batches, so a slow or failing sink holds back only its own queue
/// (and, once that is full, the batcher). A failed write is retried with capped exponential backoff until it
/// succeeds or shutdown gives up; a batch is never skipped. When the queue is completed and drained, the sink is
/// flushed so every accepted record is durable.
/// </summary>
public sealed class SinkRunner
{
    private const int QueueCapacity = 256;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly Channel<IReadOnlyList<MarketRecord>> _queue;
    private readonly IRecordSink _sink;
    private readonly ICollectorTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private long _pendingRecords;

    public SinkRunner(IRecordSink sink, ICollectorTelemetry telemetry, ILogger logger, TimeProvider time)
    {
        _sink = sink;
        _telemetry = telemetry;
        _logger = logger;
        _time = time;
        _queue = Channel.CreateBounded<IReadOnlyList<MarketRecord>>(
            new BoundedChannelOptions(QueueCapacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public string Name => _sink.Name;

    /// <summary>Records handed to this sink and not yet written.</summary>
    public long PendingRecords => Interlocked.Read(ref _pendingRecords);

    public ValueTask EnqueueAsync(IReadOnlyList<MarketRecord> batch, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _pendingRecords, batch.Count);
        return _queue.Writer.WriteAsync(batch, cancellationToken);
    }

    public void CompleteAdding() => _queue.Writer.TryComplete();

    /// <summary>
    /// Writes batches until the queue is completed and drained, then flushes the sink. <paramref name="abort"/> is
    /// signalled only when shutdown's deadline has passed: then retries stop and what is left is reported.
    /// </summary>
    public async Task RunAsync(CancellationToken abort)
    {
        await foreach (var batch in _queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            await WriteWithRetryAsync(batch, abort);
            Interlocked.Add(ref _pendingRecords, -batch.Count);
        }

        await _sink.FlushAsync(abort);
    }

    private async Task WriteWithRetryAsync(IReadOnlyList<MarketRecord> batch, CancellationToken abort)
    {
        var delay = FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            var started = _time.GetTimestamp();
            try
            {
                await _sink.WriteAsync(batch, abort);
                _telemetry.BatchWritten(_sink.Name, batch.Count, _time.GetElapsedTime(started));
                return;
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                _telemetry.SinkFailed(_sink.Name, batch.Count, attempt, ex);
                CollectorLog.SinkWriteFailed(_logger, _sink.Name, batch.Count, attempt, delay, ex);
            }

            await Task.Delay(delay, _time, abort);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }
}

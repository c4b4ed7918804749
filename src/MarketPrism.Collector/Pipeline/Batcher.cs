using MarketPrism.Core.Model;

namespace MarketPrism.Collector.Pipeline;

/// <summary>
/// Reads the record channel and hands batches to every sink: a batch is closed when it holds
/// <c>batch_size</c> records or when <c>flush_interval</c> has passed since its first record, whichever comes first
/// (the plan's rule). Runs until the channel is completed and drained.
/// </summary>
public sealed class Batcher
{
    private readonly RecordChannel _channel;
    private readonly IReadOnlyList<SinkRunner> _sinks;
    private readonly int _batchSize;
    private readonly TimeSpan _flushInterval;
    private readonly TimeProvider _time;

    public Batcher(RecordChannel channel, IReadOnlyList<SinkRunner> sinks, int batchSize, TimeSpan flushInterval, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _channel = channel;
        _sinks = sinks;
        _batchSize = batchSize;
        _flushInterval = flushInterval;
        _time = time;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = _channel.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                var batch = new List<MarketRecord>(_batchSize);
                var started = _time.GetTimestamp();
                while (batch.Count < _batchSize)
                {
                    if (reader.TryRead(out var record))
                    {
                        batch.Add(record);
                        continue;
                    }

                    var remaining = _flushInterval - _time.GetElapsedTime(started);
                    if (remaining <= TimeSpan.Zero || !await WaitForMoreAsync(reader, remaining, cancellationToken))
                    {
                        break;
                    }
                }

                foreach (var sink in _sinks)
                {
                    await sink.EnqueueAsync(batch, cancellationToken);
                }
            }
        }
        finally
        {
            foreach (var sink in _sinks)
            {
                sink.CompleteAdding();
            }
        }
    }

    /// <summary>True when more records can be read before <paramref name="timeout"/>; false on timeout or completion.</summary>
    private async ValueTask<bool> WaitForMoreAsync(
        System.Threading.Channels.ChannelReader<MarketRecord> reader, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Only reached when the channel is empty, so the two allocations here are off the busy path.
        using var timeoutSource = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            return await reader.WaitToReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}

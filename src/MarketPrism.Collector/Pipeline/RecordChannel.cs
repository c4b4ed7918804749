using System.Threading.Channels;
using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Core.Model;

namespace MarketPrism.Collector.Pipeline;

/// <summary>
/// The bounded channel between parsers and the batcher. Backpressure is explicit: in <c>wait</c> mode (the default) a
/// full channel makes <see cref="WriteAsync"/> wait, which slows the connection that produced the record and nothing
/// is lost; with a drop policy every discarded record is reported to telemetry.
/// </summary>
public sealed class RecordChannel
{
    private readonly Channel<MarketRecord> _channel;

    public RecordChannel(PipelineOptions options, ICollectorTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(telemetry);
        Capacity = options.ChannelCapacity;
        var channelOptions = new BoundedChannelOptions(options.ChannelCapacity)
        {
            // drop_newest discards the record being written (the newest); the BCL's DropNewest would instead evict the
            // newest record already queued, which is not what a user means.
            FullMode = options.FullMode switch
            {
                ChannelFullMode.DropNewest => BoundedChannelFullMode.DropWrite,
                ChannelFullMode.DropOldest => BoundedChannelFullMode.DropOldest,
                _ => BoundedChannelFullMode.Wait,
            },
            SingleReader = true,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        };
        _channel = Channel.CreateBounded<MarketRecord>(channelOptions, telemetry.RecordDropped);
    }

    public int Capacity { get; }

    /// <summary>Records currently queued.</summary>
    public int Count => _channel.Reader.Count;

    public ChannelReader<MarketRecord> Reader => _channel.Reader;

    /// <summary>Completes synchronously unless the channel is full in wait mode.</summary>
    public ValueTask WriteAsync(MarketRecord record, CancellationToken cancellationToken) =>
        _channel.Writer.WriteAsync(record, cancellationToken);

    /// <summary>No more records will be written; the batcher drains what is queued and stops.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}

using System.Threading.Channels;

namespace MarketPrism.Collector.Pipeline;

/// <summary>
/// A wake-up signal for one waiter: <see cref="Ring"/> never blocks, and a ring that happens while nobody waits is kept
/// until the next <see cref="WaitAsync"/>, so "check, then wait" cannot miss it.
/// </summary>
internal sealed class Doorbell
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Ring() => _channel.Writer.TryWrite(true);

    public async ValueTask WaitAsync(CancellationToken cancellationToken) => await _channel.Reader.ReadAsync(cancellationToken);
}

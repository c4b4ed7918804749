using System.Collections.Concurrent;

namespace MarketPrism.Simulator.Engine;

/// <summary>The streams of one venue by name, created on first use (a client may subscribe to a stream nobody generates).</summary>
internal sealed class StreamRegistry
{
    private readonly ConcurrentDictionary<string, StreamChannel> _channels = new(StringComparer.Ordinal);

    public StreamChannel GetOrAdd(string name) => _channels.GetOrAdd(name, static n => new StreamChannel(n));

    public bool TryGet(string name, out StreamChannel channel) => _channels.TryGetValue(name, out channel!);

    /// <summary>Frames withheld from subscribers by the stall fault, over every stream.</summary>
    public long StalledTotal()
    {
        long total = 0;
        foreach (var channel in _channels.Values)
        {
            total += channel.Stalled;
        }

        return total;
    }

    /// <summary>Generated-frame counts of the streams that have a source, by name.</summary>
    public SortedDictionary<string, long> GeneratedCounts()
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, channel) in _channels)
        {
            if (channel.HasSource)
            {
                counts[name] = channel.Generated;
            }
        }

        return counts;
    }
}

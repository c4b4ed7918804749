namespace MarketPrism.Simulator.Coinbase;

/// <summary>
/// What the Coinbase venue tracks per connection: its subscriptions in the order they were made (both APIs list them
/// in their <c>subscriptions</c> message), whether it subscribed at all (the 5-second rule), and when something was
/// last sent (Advanced Trade closes idle subscriptions).
/// </summary>
internal sealed class CoinbaseConnectionState(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<(string Channel, List<string> Products)> _channels = [];
    private long _lastSentAt = time.GetTimestamp();
    private long _framesSeen;
    private int _subscribed;

    /// <summary>True once the connection has sent a subscribe (even a refused one).</summary>
    public bool HasSubscribed => Volatile.Read(ref _subscribed) == 1;

    public void MarkSubscribed() => Volatile.Write(ref _subscribed, 1);

    /// <summary>Adds products to a channel; returns those not subscribed before.</summary>
    public List<string> Add(string channel, IReadOnlyList<string> products)
    {
        lock (_gate)
        {
            var index = _channels.FindIndex(c => c.Channel == channel);
            if (index < 0)
            {
                _channels.Add((channel, []));
                index = _channels.Count - 1;
            }

            var added = new List<string>();
            foreach (var product in products)
            {
                if (!_channels[index].Products.Contains(product))
                {
                    _channels[index].Products.Add(product);
                    added.Add(product);
                }
            }

            if (_channels[index].Products.Count == 0)
            {
                _channels.RemoveAt(index);
            }

            return added;
        }
    }

    /// <summary>Removes products from a channel (all of them when <paramref name="products"/> is empty); returns those removed.</summary>
    public List<string> Remove(string channel, IReadOnlyList<string> products)
    {
        lock (_gate)
        {
            var index = _channels.FindIndex(c => c.Channel == channel);
            if (index < 0)
            {
                return [];
            }

            var list = _channels[index].Products;
            var removed = products.Count == 0 ? [.. list] : products.Where(list.Contains).ToList();
            list.RemoveAll(removed.Contains);
            if (list.Count == 0)
            {
                _channels.RemoveAt(index);
            }

            return removed;
        }
    }

    /// <summary>Forgets every subscription; returns them.</summary>
    public List<(string Channel, List<string> Products)> Clear()
    {
        lock (_gate)
        {
            var all = _channels.Select(c => (c.Channel, new List<string>(c.Products))).ToList();
            _channels.Clear();
            return all;
        }
    }

    /// <summary>A copy of the subscriptions, channel by channel in the order they were first made.</summary>
    public List<(string Channel, List<string> Products)> Snapshot()
    {
        lock (_gate)
        {
            return [.. _channels.Select(c => (c.Channel, new List<string>(c.Products)))];
        }
    }

    /// <summary>A reply went out.</summary>
    public void Sent() => Interlocked.Exchange(ref _lastSentAt, time.GetTimestamp());

    /// <summary>How long nothing has been sent, counting stream frames sent since the last check.</summary>
    public TimeSpan SilentFor(long framesSent)
    {
        if (Interlocked.Exchange(ref _framesSeen, framesSent) != framesSent)
        {
            Sent();
        }

        return time.GetElapsedTime(Interlocked.Read(ref _lastSentAt));
    }
}

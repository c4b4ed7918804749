namespace MarketPrism.Exchanges.Deribit;

/// <summary>Deribit's connection limits and the collector's choices within them.</summary>
public static class DeribitLimits
{
    /// <summary>
    /// Heartbeat interval requested with <c>public/set_heartbeat</c>, in seconds. Deribit accepts 10 or more
    /// (docs.deribit.com, public/set_heartbeat); the smallest value finds a dead connection soonest.
    /// </summary>
    public const int HeartbeatIntervalSeconds = 10;

    /// <summary>
    /// Requests per second one connection sends. Deribit meters non-matching-engine requests with credits that
    /// refill at 20 requests per second (docs.deribit.com, "Rate limits"); half of that leaves room for other
    /// connections of the same address.
    /// </summary>
    public const double MaxClientMessagesPerSecond = 10;

    /// <summary>Channels per connection. Deribit publishes no cap; this keeps one connection's start-up short.</summary>
    public const int MaxChannelsPerConnection = 500;

    /// <summary>Channels per <c>public/subscribe</c> request.</summary>
    public const int MaxChannelsPerRequest = 100;

    /// <summary><c>depth</c> values <c>public/get_order_book</c> accepts, ascending.</summary>
    public static ReadOnlySpan<int> OrderBookDepths => [1, 5, 10, 20, 50, 100, 1000, 10000];

    /// <summary>The smallest accepted <c>depth</c> that covers <paramref name="levels"/> (the largest when none does).</summary>
    public static int OrderBookDepth(int levels)
    {
        foreach (var depth in OrderBookDepths)
        {
            if (depth >= levels)
            {
                return depth;
            }
        }

        return OrderBookDepths[^1];
    }
}

namespace MarketPrism.Exchanges.Coinbase;

/// <summary>
/// The channels the collector subscribes on each API, and the stream names it gives them: <c>channel:product</c>,
/// e.g. <c>level2_batch:BTC-USD</c>.
/// </summary>
public static class CoinbaseChannels
{
    /// <summary>Exchange: the public, 50 ms batched level2 (snapshot, then <c>l2update</c>); unbatched <c>level2</c> needs authentication.</summary>
    public const string Level2Batch = "level2_batch";

    /// <summary>Exchange: one <c>match</c> per trade (after a <c>last_match</c> on subscribing).</summary>
    public const string Matches = "matches";

    /// <summary>Exchange and Advanced Trade: ticker (best bid/ask with every match).</summary>
    public const string Ticker = "ticker";

    /// <summary>Exchange: once a second per product, with the product's <c>last_trade_id</c>.</summary>
    public const string Heartbeat = "heartbeat";

    /// <summary>Advanced Trade: the full book (messages arrive on channel <c>l2_data</c>).</summary>
    public const string Level2 = "level2";

    /// <summary>Advanced Trade: the channel name <see cref="Level2"/> data arrives under.</summary>
    public const string L2Data = "l2_data";

    /// <summary>Advanced Trade: public trades.</summary>
    public const string MarketTrades = "market_trades";

    /// <summary>Advanced Trade: once a second per connection, no products; keeps idle subscriptions open.</summary>
    public const string Heartbeats = "heartbeats";

    /// <summary>The stream name of a channel of a product.</summary>
    public static string StreamName(string channel, string productId) => string.Concat(channel, ":", productId);

    /// <summary>Splits a stream name back into channel and product; false when it is not <c>channel:product</c>.</summary>
    public static bool TrySplit(string streamName, out string channel, out string productId)
    {
        ArgumentNullException.ThrowIfNull(streamName);
        var colon = streamName.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == streamName.Length - 1)
        {
            channel = productId = "";
            return false;
        }

        channel = streamName[..colon];
        productId = streamName[(colon + 1)..];
        return true;
    }
}

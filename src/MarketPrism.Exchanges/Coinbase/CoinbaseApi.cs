namespace MarketPrism.Exchanges.Coinbase;

/// <summary>Which of Coinbase's two public market-data APIs an entry collects from (the <c>api</c> option).</summary>
public enum CoinbaseApi : byte
{
    /// <summary>
    /// The Coinbase Exchange feed (<c>wss://ws-feed.exchange.coinbase.com</c>): <c>level2_batch</c>, <c>matches</c>,
    /// <c>ticker</c>, <c>heartbeat</c>; spot only.
    /// </summary>
    Exchange,

    /// <summary>
    /// Coinbase Advanced Trade (<c>wss://advanced-trade-ws.coinbase.com</c>): <c>level2</c>, <c>market_trades</c>,
    /// <c>ticker</c>, <c>heartbeats</c>; spot and CDE futures.
    /// </summary>
    AdvancedTrade,
}

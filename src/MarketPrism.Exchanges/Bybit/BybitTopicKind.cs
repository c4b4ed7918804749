namespace MarketPrism.Exchanges.Bybit;

/// <summary>The public topics the collector reads, by their name's first part (<c>publicTrade.BTCUSDT</c>).</summary>
public enum BybitTopicKind : byte
{
    /// <summary>A topic the collector does not normalize (klines, lt tickers...).</summary>
    Other,

    /// <summary><c>publicTrade.{symbol}</c>: trades, many per frame.</summary>
    PublicTrade,

    /// <summary><c>orderbook.{depth}.{symbol}</c>: the book (depth 1: the best bid and ask).</summary>
    OrderBook,

    /// <summary><c>tickers.{symbol}</c>: snapshot then partial deltas on derivatives; snapshots only on spot.</summary>
    Tickers,

    /// <summary><c>allLiquidation.{symbol}</c>: every liquidation, pushed every 500 ms.</summary>
    AllLiquidation,

    /// <summary><c>liquidation.{symbol}</c>: the deprecated sampled liquidation stream (at most one per second).</summary>
    Liquidation,
}

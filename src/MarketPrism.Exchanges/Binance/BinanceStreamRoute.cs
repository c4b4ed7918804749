namespace MarketPrism.Exchanges.Binance;

/// <summary>
/// The WebSocket path family a stream must be subscribed on. Only USDⓈ-M futures split its streams (see
/// <see cref="BinanceEndpoints"/>); spot and COIN-M serve every stream from the root path.
/// </summary>
public enum BinanceStreamRoute : byte
{
    /// <summary>The unrouted root: <c>/stream</c>, <c>/ws</c>.</summary>
    Root,

    /// <summary>USDⓈ-M high-frequency public data: <c>/public/stream</c> (depth, bookTicker, trade).</summary>
    Public,

    /// <summary>USDⓈ-M regular market data: <c>/market/stream</c> (aggTrade, markPrice, forceOrder, klines, tickers).</summary>
    Market,
}

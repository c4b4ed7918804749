namespace MarketPrism.Exchanges.Binance;

/// <summary>Which Binance stream feeds <c>trade</c> records (config <c>trade_stream</c>).</summary>
public enum BinanceTradeFeed : byte
{
    /// <summary><c>&lt;sym&gt;@trade</c>: every fill, with its own trade id.</summary>
    Trade,

    /// <summary><c>&lt;sym&gt;@aggTrade</c>: fills of one taker order at one price merged, with the aggregate id.</summary>
    AggTrade,
}

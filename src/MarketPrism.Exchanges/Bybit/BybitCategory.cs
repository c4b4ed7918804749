namespace MarketPrism.Exchanges.Bybit;

/// <summary>
/// Bybit v5's product categories. Each has its own public WebSocket endpoint (<c>/v5/public/{category}</c>) and is
/// the <c>category</c> of every REST market request, so anything that builds an address needs to know which one an
/// instrument trades in.
/// </summary>
public enum BybitCategory : byte
{
    /// <summary>Spot pairs (<c>BTCUSDT</c>).</summary>
    Spot,

    /// <summary>USDT and USDC contracts, perpetual and dated (<c>BTCUSDT</c>, <c>BTCPERP</c>, <c>BTC-27DEC24</c>).</summary>
    Linear,

    /// <summary>Inverse contracts, margined in the base coin, perpetual and dated (<c>BTCUSD</c>, <c>BTCUSDH25</c>).</summary>
    Inverse,
}

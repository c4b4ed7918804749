namespace MarketPrism.Exchanges.Binance;

/// <summary>
/// The Binance API families. They share one wire format but differ in hosts, paths and limits, so anything that
/// builds a URL or a rate limit needs to know which one an instrument trades on.
/// </summary>
public enum BinanceVenue : byte
{
    /// <summary>Spot (<c>stream.binance.com</c>, <c>/api/v3</c>).</summary>
    Spot,

    /// <summary>USDⓈ-M futures: linear perpetuals and dated contracts (<c>fstream.binance.com</c>, <c>/fapi/v1</c>).</summary>
    UsdMargined,

    /// <summary>COIN-M futures: inverse perpetuals and dated contracts (<c>dstream.binance.com</c>, <c>/dapi/v1</c>).</summary>
    CoinMargined,
}

namespace MarketPrism.Exchanges.Binance;

/// <summary>
/// Request weights of the REST endpoints the collector calls. Binance limits weight per minute per IP, not requests,
/// and a deep depth snapshot costs many times a light call. Values from the endpoint pages of the spot and USD-M docs
/// (developers.binance.com: spot "Order book" weight table; USD-M "Order Book", "Mark Price", "Open Interest").
/// </summary>
public static class BinanceRequestWeights
{
    /// <summary>Spot <c>/api/v3/depth</c>: 5 up to 100 levels, 25 up to 500, 50 up to 1000, 250 up to 5000.</summary>
    public static int SpotDepth(int limit) => limit switch
    {
        <= 100 => 5,
        <= 500 => 25,
        <= 1000 => 50,
        _ => 250,
    };

    /// <summary>USD-M <c>/fapi/v1/depth</c>: 2 up to 50 levels, 5 for 100, 10 for 500, 20 for 1000.</summary>
    public static int FuturesDepth(int limit) => limit switch
    {
        <= 50 => 2,
        <= 100 => 5,
        <= 500 => 10,
        _ => 20,
    };

    /// <summary><c>/fapi/v1/premiumIndex</c> for one symbol.</summary>
    public const int PremiumIndex = 1;

    /// <summary><c>/fapi/v1/openInterest</c>.</summary>
    public const int OpenInterest = 1;

    /// <summary>
    /// <c>/futures/data/*LongShort*Ratio</c>: weight 0 on the USD-M docs' pages (they count against a separate limit of
    /// 1000 requests per 5 minutes per IP instead); the collector's own budget still counts each as 1.
    /// </summary>
    public const int LongShortRatio = 0;
}

using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Binance;

public sealed partial class BinancePlugin
{
    /// <summary>Query parameters that only count entries: depth levels, ratio periods.</summary>
    private static readonly string[] CountParameters = ["limit"];

    /// <summary>
    /// Every Binance request names its instrument in <c>symbol</c>. The perpetual market collects USD-M
    /// (<c>/fapi/v1</c>); a COIN-M capture (<c>/dapi/v1</c>) answers with the same body shapes, so it reads as the
    /// matching USD-M request, as <c>normalize</c> always read COIN-M depth snapshots.
    /// </summary>
    public CapturedRestResponse? RecognizeRestResponse(IExchangeVenue market, Uri requestUrl, InstrumentTable instruments)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(requestUrl);
        if (market.MarketType == MarketType.Perpetual && requestUrl.AbsolutePath.Contains("/dapi/v1/", StringComparison.Ordinal))
        {
            requestUrl = new UriBuilder(requestUrl) { Path = requestUrl.AbsolutePath.Replace("/dapi/v1/", "/fapi/v1/", StringComparison.Ordinal) }.Uri;
        }

        return RestCaptures.Recognize(market, requestUrl, instruments, "symbol", CountParameters);
    }
}

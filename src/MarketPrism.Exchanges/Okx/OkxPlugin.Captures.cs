using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Okx;

public sealed partial class OkxPlugin
{
    /// <summary>Query parameters that only count entries: <c>sz</c> (book levels), <c>limit</c> (ratio periods).</summary>
    private static readonly string[] CountParameters = ["sz", "limit"];

    /// <summary>Every OKX request names its instrument in <c>instId</c>.</summary>
    public CapturedRestResponse? RecognizeRestResponse(IExchangeVenue market, Uri requestUrl, InstrumentTable instruments) =>
        RestCaptures.Recognize(market, requestUrl, instruments, "instId", CountParameters);
}

using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Bybit;

public sealed partial class BybitPlugin
{
    /// <summary>Query parameters that only count entries: <c>limit</c> (book levels).</summary>
    private static readonly string[] CountParameters = ["limit"];

    /// <summary>Every Bybit v5 request names its instrument in <c>symbol</c> (and its market in <c>category</c>, which must match).</summary>
    public CapturedRestResponse? RecognizeRestResponse(IExchangeVenue market, Uri requestUrl, InstrumentTable instruments) =>
        RestCaptures.Recognize(market, requestUrl, instruments, "symbol", CountParameters);
}

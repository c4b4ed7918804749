using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Deribit;

public sealed partial class DeribitPlugin
{
    /// <summary>Query parameters that only count entries: <c>depth</c> (book levels).</summary>
    private static readonly string[] CountParameters = ["depth"];

    /// <summary>Every Deribit request names its instrument in <c>instrument_name</c>.</summary>
    public CapturedRestResponse? RecognizeRestResponse(IExchangeVenue market, Uri requestUrl, InstrumentTable instruments) =>
        RestCaptures.Recognize(market, requestUrl, instruments, "instrument_name", CountParameters);
}

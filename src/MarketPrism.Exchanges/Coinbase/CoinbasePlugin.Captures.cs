using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Coinbase;

public sealed partial class CoinbasePlugin
{
    /// <summary>Query parameters that only count entries: <c>limit</c> (book levels).</summary>
    private static readonly string[] CountParameters = ["limit"];

    /// <summary>The one REST request the markets make, <c>product_book</c>, names its product in <c>product_id</c>.</summary>
    public CapturedRestResponse? RecognizeRestResponse(IExchangeVenue market, Uri requestUrl, InstrumentTable instruments) =>
        RestCaptures.Recognize(market, requestUrl, instruments, "product_id", CountParameters);
}

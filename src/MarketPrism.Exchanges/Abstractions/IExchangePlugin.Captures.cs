namespace MarketPrism.Exchanges.Abstractions;

/// <summary>The captures concern: how <c>normalize</c> recognizes the REST bodies of a recorded session.</summary>
public partial interface IExchangePlugin
{
    /// <summary>
    /// The request the collector makes on <paramref name="market"/> that <paramref name="requestUrl"/> (a captured REST
    /// request, absolute, possibly behind a proxy's path prefix) is: one of the market's polls
    /// (<see cref="IExchangeVenue.GetPolls"/>) or its depth snapshot, with the parser of its body. Null when the
    /// collector never makes that request, so its body gives no records. Throws <see cref="FormatException"/> when the
    /// request names a symbol the market cannot read. WebSocket frames need no recognizing: the market's
    /// <see cref="IExchangeVenue.CreateParser"/> reads every one.
    /// </summary>
    CapturedRestResponse? RecognizeRestResponse(IExchangeVenue market, Uri requestUrl, InstrumentTable instruments);
}

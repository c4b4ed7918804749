using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Hyperliquid;

public sealed partial class HyperliquidPlugin
{
    /// <summary>
    /// Every Hyperliquid request is <c>POST /info</c>, and a capture records the address, not the body that said which
    /// <c>type</c> was asked; so the body's own shape tells (see <see cref="HyperliquidRestParser.Recognize"/>).
    /// </summary>
    public CapturedRestResponse? RecognizeRestResponse(IExchangeVenue market, Uri requestUrl, InstrumentTable instruments) =>
        HyperliquidRestParser.Recognize(market, requestUrl, instruments);
}

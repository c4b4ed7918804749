namespace MarketPrism.Exchanges.Abstractions;

/// <summary>A REST request relative to the market's base address.</summary>
/// <param name="PathAndQuery">E.g. <c>/api/v3/depth?symbol=BTCUSDT&amp;limit=1000</c>.</param>
/// <param name="Endpoint">A low-cardinality name for logs and metrics, e.g. <c>depth</c>.</param>
/// <param name="Weight">The venue's request weight (Binance counts weight, not requests).</param>
public sealed record RestRequest(string PathAndQuery, string Endpoint, int Weight);

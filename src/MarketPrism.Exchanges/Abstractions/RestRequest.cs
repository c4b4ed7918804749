namespace MarketPrism.Exchanges.Abstractions;

/// <summary>A REST request relative to the market's base address.</summary>
/// <param name="PathAndQuery">E.g. <c>/api/v3/depth?symbol=BTCUSDT&amp;limit=1000</c>.</param>
/// <param name="Endpoint">A low-cardinality name for logs and metrics, e.g. <c>depth</c>.</param>
/// <param name="Weight">The venue's request weight (Binance counts weight, not requests).</param>
public sealed record RestRequest(string PathAndQuery, string Endpoint, int Weight)
{
    /// <summary>
    /// A JSON body to POST, or null for a GET (every venue but Hyperliquid, whose public API is one
    /// <c>POST /info</c> with <c>{"type":…}</c> in the body). Default: null.
    /// </summary>
    public string? JsonBody { get; init; }

    /// <summary>Whether the request is a POST of <see cref="JsonBody"/> rather than a GET.</summary>
    public bool IsPost => JsonBody is not null;
}

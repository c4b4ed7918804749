namespace MarketPrism.Exchanges.Bybit;

/// <summary>
/// Bybit v5's public addresses: one WebSocket path per category (<c>wss://stream.bybit.com/v5/public/spot</c>,
/// <c>…/linear</c>, <c>…/inverse</c>; docs "Connect", bybit-exchange.github.io/docs/v5/ws/connect) and one REST host
/// for every category (<c>https://api.bybit.com/v5/market/…?category=</c>).
/// </summary>
public static class BybitEndpoints
{
    public const string WebSocketBase = "wss://stream.bybit.com";

    public const string RestBase = "https://api.bybit.com";

    private const string PublicPath = "/v5/public/";

    /// <summary>The path of a category's public stream: <c>/v5/public/spot</c>, <c>/v5/public/linear</c>, <c>/v5/public/inverse</c>.</summary>
    public static string PublicStreamPath(BybitCategory category) => PublicPath + category.ToWireName();

    /// <summary>
    /// The public stream address of <paramref name="category"/> under <paramref name="baseUrl"/> (null: the public
    /// host). A category path the user may have copied along (<c>/v5/public/linear</c>) is dropped first, so one base
    /// address serves every category of a market (linear and inverse perpetuals share a feed).
    /// </summary>
    public static Uri PublicStreamUri(BybitCategory category, string? baseUrl = null)
    {
        var root = TrimKnownPath(string.IsNullOrWhiteSpace(baseUrl) ? WebSocketBase : baseUrl.Trim());
        return new Uri(root + PublicStreamPath(category), UriKind.Absolute);
    }

    private static string TrimKnownPath(string url)
    {
        var trimmed = url.TrimEnd('/');
        foreach (var category in (ReadOnlySpan<BybitCategory>)[BybitCategory.Spot, BybitCategory.Linear, BybitCategory.Inverse])
        {
            var suffix = PublicStreamPath(category);
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return trimmed[..^suffix.Length];
            }
        }

        return trimmed;
    }
}

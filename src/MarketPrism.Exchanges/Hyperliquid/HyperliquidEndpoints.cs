namespace MarketPrism.Exchanges.Hyperliquid;

/// <summary>
/// Hyperliquid's public addresses: the WebSocket <c>wss://api.hyperliquid.xyz/ws</c> and the REST <c>POST
/// https://api.hyperliquid.xyz/info</c> (docs "Websocket" and "Info endpoint"; testnet: <c>api.hyperliquid-testnet.xyz</c>).
/// </summary>
public static class HyperliquidEndpoints
{
    public const string WebSocketBase = "wss://api.hyperliquid.xyz";

    public const string RestBase = "https://api.hyperliquid.xyz";

    /// <summary>The WebSocket path under the base address.</summary>
    public const string WebSocketPath = "/ws";

    /// <summary>Every public REST request is a POST to this path, with <c>{"type":…}</c> in the body.</summary>
    public const string InfoPath = "/info";

    /// <summary>The stream address under <paramref name="baseUrl"/>; a <c>/ws</c> the user copied along is not doubled.</summary>
    public static Uri WebSocketUri(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var root = baseUrl.ToString().TrimEnd('/');
        if (root.EndsWith(WebSocketPath, StringComparison.OrdinalIgnoreCase))
        {
            root = root[..^WebSocketPath.Length];
        }

        return new Uri(root + WebSocketPath, UriKind.Absolute);
    }
}

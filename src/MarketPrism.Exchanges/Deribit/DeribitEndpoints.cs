namespace MarketPrism.Exchanges.Deribit;

/// <summary>
/// Deribit's public addresses. Market data and requests share one JSON-RPC WebSocket, <c>/ws/api/v2</c>
/// (docs.deribit.com, "WebSocket"); REST methods are the same JSON-RPC methods over HTTP GET under <c>/api/v2/</c>.
/// </summary>
public static class DeribitEndpoints
{
    public const string WebSocket = "wss://www.deribit.com";
    public const string Rest = "https://www.deribit.com";

    /// <summary>The JSON-RPC WebSocket path under the base address.</summary>
    public const string WebSocketPath = "/ws/api/v2";

    /// <summary>
    /// The WebSocket address for a base address, keeping its path (<c>ws://127.0.0.1:8765/deribit</c> becomes
    /// <c>…/deribit/ws/api/v2</c>); a base that already ends in <c>/ws/api/v2</c> is used as it is.
    /// </summary>
    public static Uri WebSocketUri(Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var text = baseAddress.ToString().TrimEnd('/');
        return text.EndsWith(WebSocketPath, StringComparison.Ordinal) ? new Uri(text) : new Uri(text + WebSocketPath);
    }
}

namespace MarketPrism.Exchanges.Bybit;

/// <summary>
/// Bybit v5's published public WebSocket and REST limits (docs "Connect" and "Rate Limit Rules"), and the collector's
/// own choices where Bybit publishes none.
/// </summary>
public static class BybitLimits
{
    /// <summary>
    /// "Spot can input up to 10 args for each subscription request sent to one connection"; contracts have no such
    /// limit, so linear and inverse requests carry more (see <see cref="MaxTopicsPerRequest"/>).
    /// </summary>
    public const int MaxSpotTopicsPerRequest = 10;

    /// <summary>Topics per subscribe request on linear and inverse: no documented limit; kept moderate so one reply answers a modest batch.</summary>
    public const int MaxContractTopicsPerRequest = 100;

    /// <summary>
    /// Bybit limits the <c>args</c> of one public connection to 21,000 characters in total. The longest topic the
    /// collector builds is <c>orderbook.1000.</c> plus a symbol of up to 30 characters, about 50 with quotes and
    /// comma, so 400 topics stay below the limit with room to spare.
    /// </summary>
    public const int MaxTopicsPerConnection = 400;

    /// <summary>
    /// Messages the collector sends per second on one connection. Bybit publishes no rate for public requests; the
    /// collector sends few (subscriptions, one ping per 20 s) and paces them at this.
    /// </summary>
    public const double MaxClientMessagesPerSecond = 10;

    /// <summary>"We recommend that you send the ping heartbeat packet every 20 seconds to maintain the WebSocket connection."</summary>
    public static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(20);

    /// <summary>Largest <c>limit</c> of <c>/v5/market/orderbook</c>: spot 200, linear and inverse 500 (docs "Get Orderbook").</summary>
    public static int MaxRestDepth(BybitCategory category) => category == BybitCategory.Spot ? 200 : 500;

    public static int MaxTopicsPerRequest(BybitCategory category) =>
        category == BybitCategory.Spot ? MaxSpotTopicsPerRequest : MaxContractTopicsPerRequest;

    /// <summary><paramref name="levels"/> clamped to 1..<see cref="MaxRestDepth"/>.</summary>
    public static int RestDepthLimit(BybitCategory category, int levels) => Math.Clamp(levels, 1, MaxRestDepth(category));

    /// <summary>Whether <paramref name="depth"/> is a book depth the collector can subscribe (<see cref="BybitTopics.BookDepths"/>).</summary>
    public static bool IsBookDepth(int depth)
    {
        foreach (var allowed in BybitTopics.BookDepths)
        {
            if (allowed == depth)
            {
                return true;
            }
        }

        return false;
    }
}

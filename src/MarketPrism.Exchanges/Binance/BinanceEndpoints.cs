namespace MarketPrism.Exchanges.Binance;

/// <summary>
/// Binance's public addresses and the WebSocket path each stream needs.
/// </summary>
/// <remarks>
/// USDⓈ-M futures split its WebSocket traffic by path in 2026: <c>wss://fstream.binance.com/public</c> for
/// high-frequency public data, <c>/market</c> for regular market data and <c>/private</c> for user data; the legacy
/// unrouted URLs were retired on 2026-04-23, and a connection without a routed path only receives <c>/public</c>
/// streams (a <c>@markPrice</c> subscription there silently delivers nothing). Sources: Binance docs,
/// "Important WebSocket Change Notice — Base URL Split &amp; Migration"
/// (developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams/Important-WebSocket-Change-Notice)
/// and the USDⓈ-M "Websocket Market Streams" page. Spot and COIN-M are unchanged.
/// <para>Which streams are "public": depth (diff and partial), <c>rpiDepth</c> and <c>bookTicker</c> in every source;
/// <c>@trade</c> is placed on <c>/public</c> by tardis-node (<c>src/realtimefeeds/binance.ts</c>,
/// <c>BINANCE_FUTURES_PUBLIC_CHANNELS = bookTicker, depth, depthSnapshot, trade</c>) and by ccxt after its migration
/// (ccxt issue #28083), although ccxt's first migration PR (#28091) listed it under <c>/market</c>. We follow the
/// later sources; everything else (aggTrade, markPrice, forceOrder, klines, tickers) is <c>/market</c>.</para>
/// </remarks>
public static class BinanceEndpoints
{
    public const string SpotWebSocket = "wss://stream.binance.com:9443";
    public const string UsdMarginedWebSocket = "wss://fstream.binance.com";
    public const string CoinMarginedWebSocket = "wss://dstream.binance.com";

    public const string SpotRest = "https://api.binance.com";
    public const string UsdMarginedRest = "https://fapi.binance.com";
    public const string CoinMarginedRest = "https://dapi.binance.com";

    /// <summary>The public WebSocket base address of <paramref name="venue"/> (no path).</summary>
    public static string WebSocketBase(BinanceVenue venue) => venue switch
    {
        BinanceVenue.Spot => SpotWebSocket,
        BinanceVenue.UsdMargined => UsdMarginedWebSocket,
        BinanceVenue.CoinMargined => CoinMarginedWebSocket,
        _ => throw new ArgumentOutOfRangeException(nameof(venue), venue, null),
    };

    /// <summary>The public REST base address of <paramref name="venue"/> (no path).</summary>
    public static string RestBase(BinanceVenue venue) => venue switch
    {
        BinanceVenue.Spot => SpotRest,
        BinanceVenue.UsdMargined => UsdMarginedRest,
        BinanceVenue.CoinMargined => CoinMarginedRest,
        _ => throw new ArgumentOutOfRangeException(nameof(venue), venue, null),
    };

    /// <summary>
    /// The route a stream must be subscribed on. Spot and COIN-M: always <see cref="BinanceStreamRoute.Root"/>.
    /// USDⓈ-M: <see cref="BinanceStreamRoute.Public"/> for depth, rpiDepth, bookTicker and trade, else
    /// <see cref="BinanceStreamRoute.Market"/>.
    /// </summary>
    public static BinanceStreamRoute RouteOf(BinanceVenue venue, string streamName)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamName);
        if (venue != BinanceVenue.UsdMargined)
        {
            return BinanceStreamRoute.Root;
        }

        var name = streamName.AsSpan();
        ReadOnlySpan<char> kind;
        if (name[0] == '!')
        {
            kind = name[1..];
        }
        else
        {
            var at = name.IndexOf('@');
            kind = at < 0 ? [] : name[(at + 1)..];
        }

        return kind.StartsWith("depth", StringComparison.Ordinal)
            || kind.StartsWith("rpiDepth", StringComparison.Ordinal)
            || IsKind(kind, "bookTicker")
            || IsKind(kind, "trade")
            ? BinanceStreamRoute.Public
            : BinanceStreamRoute.Market;
    }

    /// <summary>The combined-stream path of a route: <c>/stream</c>, <c>/public/stream</c> or <c>/market/stream</c>.</summary>
    public static string CombinedStreamPath(BinanceStreamRoute route) => route switch
    {
        BinanceStreamRoute.Root => "/stream",
        BinanceStreamRoute.Public => "/public/stream",
        BinanceStreamRoute.Market => "/market/stream",
        _ => throw new ArgumentOutOfRangeException(nameof(route), route, null),
    };

    /// <summary>
    /// The combined-stream address to connect to (streams are then added with SUBSCRIBE, so the URL stays short).
    /// </summary>
    /// <param name="baseUrl">
    /// A configured base address, or null for the public one. A path the user may have copied along
    /// (<c>/stream</c>, <c>/ws</c>, <c>/public</c>, <c>/market</c>) is dropped, so the route is always added once.
    /// </param>
    public static Uri CombinedStreamUri(BinanceVenue venue, BinanceStreamRoute route, string? baseUrl = null)
    {
        if (venue != BinanceVenue.UsdMargined && route != BinanceStreamRoute.Root)
        {
            throw new ArgumentException($"Only USDⓈ-M futures routes streams; {venue} uses the root path.", nameof(route));
        }

        var root = TrimKnownPath(string.IsNullOrWhiteSpace(baseUrl) ? WebSocketBase(venue) : baseUrl.Trim());
        return new Uri(root + CombinedStreamPath(route), UriKind.Absolute);
    }

    private static string TrimKnownPath(string url)
    {
        var trimmed = url.TrimEnd('/');
        foreach (var suffix in (ReadOnlySpan<string>)["/stream", "/ws"])
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                trimmed = trimmed[..^suffix.Length];
                break;
            }
        }

        foreach (var suffix in (ReadOnlySpan<string>)["/public", "/market", "/private"])
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                trimmed = trimmed[..^suffix.Length];
                break;
            }
        }

        return trimmed;
    }

    private static bool IsKind(ReadOnlySpan<char> kind, string name) =>
        kind.StartsWith(name, StringComparison.Ordinal) && (kind.Length == name.Length || kind[name.Length] == '@');
}

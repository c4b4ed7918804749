namespace MarketPrism.Exchanges.Okx;

/// <summary>OKX v5 public addresses and REST paths (relative to the REST base).</summary>
public static class OkxEndpoints
{
    /// <summary>REST base of every public endpoint.</summary>
    public const string RestBase = "https://www.okx.com";

    /// <summary>WebSocket host; the public and business services are paths under it.</summary>
    public const string WebSocketBase = "wss://ws.okx.com:8443";

    /// <summary>The connection group of the public service, which carries every channel the collector subscribes.</summary>
    public const string PublicGroup = "public";

    /// <summary>The WebSocket address of a service (<c>public</c>: <c>/ws/v5/public</c>) under a base address.</summary>
    public static Uri WebSocketUri(Uri baseAddress, string group)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentException.ThrowIfNullOrEmpty(group);
        return new Uri($"{baseAddress.ToString().TrimEnd('/')}/ws/v5/{group}");
    }

    /// <summary>
    /// Most levels a side <c>GET /api/v5/market/books</c> returns (<c>sz</c> up to 400, as many as the <c>books</c>
    /// channel keeps). <c>books-full</c> goes to 5000 but carries no <c>seqId</c>, so it cannot be bridged to the stream.
    /// </summary>
    public const int MaxBooksDepth = 400;

    /// <summary>
    /// <c>/api/v5/market/books?instId=&amp;sz=</c>: the order book with the <c>seqId</c> it reflects (40 requests per 2 s
    /// per IP); <paramref name="depth"/> is clamped to 1..<see cref="MaxBooksDepth"/>.
    /// </summary>
    public static string BooksPath(string instId, int depth) =>
        $"/api/v5/market/books?instId={Escape(instId)}&sz={Math.Clamp(depth, 1, MaxBooksDepth).ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary><c>/api/v5/public/funding-rate?instId=</c> (10 requests per 2 s per IP and instrument).</summary>
    public static string FundingRatePath(string instId) => $"/api/v5/public/funding-rate?instId={Escape(instId)}";

    /// <summary><c>/api/v5/public/open-interest?instType=&amp;instId=</c> (20 requests per 2 s per IP and instrument).</summary>
    public static string OpenInterestPath(string instType, string instId) =>
        $"/api/v5/public/open-interest?instType={Escape(instType)}&instId={Escape(instId)}";

    /// <summary>
    /// The rubik contract long/short ratio of <paramref name="kind"/> for the latest <paramref name="period"/>
    /// (<c>limit=1</c>; 5 requests per 2 s per IP and instrument):
    /// <c>long-short-account-ratio-contract</c> (all accounts), <c>long-short-account-ratio-contract-top-trader</c>
    /// (top traders by account) or <c>long-short-position-ratio-contract-top-trader</c> (top traders by position).
    /// </summary>
    public static string LongShortRatioPath(Core.Model.LongShortRatioKind kind, string instId, string period)
    {
        var endpoint = kind switch
        {
            Core.Model.LongShortRatioKind.AllAccount => "long-short-account-ratio-contract",
            Core.Model.LongShortRatioKind.TopAccount => "long-short-account-ratio-contract-top-trader",
            Core.Model.LongShortRatioKind.TopPosition => "long-short-position-ratio-contract-top-trader",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return $"/api/v5/rubik/stat/contracts/{endpoint}?instId={Escape(instId)}&period={Escape(period)}&limit=1";
    }

    private static string Escape(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return Uri.EscapeDataString(value);
    }
}

namespace MarketPrism.Simulator.Engine;

/// <summary>The kind of failure a venue's REST endpoints are told to answer with.</summary>
internal enum RestFaultStatus
{
    /// <summary>HTTP 429: request weight exceeded; the client must back off for <c>Retry-After</c>.</summary>
    TooManyRequests = 429,

    /// <summary>HTTP 418: the client address is banned until the time in the body; requests during the ban are violations.</summary>
    Banned = 418,
}

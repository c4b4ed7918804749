namespace MarketPrism.Exchanges.Binance;

/// <summary>What a Binance payload is, from its stream name or its <c>e</c> field.</summary>
internal enum BinanceEventKind : byte
{
    /// <summary>Neither the stream name nor the event type said; decided from <c>e</c> when there is one.</summary>
    Unknown,
    Trade,
    AggTrade,

    /// <summary>Diff depth (<c>&lt;sym&gt;@depth[@speed]</c>, event <c>depthUpdate</c>).</summary>
    DepthUpdate,
    BookTicker,
    MarkPrice,
    ForceOrder,

    /// <summary>tardis-generated <c>&lt;sym&gt;@depthSnapshot</c>: a REST depth body inside the stream wrapper.</summary>
    DepthSnapshot,

    /// <summary>tardis-generated <c>&lt;sym&gt;@openInterest</c>: a polled REST open-interest body.</summary>
    OpenInterest,
    ServerShutdown,

    /// <summary>A known stream the collector does not normalize (klines, tickers, partial depth, …).</summary>
    Ignored,
}

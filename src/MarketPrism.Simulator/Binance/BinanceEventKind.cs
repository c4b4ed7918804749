namespace MarketPrism.Simulator.Binance;

/// <summary>What a timeline event of a Binance session is.</summary>
internal enum BinanceEventKind : byte
{
    /// <summary>A recorded depth diff, applied to the truth.</summary>
    DepthDiff,

    /// <summary>A recorded best bid/ask.</summary>
    BookTicker,

    /// <summary>A recorded aggregate trade.</summary>
    AggregateTrade,

    /// <summary>A recorded raw trade.</summary>
    Trade,

    /// <summary>A trade derived from an aggregate trade (one per aggregate trade, <c>t</c> a running id).</summary>
    DerivedTrade,

    /// <summary>A recorded candle.</summary>
    Candle,

    /// <summary>A synthetic USD-M mark price (<c>markPrice@1s</c>; every third one also on <c>markPrice</c>).</summary>
    MarkPrice,

    /// <summary>A synthetic USD-M liquidation (<c>forceOrder</c> and <c>!forceOrder@arr</c>).</summary>
    Liquidation,

    /// <summary>Any other recorded frame, replayed with its event time shifted.</summary>
    Other,
}

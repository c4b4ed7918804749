namespace MarketPrism.Simulator.Bybit;

/// <summary>What one event of a Bybit session generates.</summary>
internal enum BybitEventKind : byte
{
    /// <summary>A recorded book delta: the truth changes and every depth's topic (and the top of book) follows.</summary>
    Book,

    /// <summary>Synthetic trades at the best price of the true book (<c>publicTrade</c>).</summary>
    Trades,

    /// <summary>The ticker recomputed from the truth and the trades (<c>tickers</c>).</summary>
    Ticker,

    /// <summary>A synthetic liquidation (<c>allLiquidation</c>, contracts only).</summary>
    Liquidation,
}

/// <summary>One event of a pass, at its recorded offset from the symbol's snapshot.</summary>
/// <param name="Kind">What it generates.</param>
/// <param name="Symbol">The symbol it belongs to.</param>
/// <param name="Offset">Recorded time since the symbol's snapshot.</param>
/// <param name="Delta">For <see cref="BybitEventKind.Book"/>: the recorded delta.</param>
/// <param name="TradeCount">For <see cref="BybitEventKind.Trades"/>: trades in the frame.</param>
internal sealed record BybitEvent(BybitEventKind Kind, BybitSymbol Symbol, TimeSpan Offset, BybitRecordedUpdate? Delta = null, int TradeCount = 0);

namespace MarketPrism.Simulator;

/// <summary>The ids generated so far on one trade stream of a symbol.</summary>
/// <param name="Venue">Venue name.</param>
/// <param name="Symbol">Exchange symbol.</param>
/// <param name="Stream">Stream kind: <c>trade</c> or <c>aggTrade</c>.</param>
/// <param name="Count">Number of ids generated.</param>
/// <param name="Ranges">The ids as runs of consecutive ids, in generation order.</param>
public sealed record GeneratedIds(string Venue, string Symbol, string Stream, long Count, IdRange[] Ranges);

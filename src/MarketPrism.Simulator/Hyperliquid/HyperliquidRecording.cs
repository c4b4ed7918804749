namespace MarketPrism.Simulator.Hyperliquid;

/// <summary>One level of an <c>l2Book</c> side: price, size and <c>n</c>, the number of orders resting there.</summary>
internal readonly record struct HyperliquidLevel(decimal Price, decimal Size, int Orders);

/// <summary>A recorded <c>l2Book</c> push: the whole book (up to 20 levels a side) at the exchange time <c>time</c> (ms).</summary>
internal sealed record HyperliquidRecordedBook(string Coin, long Time, HyperliquidLevel[] Bids, HyperliquidLevel[] Asks);

/// <summary>
/// One recorded fill of a <c>trades</c> push. <c>side</c> is the aggressor's (<c>B</c> buy, <c>A</c> sell); <c>tid</c> is
/// unique but neither ordered nor contiguous; fills of one order share <c>hash</c>; <c>users</c> is [buyer, seller].
/// </summary>
internal sealed record HyperliquidRecordedTrade(string Coin, string Side, decimal Price, decimal Size, long Time, string Hash, long Tid, string[] Users);

/// <summary>A recorded push at its offset from the start of the capture: a book, or a list of trades of one coin.</summary>
internal sealed record HyperliquidRecordedPush(TimeSpan Offset, string Coin, HyperliquidRecordedBook? Book, HyperliquidRecordedTrade[]? Trades);

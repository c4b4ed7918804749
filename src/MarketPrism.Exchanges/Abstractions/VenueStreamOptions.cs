namespace MarketPrism.Exchanges.Abstractions;

/// <summary>Per-exchange choices that change which streams are used.</summary>
/// <param name="UseAggregatedTrades">Binance: <c>aggTrade</c> instead of <c>trade</c>.</param>
public sealed record VenueStreamOptions(bool UseAggregatedTrades = false);

namespace MarketPrism.Exchanges.Abstractions;

/// <summary>Per-exchange choices that change which streams are used and how they are read.</summary>
/// <param name="UseAggregatedTrades">Binance: <c>aggTrade</c> instead of <c>trade</c>.</param>
/// <param name="BookDepth">
/// Levels of the venue's in-band book stream (Bybit <c>orderbook.{depth}</c>); 0 means the venue's default. Venues
/// whose books come from REST snapshots ignore it.
/// </param>
/// <param name="StrictBookContinuity">
/// Bybit: a skipped book update id resynchronizes the book instead of being applied and counted
/// (<see cref="Bybit.BybitBookRules"/>). Other venues ignore it.
/// </param>
public sealed record VenueStreamOptions(bool UseAggregatedTrades = false, int BookDepth = 0, bool StrictBookContinuity = false);

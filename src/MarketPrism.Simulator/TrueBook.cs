using MarketPrism.Core.Model;

namespace MarketPrism.Simulator;

/// <summary>The simulator's true order book for a symbol: what a client that applied every generated diff holds.</summary>
/// <param name="Venue">Venue name.</param>
/// <param name="Symbol">Exchange symbol (<c>NKNUSDT</c>).</param>
/// <param name="LastUpdateId">Update id of the last diff generated (what a REST snapshot taken now reports).</param>
/// <param name="Bids">Bid levels, best first.</param>
/// <param name="Asks">Ask levels, best first.</param>
public sealed record TrueBook(string Venue, string Symbol, long LastUpdateId, BookLevel[] Bids, BookLevel[] Asks);


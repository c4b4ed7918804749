using MarketPrism.Core.Model;

namespace MarketPrism.Simulator;

/// <summary>The simulator's true order book for a symbol: what a client that applied every generated diff holds.</summary>
/// <param name="Venue">Venue name.</param>
/// <param name="Symbol">Exchange symbol (<c>NKNUSDT</c>).</param>
/// <param name="LastUpdateId">Update id of the last diff generated (what a REST snapshot taken now reports).</param>
/// <param name="Bids">Bid levels, best first.</param>
/// <param name="Asks">Ask levels, best first.</param>
public sealed record TrueBook(string Venue, string Symbol, long LastUpdateId, BookLevel[] Bids, BookLevel[] Asks);

/// <summary>The ids generated so far on one trade stream of a symbol.</summary>
/// <param name="Venue">Venue name.</param>
/// <param name="Symbol">Exchange symbol.</param>
/// <param name="Stream">Stream kind: <c>trade</c> or <c>aggTrade</c>.</param>
/// <param name="Count">Number of ids generated.</param>
/// <param name="Ranges">The ids as runs of consecutive ids, in generation order.</param>
public sealed record GeneratedIds(string Venue, string Symbol, string Stream, long Count, IdRange[] Ranges);

/// <summary>How the disconnect fault ends a connection.</summary>
public enum DisconnectMode
{
    /// <summary>A clean WebSocket close frame (1001, going away), then the TCP close.</summary>
    Close,

    /// <summary>No close frame: the TCP connection is reset (RST).</summary>
    Reset,
}

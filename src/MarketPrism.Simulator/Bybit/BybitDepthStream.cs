using MarketPrism.Core.Model;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Bybit;

/// <summary>
/// One <c>orderbook.{depth}.{symbol}</c> topic: the top <see cref="Depth"/> levels of the symbol's true book as last
/// published, and the topic's own update id <c>u</c>, which rises by one with every message that changes it. Touched
/// under the symbol's lock.
/// </summary>
internal sealed class BybitDepthStream
{
    public BybitDepthStream(int depth, StreamChannel channel, long firstUpdateId)
    {
        Depth = depth;
        Channel = channel;
        UpdateId = firstUpdateId;
    }

    public int Depth { get; }

    public StreamChannel Channel { get; }

    /// <summary>The <c>u</c> of the last message (what a snapshot taken now carries).</summary>
    public long UpdateId { get; set; }

    /// <summary>The levels a subscriber holds after the last message, best first.</summary>
    public BookLevel[] Bids { get; set; } = [];

    public BookLevel[] Asks { get; set; } = [];

    /// <summary>Depth 1: when (recorded time, ms) the top of book was last pushed, for the 3 s re-push of an unchanged one.</summary>
    public long LastPushTime { get; set; }

    /// <summary>Depth 1 is the top of book, sent as snapshots only.</summary>
    public bool IsTopOfBook => Depth == 1;
}

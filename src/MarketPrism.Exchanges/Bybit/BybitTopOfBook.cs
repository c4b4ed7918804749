using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Bybit;

/// <summary>
/// The best bid and ask of one symbol as the <c>orderbook.1</c> topic last stated them. Today every message of that
/// topic is a snapshot ("Linear, inverse, spot level 1 data has snapshot message only"), but earlier versions sent
/// deltas too (two real ones are in the recordings), so a delta is applied to the side it names: a level with a
/// size replaces the side's best, a zero size at the best empties it. After a gap in <c>u</c> a side is unknown until
/// a message states it again.
/// </summary>
internal sealed class BybitTopOfBook
{
    public long UpdateId { get; private set; }

    public bool BidKnown { get; private set; }

    public bool AskKnown { get; private set; }

    /// <summary>The best bid; null when the side is empty (or unknown).</summary>
    public BookLevel? Bid { get; private set; }

    public BookLevel? Ask { get; private set; }

    public void Load(long updateId, BookLevel[] bids, BookLevel[] asks)
    {
        UpdateId = updateId;
        Bid = Best(bids);
        Ask = Best(asks);
        BidKnown = true;
        AskKnown = true;
    }

    public void Apply(long updateId, BookLevel[] bids, BookLevel[] asks)
    {
        if (updateId != UpdateId + 1)
        {
            // A gap (or a replay): what happened in between is unknown.
            BidKnown = false;
            AskKnown = false;
        }

        UpdateId = updateId;
        var bid = Bid;
        var bidKnown = BidKnown;
        ApplySide(bids, ref bid, ref bidKnown);
        Bid = bid;
        BidKnown = bidKnown;

        var ask = Ask;
        var askKnown = AskKnown;
        ApplySide(asks, ref ask, ref askKnown);
        Ask = ask;
        AskKnown = askKnown;
    }

    private static void ApplySide(BookLevel[] levels, ref BookLevel? best, ref bool known)
    {
        foreach (var level in levels)
        {
            if (level.Size != 0)
            {
                best = level;
                known = true;
            }
            else if (known && best is { } current && current.Price == level.Price)
            {
                best = null;
            }
        }
    }

    private static BookLevel? Best(BookLevel[] levels)
    {
        foreach (var level in levels)
        {
            if (level.Size != 0)
            {
                return level;
            }
        }

        return null;
    }
}

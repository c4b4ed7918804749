using MarketPrism.Core.Model;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Binance;

/// <summary>One event of a Binance session's timeline.</summary>
internal sealed class BinanceEvent
{
    public required TimeSpan Offset { get; init; }

    public required BinanceEventKind Kind { get; init; }

    public required StreamChannel Channel { get; init; }

    public BinanceSymbol? Symbol { get; init; }

    /// <summary>The frame to render; null for synthetic events, which are rendered from the truth when generated.</summary>
    public FrameTemplate? Template { get; init; }

    /// <summary>Frames that precede the truth's starting point: replayed in the first pass only.</summary>
    public bool FirstPassOnly { get; init; }

    /// <summary>Final update id as recorded: a depth diff's <c>u</c>, a bookTicker's <c>u</c>.</summary>
    public long FinalUpdateId { get; init; }

    /// <summary>Recorded time (ms) at which the event's capture file starts; retiming maps it to "now".</summary>
    public long OriginMs { get; init; }

    /// <summary>Recorded event time (ms), or the synthetic event's time on the recorded clock.</summary>
    public long EventTime { get; init; }

    /// <summary>Recorded transaction time (ms) of a USD-M depth diff, else the event time.</summary>
    public long TransactionTime { get; init; }

    /// <summary>Depth diff: bid changes.</summary>
    public BookLevel[] Bids { get; init; } = [];

    /// <summary>Depth diff: ask changes.</summary>
    public BookLevel[] Asks { get; init; } = [];

    /// <summary>Recorded aggregate trade id (<c>a</c>) or trade id (<c>t</c>).</summary>
    public long TradeKey { get; init; }

    /// <summary>Mark price: whether this second also feeds the 3-second <c>markPrice</c> stream.</summary>
    public StreamChannel? SecondaryChannel { get; init; }
}

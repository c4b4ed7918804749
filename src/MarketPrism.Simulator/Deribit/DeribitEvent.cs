using MarketPrism.Core.Model;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Deribit;

/// <summary>One event of the Deribit timeline, with what it needs to be generated.</summary>
internal sealed class DeribitEvent
{
    public required DeribitEventKind Kind { get; init; }

    /// <summary>Recorded time from the start of the pass.</summary>
    public required TimeSpan Offset { get; init; }

    /// <summary>The event's exchange time (ms) as recorded, or as synthesized on the recorded clock.</summary>
    public required long Time { get; init; }

    public DeribitInstrument? Instrument { get; init; }

    /// <summary>Recorded ticker: the notification as recorded, served under the <c>100ms</c> channel name.</summary>
    public FrameTemplate? Template { get; init; }

    /// <summary>Recorded book change: the levels with their recorded actions.</summary>
    public DeribitLevel[] Bids { get; init; } = [];

    public DeribitLevel[] Asks { get; init; } = [];

    /// <summary>Recorded book change: <c>change_id - prev_change_id</c>, the step kept when ids are renumbered.</summary>
    public long ChangeStep { get; init; } = 1;

    /// <summary>Synthetic events: the recorded index price of the currency at this moment.</summary>
    public decimal IndexPrice { get; init; }

    /// <summary>Synthetic events: a running number that makes every generated value deterministic.</summary>
    public int Sequence { get; init; }

    /// <summary>Volatility index: the value and where it goes.</summary>
    public decimal Volatility { get; init; }

    public string? IndexName { get; init; }

    public StreamChannel? Channel { get; init; }
}

/// <summary>A book level as Deribit sends it: an action and the absolute amount (0 with <c>delete</c>).</summary>
internal readonly record struct DeribitLevel(string Action, decimal Price, decimal Amount)
{
    public BookLevel ToBookLevel() => new(Price, Action == "delete" ? 0m : Amount);
}

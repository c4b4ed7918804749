namespace MarketPrism.Simulator.Engine;

/// <summary>What a patched number in a frame stands for, which decides the value written in its place.</summary>
internal enum PatchKind : byte
{
    /// <summary>An epoch-milliseconds time: shifted by <see cref="PatchValues.TimeShift"/>.</summary>
    Time,

    /// <summary>An order-book update id (<c>U</c>, <c>u</c>, bookTicker <c>u</c>): shifted by <see cref="PatchValues.UpdateIdShift"/>.</summary>
    UpdateId,

    /// <summary>The previous diff's final update id (<c>pu</c>): replaced by the previous generated id when there is one.</summary>
    PreviousUpdateId,

    /// <summary>An aggregate trade id: shifted by <see cref="PatchValues.AggregateIdShift"/>.</summary>
    AggregateId,

    /// <summary>A trade id (<c>f</c>, <c>l</c>, recorded <c>t</c>): shifted by <see cref="PatchValues.TradeIdShift"/>.</summary>
    TradeId,

    /// <summary>A trade id assigned by the simulator (<c>t</c> of a derived trade): replaced by <see cref="PatchValues.AssignedTradeId"/>.</summary>
    AssignedTradeId,

    /// <summary>Start of a candle's interval: re-aligned to the interval holding the shifted event time.</summary>
    CandleOpenTime,

    /// <summary>End of a candle's interval (start + interval − 1 ms).</summary>
    CandleCloseTime,
}

/// <summary>One number inside a template: where it is and what it means.</summary>
internal readonly record struct FramePatch(int Start, int Length, PatchKind Kind, long Original);

/// <summary>The values a frame is rendered with for one pass of the timeline.</summary>
internal struct PatchValues
{
    public long TimeShift;
    public long UpdateIdShift;
    public bool HasPreviousUpdateId;
    public long PreviousUpdateId;
    public long AggregateIdShift;
    public long TradeIdShift;
    public long AssignedTradeId;
}

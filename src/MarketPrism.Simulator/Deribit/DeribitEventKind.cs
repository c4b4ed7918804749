namespace MarketPrism.Simulator.Deribit;

/// <summary>What one event of the Deribit timeline generates.</summary>
internal enum DeribitEventKind : byte
{
    /// <summary>A recorded option ticker, replayed (time shifted).</summary>
    RecordedTicker,

    /// <summary>A recorded option book change: applied to the truth and sent with the next change id; a quote follows when the top changed.</summary>
    RecordedBookChange,

    /// <summary>A synthetic perpetual's second: its book moves to follow the index, then a quote (if the top changed) and a ticker.</summary>
    PerpetualTick,

    /// <summary>A synthetic perpetual trade against the top of the book, now and then flagged as a liquidation.</summary>
    PerpetualTrade,

    /// <summary>A synthetic DVOL value of one currency.</summary>
    VolatilityIndex,
}

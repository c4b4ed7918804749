namespace MarketPrism.Core.Model;

/// <summary>Open interest of a derivative (<c>open_interest</c>).</summary>
public sealed class OpenInterestRecord : MarketRecord
{
    public override DataType DataType => DataType.OpenInterest;

    /// <summary>Contracts or base units, exactly as the exchange reports them.</summary>
    public required decimal OpenInterest { get; init; }

    /// <summary>Quote value (open interest x mark price); null when no mark price is known yet.</summary>
    public decimal? OpenInterestValue { get; init; }
}

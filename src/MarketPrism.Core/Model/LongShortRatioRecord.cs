namespace MarketPrism.Core.Model;

/// <summary>The share of long versus short positions or accounts over a period (<c>long_short_ratio</c>).</summary>
public sealed class LongShortRatioRecord : MarketRecord
{
    public override DataType DataType => DataType.LongShortRatio;

    /// <summary>Whose positions are counted: <c>top_position</c>, <c>top_account</c> or <c>all_account</c>.</summary>
    public required LongShortRatioKind Kind { get; init; }

    /// <summary>Share of longs, 0..1, where the venue gives it.</summary>
    public decimal? LongRatio { get; init; }

    /// <summary>Share of shorts, 0..1, where the venue gives it.</summary>
    public decimal? ShortRatio { get; init; }

    /// <summary>Longs divided by shorts.</summary>
    public required decimal LongShortRatio { get; init; }

    /// <summary>The venue's aggregation period, e.g. <c>5m</c>.</summary>
    public required string Period { get; init; }
}

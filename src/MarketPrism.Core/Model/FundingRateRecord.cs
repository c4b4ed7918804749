namespace MarketPrism.Core.Model;

/// <summary>Funding of a perpetual (<c>funding_rate</c>), with the plan's fields.</summary>
public sealed class FundingRateRecord : MarketRecord
{
    public override DataType DataType => DataType.FundingRate;

    /// <summary>The rate that applies at <see cref="NextFundingTime"/> as the exchange currently states it.</summary>
    public required decimal FundingRate { get; init; }

    /// <summary>A separately published estimate of the following period's rate, where the venue has one.</summary>
    public decimal? EstimatedRate { get; init; }

    public DateTime? NextFundingTime { get; init; }

    public decimal? MarkPrice { get; init; }

    public decimal? IndexPrice { get; init; }

    /// <summary>Mark minus index; null unless both are known.</summary>
    public decimal? PremiumIndex => MarkPrice is { } mark && IndexPrice is { } index ? mark - index : null;
}

namespace MarketPrism.Collector.Scheduling;

/// <summary>The scheduler jobs the collector knows (<c>scheduler.jobs.&lt;name&gt;</c>).</summary>
public static class JobNames
{
    /// <summary>REST funding-rate polls (Binance <c>/fapi/v1/premiumIndex</c>).</summary>
    public const string FundingRate = "funding_rate";

    /// <summary>REST open-interest polls (Binance <c>/fapi/v1/openInterest</c>).</summary>
    public const string OpenInterest = "open_interest";

    /// <summary>Checks every liquidation stream is alive; polls REST where a venue offers liquidations there.</summary>
    public const string LiquidationMonitor = "liquidation_monitor";

    /// <summary>REST long/short ratio polls (Binance USD-M <c>/futures/data/*LongShort*Ratio</c>, OKX rubik statistics).</summary>
    public const string LongShortRatio = "long_short_ratio";
}

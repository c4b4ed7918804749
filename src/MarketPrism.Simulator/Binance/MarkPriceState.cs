namespace MarketPrism.Simulator.Binance;

/// <summary>The last synthetic mark price of a USD-M symbol, which <c>/fapi/v1/premiumIndex</c> answers with.</summary>
internal readonly record struct MarkPriceState(
    decimal MarkPrice,
    decimal IndexPrice,
    decimal EstimatedSettlePrice,
    decimal FundingRate,
    long NextFundingTime,
    long Time);

namespace MarketPrism.Core.Model;

/// <summary>Whose positions a long/short ratio counts.</summary>
public enum LongShortRatioKind : byte
{
    /// <summary>Top traders, by position size (Binance <c>topLongShortPositionRatio</c>).</summary>
    TopPosition,

    /// <summary>Top traders, by number of accounts (Binance <c>topLongShortAccountRatio</c>).</summary>
    TopAccount,

    /// <summary>All accounts (Binance <c>globalLongShortAccountRatio</c>).</summary>
    AllAccount,
}

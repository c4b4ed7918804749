namespace MarketPrism.Core.Model;

/// <summary>The instrument kind of a market. The symbol itself is always <c>BASE-QUOTE</c>.</summary>
public enum MarketType : byte
{
    Spot,
    Perpetual,
    Futures,
    Option,
}

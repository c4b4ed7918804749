namespace MarketPrism.Core.Model;

/// <summary>The plan's <c>instrument_type</c> of a liquidation: the venue's product family.</summary>
public enum InstrumentType : byte
{
    Spot,
    Margin,
    Swap,
    Futures,
    Option,
}

namespace MarketPrism.Core.Instruments;

/// <summary>How a derivative settles: linear contracts are margined in the quote asset, inverse ones in the base asset.</summary>
public enum ContractKind : byte
{
    /// <summary>Spot: not a contract.</summary>
    None,
    Linear,
    Inverse,
}

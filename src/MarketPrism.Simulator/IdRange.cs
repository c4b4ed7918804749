namespace MarketPrism.Simulator;

/// <summary>A run of consecutive ids, both ends included.</summary>
/// <param name="First">First id of the run.</param>
/// <param name="Last">Last id of the run.</param>
public readonly record struct IdRange(long First, long Last)
{
    /// <summary>Number of ids in the run.</summary>
    public long Count => Last - First + 1;
}

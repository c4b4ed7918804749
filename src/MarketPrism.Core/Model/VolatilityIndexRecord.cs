namespace MarketPrism.Core.Model;

/// <summary>
/// A volatility index value (<c>volatility_index</c>), e.g. Deribit's DVOL: the market's expectation of annualized
/// volatility, in percent, implied by option prices. The symbol names the underlying index (<c>BTC-USD</c>).
/// </summary>
public sealed class VolatilityIndexRecord : MarketRecord
{
    public override DataType DataType => DataType.VolatilityIndex;

    public required decimal Volatility { get; init; }
}

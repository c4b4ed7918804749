using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Hyperliquid;

/// <summary>The <c>options:</c> of a Hyperliquid entry: none (the book depth is fixed at 20 levels and there is one stream per data type).</summary>
public sealed class HyperliquidOptions : IVenueOptions
{
    public void Validate(string path, IConfigReport report)
    {
    }
}

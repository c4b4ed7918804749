using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Symbols;

namespace MarketPrism.Exchanges.Hyperliquid;

/// <summary>
/// The Hyperliquid plug-in: its perpetuals (the main dex and HIP-3 builder-deployed dexes, <c>dex:COIN</c>) and its
/// symbol convention (see <see cref="IExchangePlugin"/>). Spot pairs are not collected yet: all but <c>PURR/USDC</c>
/// are addressed by their index in <c>spotMeta</c> (<c>@107</c>), which needs reference data fetched before subscribing.
/// </summary>
public sealed partial class HyperliquidPlugin : IExchangePlugin
{
    public string Exchange => HyperliquidSymbols.Exchange;

    public IReadOnlyList<IExchangeVenue> Markets { get; } =
    [
        new HyperliquidExchangeVenue(MarketType.Perpetual),
    ];

    public ISymbolConvention Symbols { get; } = new HyperliquidSymbolConvention();
}

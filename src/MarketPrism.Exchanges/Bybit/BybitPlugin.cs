using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Symbols;

namespace MarketPrism.Exchanges.Bybit;

/// <summary>The Bybit plug-in: its markets and symbol convention (see <see cref="IExchangePlugin"/>).</summary>
public sealed partial class BybitPlugin : IExchangePlugin
{
    public string Exchange => BybitSymbols.Exchange;

    public IReadOnlyList<IExchangeVenue> Markets { get; } =
    [
        new BybitExchangeVenue(MarketType.Spot),
        new BybitExchangeVenue(MarketType.Perpetual),
    ];

    public ISymbolConvention Symbols { get; } = new BybitSymbolConvention();
}

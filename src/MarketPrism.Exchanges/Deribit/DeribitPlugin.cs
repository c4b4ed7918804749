using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Symbols;

namespace MarketPrism.Exchanges.Deribit;

/// <summary>The Deribit plug-in: its markets and symbol convention (see <see cref="IExchangePlugin"/>).</summary>
public sealed partial class DeribitPlugin : IExchangePlugin
{
    public string Exchange => DeribitSymbols.Exchange;

    public IReadOnlyList<IExchangeVenue> Markets { get; } =
    [
        new DeribitExchangeVenue(MarketType.Perpetual),
        new DeribitExchangeVenue(MarketType.Futures),
        new DeribitExchangeVenue(MarketType.Option),
    ];

    public ISymbolConvention Symbols { get; } = new DeribitSymbolConvention();
}

using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Symbols;

namespace MarketPrism.Exchanges.Okx;

/// <summary>The Okx plug-in: its markets and symbol convention (see <see cref="IExchangePlugin"/>).</summary>
public sealed partial class OkxPlugin : IExchangePlugin
{
    public string Exchange => OkxSymbols.Exchange;

    public IReadOnlyList<IExchangeVenue> Markets { get; } =
    [
        new OkxExchangeVenue(MarketType.Spot),
        new OkxExchangeVenue(MarketType.Perpetual),
        new OkxExchangeVenue(MarketType.Futures),
    ];

    public ISymbolConvention Symbols { get; } = new OkxSymbolConvention();
}

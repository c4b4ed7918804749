using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Symbols;

namespace MarketPrism.Exchanges.Binance;

/// <summary>The Binance plug-in: its markets and symbol convention (see <see cref="IExchangePlugin"/>).</summary>
public sealed partial class BinancePlugin : IExchangePlugin
{
    public string Exchange => BinanceSymbols.Exchange;

    public IReadOnlyList<IExchangeVenue> Markets { get; } =
    [
        new BinanceExchangeVenue(MarketType.Spot),
        new BinanceExchangeVenue(MarketType.Perpetual),
    ];

    public ISymbolConvention Symbols { get; } = new BinanceSymbolConvention();
}

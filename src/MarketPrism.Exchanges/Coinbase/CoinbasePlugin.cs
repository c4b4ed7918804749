using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Symbols;

namespace MarketPrism.Exchanges.Coinbase;

/// <summary>
/// The Coinbase plug-in: spot (the Exchange feed by default, Advanced Trade with <c>options: { api: advanced_trade }</c>)
/// and CDE futures (Advanced Trade), and its symbol convention (see <see cref="IExchangePlugin"/>).
/// </summary>
public sealed partial class CoinbasePlugin : IExchangePlugin
{
    public string Exchange => CoinbaseSymbols.Exchange;

    public IReadOnlyList<IExchangeVenue> Markets { get; } =
    [
        new CoinbaseExchangeVenue(MarketType.Spot, CoinbaseApi.Exchange),
        new CoinbaseExchangeVenue(MarketType.Futures, CoinbaseApi.AdvancedTrade),
    ];

    public ISymbolConvention Symbols { get; } = new CoinbaseSymbolConvention();
}

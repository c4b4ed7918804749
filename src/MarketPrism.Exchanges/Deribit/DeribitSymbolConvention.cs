using System.Diagnostics.CodeAnalysis;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Symbols;

namespace MarketPrism.Exchanges.Deribit;

/// <summary>Deribit's symbols (<see cref="DeribitSymbols"/>) as a <see cref="ISymbolConvention"/>.</summary>
public sealed class DeribitSymbolConvention : ISymbolConvention
{
    public string Exchange => DeribitSymbols.Exchange;

    public bool TryCreateInstrument(string symbol, MarketType market, [NotNullWhen(true)] out Instrument? instrument, [NotNullWhen(false)] out string? error) =>
        DeribitSymbols.TryCreateInstrument(symbol, market, out instrument, out error);

    public Instrument? Resolve(string exchangeSymbol, MarketType market) => DeribitSymbols.Resolve(exchangeSymbol, market);
}

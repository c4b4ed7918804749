using System.Diagnostics.CodeAnalysis;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Symbols;

namespace MarketPrism.Exchanges.Bybit;

/// <summary>Bybit's symbols (<see cref="BybitSymbols"/>) as a <see cref="ISymbolConvention"/>.</summary>
public sealed class BybitSymbolConvention : ISymbolConvention
{
    public string Exchange => BybitSymbols.Exchange;

    public bool TryCreateInstrument(string symbol, MarketType market, [NotNullWhen(true)] out Instrument? instrument, [NotNullWhen(false)] out string? error) =>
        BybitSymbols.TryCreateInstrument(symbol, market, out instrument, out error);

    public Instrument? Resolve(string exchangeSymbol, MarketType market) => BybitSymbols.Resolve(exchangeSymbol, market);
}

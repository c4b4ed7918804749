using System.Diagnostics.CodeAnalysis;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Symbols;

namespace MarketPrism.Exchanges.Okx;

/// <summary>OKX's instrument ids (<see cref="OkxSymbols"/>) as a <see cref="ISymbolConvention"/>.</summary>
public sealed class OkxSymbolConvention : ISymbolConvention
{
    public string Exchange => OkxSymbols.Exchange;

    public bool TryCreateInstrument(string symbol, MarketType market, [NotNullWhen(true)] out Instrument? instrument, [NotNullWhen(false)] out string? error) =>
        OkxSymbols.TryCreateInstrument(symbol, market, out instrument, out error);

    public Instrument? Resolve(string exchangeSymbol, MarketType market) => OkxSymbols.Resolve(exchangeSymbol, market);
}

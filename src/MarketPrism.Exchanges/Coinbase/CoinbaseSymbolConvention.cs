using System.Diagnostics.CodeAnalysis;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Symbols;

namespace MarketPrism.Exchanges.Coinbase;

/// <summary>Coinbase's product ids (<see cref="CoinbaseSymbols"/>) as a <see cref="ISymbolConvention"/>.</summary>
public sealed class CoinbaseSymbolConvention : ISymbolConvention
{
    public string Exchange => CoinbaseSymbols.Exchange;

    public bool TryCreateInstrument(string symbol, MarketType market, [NotNullWhen(true)] out Instrument? instrument, [NotNullWhen(false)] out string? error) =>
        CoinbaseSymbols.TryCreateInstrument(symbol, market, out instrument, out error);

    public Instrument? Resolve(string exchangeSymbol, MarketType market) => CoinbaseSymbols.Resolve(exchangeSymbol, market);
}

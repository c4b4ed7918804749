using System.Diagnostics.CodeAnalysis;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Symbols;

namespace MarketPrism.Exchanges.Binance;

/// <summary>Binance's symbols (<see cref="BinanceSymbols"/>) as a <see cref="ISymbolConvention"/>.</summary>
public sealed class BinanceSymbolConvention : ISymbolConvention
{
    public string Exchange => BinanceSymbols.Exchange;

    public bool TryCreateInstrument(string symbol, MarketType market, [NotNullWhen(true)] out Instrument? instrument, [NotNullWhen(false)] out string? error) =>
        BinanceSymbols.TryCreateInstrument(symbol, market, out instrument, out error);

    public Instrument? Resolve(string exchangeSymbol, MarketType market) => BinanceSymbols.Resolve(exchangeSymbol, market);
}

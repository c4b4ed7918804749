using System.Diagnostics.CodeAnalysis;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Symbols;

namespace MarketPrism.Exchanges.Hyperliquid;

/// <summary>Hyperliquid's symbols (<see cref="HyperliquidSymbols"/>) as a <see cref="ISymbolConvention"/>.</summary>
public sealed class HyperliquidSymbolConvention : ISymbolConvention
{
    public string Exchange => HyperliquidSymbols.Exchange;

    public bool TryCreateInstrument(string symbol, MarketType market, [NotNullWhen(true)] out Instrument? instrument, [NotNullWhen(false)] out string? error) =>
        HyperliquidSymbols.TryCreateInstrument(symbol, market, out instrument, out error);

    public Instrument? Resolve(string exchangeSymbol, MarketType market) => HyperliquidSymbols.Resolve(exchangeSymbol, market);
}

using System.Diagnostics.CodeAnalysis;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Symbols;

/// <summary>
/// Symbol normalization across venues, in one place: every exchange's convention, looked up by exchange name. The
/// cross-venue table in tests/MarketPrism.Tests/Exchanges/Symbols checks that the same market gets the same
/// normalized symbol on every venue.
/// </summary>
public static class SymbolConventions
{
    private static readonly ISymbolConvention[] Conventions = ExchangeCatalog.All.Select(plugin => plugin.Symbols).ToArray();

    public static IReadOnlyList<ISymbolConvention> All => Conventions;

    public static bool TryGet(string exchange, [NotNullWhen(true)] out ISymbolConvention? convention)
    {
        convention = Array.Find(Conventions, candidate => candidate.Exchange == exchange);
        return convention is not null;
    }

    /// <summary>Normalizes an exchange symbol; null when the exchange or the symbol is unknown.</summary>
    public static Instrument? Resolve(string exchange, string exchangeSymbol, MarketType market) =>
        TryGet(exchange, out var convention) ? convention.Resolve(exchangeSymbol, market) : null;
}

using System.Diagnostics.CodeAnalysis;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges;

/// <summary>Every exchange market the collector can connect to, by exchange name and market type (the markets of <see cref="ExchangeCatalog"/>'s plug-ins).</summary>
public static class VenueCatalog
{
    private static readonly IExchangeVenue[] Venues = ExchangeCatalog.All.SelectMany(plugin => plugin.Markets).ToArray();

    public static IReadOnlyList<IExchangeVenue> All => Venues;

    /// <summary>Exchange names, for config validation.</summary>
    public static IReadOnlyList<string> Exchanges => ExchangeCatalog.Exchanges;

    public static bool TryGet(string exchange, MarketType market, [NotNullWhen(true)] out IExchangeVenue? venue)
    {
        foreach (var candidate in Venues)
        {
            if (candidate.Exchange == exchange && candidate.MarketType == market)
            {
                venue = candidate;
                return true;
            }
        }

        venue = null;
        return false;
    }

    public static IExchangeVenue Get(string exchange, MarketType market) =>
        TryGet(exchange, market, out var venue)
            ? venue
            : throw new ArgumentException($"MarketPrism has no '{exchange}' {market.ToWireName()} market.", nameof(exchange));
}

using System.Diagnostics.CodeAnalysis;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Binance;
using MarketPrism.Exchanges.Bybit;
using MarketPrism.Exchanges.Okx;
using MarketPrism.Exchanges.Deribit;

namespace MarketPrism.Exchanges;

/// <summary>Every exchange market the collector can connect to, by exchange name and market type.</summary>
public static class VenueCatalog
{
    private static readonly IExchangeVenue[] Venues =
    [
        new BinanceExchangeVenue(MarketType.Spot),
        new BinanceExchangeVenue(MarketType.Perpetual),
        new BybitExchangeVenue(MarketType.Spot),
        new BybitExchangeVenue(MarketType.Perpetual),
        new OkxExchangeVenue(MarketType.Spot),
        new OkxExchangeVenue(MarketType.Perpetual),
        new OkxExchangeVenue(MarketType.Futures),
        new DeribitExchangeVenue(MarketType.Perpetual),
        new DeribitExchangeVenue(MarketType.Futures),
        new DeribitExchangeVenue(MarketType.Option),
    ];

    public static IReadOnlyList<IExchangeVenue> All => Venues;

    /// <summary>Exchange names, for config validation.</summary>
    public static IReadOnlyList<string> Exchanges { get; } = Venues.Select(venue => venue.Exchange).Distinct().ToArray();

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

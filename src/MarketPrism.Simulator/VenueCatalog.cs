using MarketPrism.Simulator.Binance;
using MarketPrism.Simulator.Bybit;
using MarketPrism.Simulator.Coinbase;
using MarketPrism.Simulator.Deribit;
using MarketPrism.Simulator.Okx;
using MarketPrism.Simulator.Plugins;

namespace MarketPrism.Simulator;

/// <summary>
/// Every venue the simulator can serve, in the order it lists them. A venue lives in its own folder (its options,
/// protocol, recordings loader and plug-in) and adds one line here; nothing else in the simulator names it.
/// </summary>
internal static class VenueCatalog
{
    public static readonly VenuePlugin[] Venues =
    [
        BinanceVenue.Plugin(BinanceMarket.Spot),
        BinanceVenue.Plugin(BinanceMarket.UsdM),
        BybitVenue.Plugin(BybitMarket.Spot),
        BybitVenue.Plugin(BybitMarket.Linear),
        OkxVenue.Plugin,
        DeribitVenue.Plugin,
        CoinbaseVenue.Plugin,
        Hyperliquid.HyperliquidVenue.Plugin,
    ];

    /// <summary>A fresh set of every venue's options with its defaults, in catalog order.</summary>
    public static VenueOptions[] CreateOptions() => Array.ConvertAll(Venues, plugin => plugin.CreateOptions());

    /// <summary>What the recordings of every venue look like, for the "nothing to serve" message.</summary>
    public static string DescribeRecordings() => string.Join("; ", Venues.Select(plugin => $"{plugin.Name}: {plugin.Recordings}"));
}

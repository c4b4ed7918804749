using MarketPrism.Simulator.Binance;
using MarketPrism.Simulator.Bybit;
using MarketPrism.Simulator.Deribit;
using MarketPrism.Simulator.Engine;
using MarketPrism.Simulator.Okx;

namespace MarketPrism.Simulator;

/// <summary>
/// Every venue the simulator can serve, in the order it lists them. A new venue (OKX, Deribit, Bybit) lives in its
/// own folder and adds one entry here: a name and a factory that returns null when the recordings hold nothing of it.
/// </summary>
internal static class VenueCatalog
{
    public static readonly (string Name, Func<VenueServices, SimulatedVenue?> Create)[] Venues =
    [
        (BinanceMarket.Spot.VenueName, services => BinanceVenue.TryCreate(BinanceMarket.Spot, services)),
        (BinanceMarket.UsdM.VenueName, services => BinanceVenue.TryCreate(BinanceMarket.UsdM, services)),
        (BybitMarket.Spot.VenueName, services => BybitVenue.TryCreate(BybitMarket.Spot, services)),
        (BybitMarket.Linear.VenueName, services => BybitVenue.TryCreate(BybitMarket.Linear, services)),
        (OkxVenue.VenueName, OkxVenue.TryCreate),
        (DeribitVenue.VenueName, DeribitVenue.TryCreate),
    ];
}

using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;

namespace MarketPrism.Tests.TestSupport;

/// <summary>Small record factories for tests that need records but not real frames.</summary>
internal static class TestRecords
{
    public static readonly Instrument BtcUsdtSpot = new("binance", MarketType.Spot, "BTC", "USDT", "BTCUSDT");

    public static readonly Instrument BtcUsdtPerpetual = new("binance", MarketType.Perpetual, "BTC", "USDT", "BTCUSDT", ContractKind.Linear);

    public static TradeRecord Trade(long id, Instrument? instrument = null, decimal price = 100m) => new()
    {
        Instrument = instrument ?? BtcUsdtSpot,
        Timestamp = UtcTimestamp.FromUnixMilliseconds(1_700_000_000_000 + id),
        LocalTimestamp = UtcTimestamp.FromUnixMilliseconds(1_700_000_000_005 + id),
        TradeId = new RecordId(id),
        Price = price,
        Quantity = 1.5m,
        Side = id % 2 == 0 ? Side.Buy : Side.Sell,
    };
}

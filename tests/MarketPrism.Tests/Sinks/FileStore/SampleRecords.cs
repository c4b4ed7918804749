using System.Globalization;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Tests.Sinks.FileStore;

/// <summary>Records of every type with the values that are easy to get wrong: nulls, negatives, long fractions, microseconds.</summary>
internal static class SampleRecords
{
    public static readonly Instrument BinanceSpot = new("binance", MarketType.Spot, "BTC", "USDT", "BTCUSDT");
    public static readonly Instrument BinancePerpetual = new("binance", MarketType.Perpetual, "BTC", "USDT", "BTCUSDT", ContractKind.Linear);
    public static readonly Instrument OkxPerpetual = new("okx", MarketType.Perpetual, "ETH", "USDT", "ETH-USDT-SWAP", ContractKind.Linear);

    /// <summary>2024-03-09T23:59:58.123456Z: microseconds, and close to midnight.</summary>
    public static readonly DateTime Time = new DateTime(2024, 3, 9, 23, 59, 58, DateTimeKind.Utc).AddTicks(1_234_560);

    public static decimal D(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static TradeRecord Trade(long id, DateTime? time = null, Instrument? instrument = null, decimal price = 42_000.12m) => new()
    {
        Instrument = instrument ?? BinanceSpot,
        Timestamp = time ?? Time,
        LocalTimestamp = (time ?? Time).AddTicks(31_420),
        TradeId = new RecordId(id),
        Price = price,
        Quantity = D("0.00012000"),
        Side = id % 2 == 0 ? Side.Buy : Side.Sell,
    };

    /// <summary>One record per type, some types twice (nulls and values), in the order they are written.</summary>
    public static MarketRecord[] EveryType()
    {
        var local = Time.AddTicks(7);
        return
        [
            new TradeRecord
            {
                Instrument = BinanceSpot, Timestamp = Time, LocalTimestamp = Time.AddTicks(30),
                TradeId = new RecordId(40756030), Price = D("0.00426990"), Quantity = D("33.82000000"), Side = Side.Buy,
            },
            new TradeRecord
            {
                Instrument = BinanceSpot, Timestamp = Time.AddMilliseconds(1), LocalTimestamp = Time.AddMilliseconds(2),
                TradeId = RecordId.Parse("0042-a"), Price = D("99999999999999999999.99999999"), Quantity = D("0.000000000000000001"), Side = Side.Sell,
                TransactionHash = "0x1f3a5c7e9b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d2f4a",
            },
            new BookDeltaRecord
            {
                Instrument = BinanceSpot, Timestamp = Time, LocalTimestamp = local,
                Bids = [new BookLevel(D("0.35130000"), D("6195.00000000")), new BookLevel(D("0.34750000"), D("0"))],
                Asks = [], FirstUpdateId = 499_869_750, LastUpdateId = 499_869_752,
            },
            new BookDeltaRecord
            {
                Instrument = BinanceSpot, Timestamp = Time.AddMicroseconds(1), LocalTimestamp = local,
                Bids = [], Asks = [new BookLevel(D("0.3514"), D("1"))], FirstUpdateId = 499_869_753, LastUpdateId = 499_869_753,
            },
            new BookSnapshotRecord
            {
                Instrument = BinanceSpot, Timestamp = Time, LocalTimestamp = local,
                Bids = [new BookLevel(D("4091.92"), D("0.009765")), new BookLevel(D("4089.09"), D("0.763931")), new BookLevel(D("4000"), D("12"))],
                Asks = [new BookLevel(D("4095.99"), D("2.31652"))], FirstUpdateId = 16_084_251, LastUpdateId = 16_084_251, Depth = 20,
            },
            new BestBidAskRecord
            {
                Instrument = BinanceSpot, Timestamp = Time, LocalTimestamp = local,
                BidPrice = D("8010.00000000"), BidSize = D("0.14245900"), AskPrice = D("8012.15"), AskSize = D("0.031201"), UpdateId = 1_127_645_101,
            },
            new BestBidAskRecord
            {
                Instrument = BinanceSpot, Timestamp = Time.AddSeconds(1), LocalTimestamp = local.AddSeconds(1),
                BidPrice = 1m, BidSize = 2m, AskPrice = 3m, AskSize = 4m, UpdateId = null,
            },
            new FundingRateRecord
            {
                Instrument = BinancePerpetual, Timestamp = Time, LocalTimestamp = local,
                FundingRate = D("-0.00015640"), EstimatedRate = D("0.0001"), NextFundingTime = new DateTime(2024, 3, 10, 0, 0, 0, DateTimeKind.Utc),
                MarkPrice = D("11857.56000000"), IndexPrice = D("11851.86949091"),
            },
            new FundingRateRecord
            {
                Instrument = BinancePerpetual, Timestamp = Time.AddSeconds(1), LocalTimestamp = local.AddSeconds(1),
                FundingRate = D("0.0001"), EstimatedRate = null, NextFundingTime = null, MarkPrice = null, IndexPrice = null,
            },
            new OpenInterestRecord
            {
                Instrument = OkxPerpetual, Timestamp = Time, LocalTimestamp = local, OpenInterest = D("26286.181"), OpenInterestValue = D("311794726.9873"),
            },
            new OpenInterestRecord
            {
                Instrument = OkxPerpetual, Timestamp = Time.AddSeconds(1), LocalTimestamp = local, OpenInterest = D("26286.182"), OpenInterestValue = null,
            },
            new LiquidationRecord
            {
                Instrument = BinancePerpetual, Timestamp = Time, LocalTimestamp = local,
                LiquidationId = new RecordId(987654321), Side = Side.Sell, Price = D("4706.04"), Quantity = D("0.014"), Leverage = D("20"),
                InstrumentType = InstrumentType.Futures,
            },
            new LiquidationRecord
            {
                Instrument = BinancePerpetual, Timestamp = Time.AddSeconds(1), LocalTimestamp = local,
                LiquidationId = null, Side = Side.Buy, Price = D("4706.05"), Quantity = D("1"), Leverage = null,
            },
            new MarkPriceRecord
            {
                Instrument = OkxPerpetual, Timestamp = Time, LocalTimestamp = local, MarkPrice = D("3517.4"), IndexPrice = D("3516.92"),
            },
            new MarkPriceRecord
            {
                Instrument = OkxPerpetual, Timestamp = Time.AddSeconds(1), LocalTimestamp = local, MarkPrice = D("3517.5"), IndexPrice = null,
            },
        ];
    }
}

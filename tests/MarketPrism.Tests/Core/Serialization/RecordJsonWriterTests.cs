using System.Text;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;

namespace MarketPrism.Tests.Core.Serialization;

public sealed class RecordJsonWriterTests
{
    private static readonly Instrument BtcUsdtSpot = new("binance", MarketType.Spot, "BTC", "USDT", "BTCUSDT");
    private static readonly DateTime EventTime = UtcTimestamp.FromUnixMilliseconds(1633998512068);
    private static readonly DateTime ReceiveTime = UtcTimestamp.FromUnixMilliseconds(1633998512071);

    [Fact]
    public void Trade_is_written_with_the_schema_field_names_and_the_exchange_digits()
    {
        var trade = new TradeRecord
        {
            Instrument = BtcUsdtSpot,
            Timestamp = EventTime,
            LocalTimestamp = ReceiveTime,
            TradeId = new RecordId(40756030),
            Price = decimal.Parse("0.00426990", System.Globalization.CultureInfo.InvariantCulture),
            Quantity = 33.82000000m,
            Side = Side.Buy,
        };

        var json = Encoding.UTF8.GetString(RecordJsonWriter.ToUtf8Bytes(trade));

        Assert.Equal(
            """{"data_type":"trade","exchange_name":"binance","market_type":"spot","symbol_name":"BTC-USDT","exchange_symbol":"BTCUSDT","timestamp":"2021-10-12T00:28:32.068Z","local_timestamp":"2021-10-12T00:28:32.071Z","trade_id":"40756030","price":0.00426990,"quantity":33.82000000,"side":"buy"}""",
            json);
    }

    [Fact]
    public void Every_record_type_round_trips_through_the_reader()
    {
        var perp = new Instrument("binance", MarketType.Perpetual, "BTC", "USDT", "BTCUSDT", ContractKind.Linear);
        MarketRecord[] records =
        [
            new BookDeltaRecord
            {
                Instrument = BtcUsdtSpot, Timestamp = EventTime, LocalTimestamp = ReceiveTime,
                Bids = [new BookLevel(0.35130000m, 6195.00000000m)], Asks = [], FirstUpdateId = 499869750, LastUpdateId = 499869752,
            },
            new BookSnapshotRecord
            {
                Instrument = BtcUsdtSpot, Timestamp = EventTime, LocalTimestamp = ReceiveTime,
                Bids = [new BookLevel(1.10m, 2m)], Asks = [new BookLevel(1.20m, 0.5m)], FirstUpdateId = 7, LastUpdateId = 7, Depth = 20,
            },
            new BestBidAskRecord
            {
                Instrument = BtcUsdtSpot, Timestamp = EventTime, LocalTimestamp = ReceiveTime,
                BidPrice = 1.1m, BidSize = 2m, AskPrice = 1.2m, AskSize = 3m, UpdateId = 99,
            },
            new FundingRateRecord
            {
                Instrument = perp, Timestamp = EventTime, LocalTimestamp = ReceiveTime,
                FundingRate = 0.00015640m, NextFundingTime = EventTime.AddHours(8), MarkPrice = 11857.56000000m, IndexPrice = 11851.86949091m,
            },
            new OpenInterestRecord
            {
                Instrument = perp, Timestamp = EventTime, LocalTimestamp = ReceiveTime, OpenInterest = 26286.181m, OpenInterestValue = null,
            },
            new LiquidationRecord
            {
                Instrument = perp, Timestamp = EventTime, LocalTimestamp = ReceiveTime, Side = Side.Sell, Price = 4706.04m, Quantity = 0.014m,
            },
            new MarkPriceRecord
            {
                Instrument = perp, Timestamp = EventTime, LocalTimestamp = ReceiveTime, MarkPrice = 11857.56000000m, IndexPrice = 11851.86949091m,
            },
        ];

        var reader = new RecordJsonReader();
        foreach (var record in records)
        {
            var json = RecordJsonWriter.ToUtf8Bytes(record);
            var back = reader.Read(json);
            Assert.Equal(Encoding.UTF8.GetString(json), Encoding.UTF8.GetString(RecordJsonWriter.ToUtf8Bytes(back)));
        }
    }

    [Fact]
    public void Funding_rate_premium_index_is_mark_minus_index()
    {
        var funding = new FundingRateRecord
        {
            Instrument = BtcUsdtSpot, Timestamp = EventTime, LocalTimestamp = ReceiveTime,
            FundingRate = 0.0001m, MarkPrice = 11857.56000000m, IndexPrice = 11851.86949091m,
        };

        Assert.Equal(5.69050909m, funding.PremiumIndex);
    }
}

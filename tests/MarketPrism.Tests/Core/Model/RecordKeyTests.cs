using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Tests.Sinks.FileStore;

namespace MarketPrism.Tests.Core.Model;

public sealed class RecordKeyTests
{
    [Fact]
    public void Keys_name_exchange_market_type_symbol_and_the_exchanges_own_id()
    {
        var keys = SampleRecords.EveryType().Select(RecordKey.For).ToList();

        Assert.Equal(
            [
                "binance:spot:trade:BTCUSDT:40756030",
                "binance:spot:trade:BTCUSDT:0042-a",
                "binance:spot:book_delta:BTCUSDT:499869750-499869752",
                "binance:spot:book_delta:BTCUSDT:499869753-499869753",
                "binance:spot:book_snapshot:BTCUSDT:16084251-d20-t1710028798123456",
                "binance:spot:best_bid_ask:BTCUSDT:u1127645101",
                "binance:spot:best_bid_ask:BTCUSDT:t1710028799123456",
                "binance:perpetual:funding_rate:BTCUSDT:t1710028798123456",
                "binance:perpetual:funding_rate:BTCUSDT:t1710028799123456",
                "okx:perpetual:open_interest:ETH-USDT-SWAP:t1710028798123456",
                "okx:perpetual:open_interest:ETH-USDT-SWAP:t1710028799123456",
                "binance:perpetual:liquidation:BTCUSDT:987654321",
                "binance:perpetual:liquidation:BTCUSDT:t1710028799123456-buy-4706.05-1",
                "okx:perpetual:mark_price:ETH-USDT-SWAP:t1710028798123456",
                "okx:perpetual:mark_price:ETH-USDT-SWAP:t1710028799123456",
            ],
            keys);
    }

    [Fact]
    public void Two_copies_of_one_exchange_message_get_the_same_key_whatever_their_receive_time()
    {
        var first = SampleRecords.Trade(7);
        var second = SampleRecords.Trade(7);
        var copy = new TradeRecord
        {
            Instrument = new Instrument("binance", MarketType.Spot, "BTC", "USDT", "BTCUSDT"),
            Timestamp = first.Timestamp,
            LocalTimestamp = first.LocalTimestamp.AddSeconds(3),
            TradeId = first.TradeId,
            Price = first.Price,
            Quantity = first.Quantity,
            Side = first.Side,
        };

        Assert.Equal(RecordKey.For(first), RecordKey.For(second));
        Assert.Equal(RecordKey.For(first), RecordKey.For(copy));
    }

    [Fact]
    public void The_same_id_on_another_market_or_symbol_is_another_key()
    {
        var spot = SampleRecords.Trade(1, instrument: SampleRecords.BinanceSpot);
        var perpetual = SampleRecords.Trade(1, instrument: SampleRecords.BinancePerpetual);
        var other = SampleRecords.Trade(1, instrument: new Instrument("binance", MarketType.Spot, "ETH", "USDT", "ETHUSDT"));

        Assert.Equal(3, new[] { spot, perpetual, other }.Select(RecordKey.For).Distinct().Count());
    }

    [Fact]
    public void Long_short_ratios_of_one_symbol_and_time_are_told_apart_by_kind_and_period()
    {
        LongShortRatioRecord Ratio(LongShortRatioKind kind, string period) => new()
        {
            Instrument = SampleRecords.BinancePerpetual,
            Timestamp = new DateTime(2026, 11, 25, 8, 0, 0, DateTimeKind.Utc),
            LocalTimestamp = new DateTime(2026, 11, 25, 8, 0, 1, DateTimeKind.Utc),
            Kind = kind,
            LongShortRatio = 1.5m,
            Period = period,
        };

        Assert.Equal("binance:perpetual:long_short_ratio:BTCUSDT:top_position-5m-t1795593600000000", RecordKey.For(Ratio(LongShortRatioKind.TopPosition, "5m")));
        Assert.Equal(
            4,
            new[]
            {
                Ratio(LongShortRatioKind.TopPosition, "5m"),
                Ratio(LongShortRatioKind.TopAccount, "5m"),
                Ratio(LongShortRatioKind.AllAccount, "5m"),
                Ratio(LongShortRatioKind.AllAccount, "1h"),
            }.Select(RecordKey.For).Distinct().Count());
    }

    [Fact]
    public void Characters_that_cannot_go_in_a_header_are_percent_encoded()
    {
        var trade = SampleRecords.Trade(1);
        var odd = new TradeRecord
        {
            Instrument = new Instrument("venue", MarketType.Spot, "A", "B", "A B\r\n%"),
            Timestamp = trade.Timestamp,
            LocalTimestamp = trade.LocalTimestamp,
            TradeId = new RecordId("id:é"),
            Price = 1m,
            Quantity = 1m,
            Side = Side.Buy,
        };

        Assert.Equal("venue:spot:trade:A%20B%0D%0A%25:id:%C3%A9", RecordKey.For(odd));
    }
}

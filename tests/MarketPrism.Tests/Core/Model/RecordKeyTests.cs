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
                "binance:spot:book_delta:BTCUSDT:499869750-499869752-t1710028798123456",
                "binance:spot:book_delta:BTCUSDT:499869753-499869753-t1710028798123457",
                "binance:spot:book_snapshot:BTCUSDT:16084251-d20-t1710028798123456",
                "binance:spot:best_bid_ask:BTCUSDT:u1127645101-8010-0.142459-8012.15-0.031201",
                "binance:spot:best_bid_ask:BTCUSDT:t1710028799123456-1-2-3-4",
                "binance:perpetual:funding_rate:BTCUSDT:t1710028798123456--0.0001564-0.0001-1710028800000000-11857.56-11851.86949091",
                "binance:perpetual:funding_rate:BTCUSDT:t1710028799123456-0.0001----",
                "okx:perpetual:open_interest:ETH-USDT-SWAP:t1710028798123456-26286.181",
                "okx:perpetual:open_interest:ETH-USDT-SWAP:t1710028799123456-26286.182",
                "binance:perpetual:liquidation:BTCUSDT:987654321-sell",
                "binance:perpetual:liquidation:BTCUSDT:t1710028799123456-buy-4706.05-1",
                "okx:perpetual:mark_price:ETH-USDT-SWAP:t1710028798123456-3517.4-3516.92",
                "okx:perpetual:mark_price:ETH-USDT-SWAP:t1710028799123456-3517.5-",
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

        Assert.Equal("binance:perpetual:long_short_ratio:BTCUSDT:top_position-5m-t1795593600000000-1.5--", RecordKey.For(Ratio(LongShortRatioKind.TopPosition, "5m")));
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

    [Fact]
    public void A_re_polled_observation_keeps_its_key_and_another_value_at_the_same_exchange_time_gets_another()
    {
        OpenInterestRecord Poll(decimal openInterest, decimal? value, int secondsLater) => new()
        {
            Instrument = SampleRecords.OkxPerpetual,
            Timestamp = new DateTime(2026, 11, 25, 8, 0, 0, DateTimeKind.Utc),
            LocalTimestamp = new DateTime(2026, 11, 25, 8, 0, secondsLater, DateTimeKind.Utc),
            OpenInterest = openInterest,
            OpenInterestValue = value,
        };

        // The value in quote currency is derived from the collector's latest mark price, which moves between polls.
        Assert.Equal(RecordKey.For(Poll(26286.181m, 311794726m, 1)), RecordKey.For(Poll(26286.18100m, 311794999m, 6)));
        Assert.NotEqual(RecordKey.For(Poll(26286.181m, null, 1)), RecordKey.For(Poll(26286.5m, null, 1)));
    }

    [Fact]
    public void Quotes_under_one_update_id_after_a_sequence_restart_are_told_apart_by_their_prices()
    {
        BestBidAskRecord Quote(decimal bid, int minutesLater) => new()
        {
            Instrument = SampleRecords.OkxPerpetual,
            Timestamp = new DateTime(2026, 11, 25, 8, minutesLater, 0, DateTimeKind.Utc),
            LocalTimestamp = new DateTime(2026, 11, 25, 8, minutesLater, 1, DateTimeKind.Utc),
            BidPrice = bid,
            BidSize = 1m,
            AskPrice = 3600m,
            AskSize = 2m,
            UpdateId = 7,
        };

        Assert.NotEqual(RecordKey.For(Quote(3599.5m, 0)), RecordKey.For(Quote(3599.1m, 30)));
        Assert.Equal("okx:perpetual:best_bid_ask:ETH-USDT-SWAP:u7-3599.5-1-3600-2", RecordKey.For(Quote(3599.50m, 0)));
    }

    [Fact]
    public void An_empty_keep_alive_update_that_repeats_the_last_sequence_id_is_another_key_than_that_update()
    {
        BookDeltaRecord Delta(BookLevel[] bids, int secondsLater) => new()
        {
            Instrument = SampleRecords.OkxPerpetual,
            Timestamp = new DateTime(2026, 11, 25, 8, 0, secondsLater, DateTimeKind.Utc),
            LocalTimestamp = new DateTime(2026, 11, 25, 8, 0, secondsLater, DateTimeKind.Utc),
            Bids = bids,
            Asks = [],
            FirstUpdateId = 123456,
            LastUpdateId = 123456,
        };

        Assert.NotEqual(RecordKey.For(Delta([new BookLevel(3599.5m, 1m)], 0)), RecordKey.For(Delta([], 40)));
    }
}

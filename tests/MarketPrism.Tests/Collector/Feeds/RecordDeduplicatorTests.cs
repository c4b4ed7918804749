using MarketPrism.Collector.Feeds;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Tests.TestSupport;

namespace MarketPrism.Tests.Collector.Feeds;

public sealed class RecordDeduplicatorTests
{
    private readonly InstrumentState _state = new(TestRecords.BtcUsdtPerpetual, book: null);

    [Fact]
    public void A_trade_id_seen_before_is_a_duplicate()
    {
        Assert.False(Check(TestRecords.Trade(10)).IsDuplicate);
        Assert.False(Check(TestRecords.Trade(11)).IsDuplicate);

        Assert.True(Check(TestRecords.Trade(11)).IsDuplicate);
        Assert.True(Check(TestRecords.Trade(9)).IsDuplicate);
        Assert.False(Check(TestRecords.Trade(12)).IsDuplicate);
    }

    [Fact]
    public void A_jump_in_contiguous_trade_ids_reports_how_many_were_missed()
    {
        Check(TestRecords.Trade(100));

        var verdict = Check(TestRecords.Trade(105));

        Assert.False(verdict.IsDuplicate);
        Assert.Equal(4, verdict.MissingBefore);
    }

    [Fact]
    public void Quotes_are_duplicates_when_their_update_id_does_not_advance()
    {
        Assert.False(Check(Quote(5)).IsDuplicate);
        Assert.True(Check(Quote(5)).IsDuplicate);
        Assert.True(Check(Quote(4)).IsDuplicate);
        Assert.False(Check(Quote(6)).IsDuplicate);
    }

    [Fact]
    public void The_same_liquidation_received_twice_is_a_duplicate_but_a_different_one_at_the_same_time_is_not()
    {
        var first = Liquidation(1000, price: 50m, quantity: 1m);
        Assert.False(Check(first).IsDuplicate);
        Assert.True(Check(Liquidation(1000, price: 50m, quantity: 1m)).IsDuplicate);
        Assert.False(Check(Liquidation(1000, price: 51m, quantity: 1m)).IsDuplicate);
        Assert.True(Check(Liquidation(999, price: 10m, quantity: 1m)).IsDuplicate);
    }

    [Fact]
    public void Mark_prices_update_the_price_used_for_open_interest_value()
    {
        var mark = new MarkPriceRecord
        {
            Instrument = TestRecords.BtcUsdtPerpetual,
            Timestamp = UtcTimestamp.FromUnixMilliseconds(1),
            LocalTimestamp = UtcTimestamp.FromUnixMilliseconds(2),
            MarkPrice = 42_000.5m,
        };

        Check(mark);

        Assert.Equal(42_000.5m, _state.MarkPrice);
        Assert.True(Check(mark).IsDuplicate);
    }

    [Fact]
    public void Trades_with_a_venue_sequence_are_deduplicated_by_it_even_when_their_ids_are_text()
    {
        // Deribit: ETH trade ids are text, trade_seq orders the trades of an instrument.
        Assert.False(Check(SequencedTrade("ETH-259727150", 187471858), contiguous: false).IsDuplicate);
        Assert.False(Check(SequencedTrade("ETH-259727151", 187471859), contiguous: false).IsDuplicate);

        Assert.True(Check(SequencedTrade("ETH-259727151", 187471859), contiguous: false).IsDuplicate);
        Assert.True(Check(SequencedTrade("ETH-259727150", 187471858), contiguous: false).IsDuplicate);
        var jump = Check(SequencedTrade("ETH-259727170", 187471870), contiguous: false);
        Assert.False(jump.IsDuplicate);
        Assert.Equal(0, jump.MissingBefore);
    }

    [Fact]
    public void Two_liquidations_of_one_trade_on_opposite_sides_are_both_kept_and_each_copy_is_dropped()
    {
        // Deribit "MT": one trade liquidated both sides, two records with the same time, price and quantity.
        Assert.False(Check(Liquidation(1000, price: 50m, quantity: 1m, Side.Buy)).IsDuplicate);
        Assert.False(Check(Liquidation(1000, price: 50m, quantity: 1m, Side.Sell)).IsDuplicate);

        Assert.True(Check(Liquidation(1000, price: 50m, quantity: 1m, Side.Buy)).IsDuplicate);
        Assert.True(Check(Liquidation(1000, price: 50m, quantity: 1m, Side.Sell)).IsDuplicate);
        Assert.False(Check(Liquidation(1001, price: 50m, quantity: 1m, Side.Buy)).IsDuplicate);
        Assert.True(Check(Liquidation(1000, price: 51m, quantity: 1m, Side.Buy)).IsDuplicate);
    }

    [Fact]
    public void Quotes_without_an_update_id_are_duplicates_when_older_or_identical()
    {
        Assert.False(Check(TimedQuote(10, bid: 1m)).IsDuplicate);
        Assert.True(Check(TimedQuote(10, bid: 1m)).IsDuplicate);
        Assert.False(Check(TimedQuote(10, bid: 1.5m)).IsDuplicate);
        Assert.True(Check(TimedQuote(9, bid: 0.5m)).IsDuplicate);
        Assert.False(Check(TimedQuote(11, bid: 1.5m)).IsDuplicate);
    }

    [Fact]
    public void Streamed_open_interest_and_volatility_are_duplicates_when_their_time_does_not_advance()
    {
        Assert.False(Check(OpenInterest(5)).IsDuplicate);
        Assert.True(Check(OpenInterest(5)).IsDuplicate);
        Assert.True(Check(OpenInterest(4)).IsDuplicate);
        Assert.False(Check(OpenInterest(6)).IsDuplicate);

        Assert.False(Check(Volatility(5)).IsDuplicate);
        Assert.True(Check(Volatility(5)).IsDuplicate);
        Assert.False(Check(Volatility(6)).IsDuplicate);
    }

    [Fact]
    public void A_polled_funding_rate_with_the_event_time_of_a_streamed_one_is_the_same_observation_either_way_round()
    {
        Check(Funding(1_000));

        Assert.True(RecordDeduplicator.IsPolledDuplicate(_state, Funding(1_000)));
        Assert.False(RecordDeduplicator.IsPolledDuplicate(_state, Funding(2_000)));
        Assert.True(Check(Funding(2_000)).IsDuplicate);
        Assert.False(RecordDeduplicator.IsPolledDuplicate(_state, Funding(500)));
        Assert.False(Check(Funding(3_000)).IsDuplicate);
    }

    [Fact]
    public void A_polled_funding_rate_the_stream_delivered_before_it_moved_on_is_still_a_copy()
    {
        // The poll's answer lags the stream: the stream handed on 1 s, 2 s and 3 s before the poll answered with 2 s.
        Check(Funding(1_000));
        Check(Funding(2_000));
        Check(Funding(3_000));

        Assert.True(RecordDeduplicator.IsPolledDuplicate(_state, Funding(2_000)));
        Assert.True(RecordDeduplicator.IsPolledDuplicate(_state, Funding(3_000)));
        Assert.False(RecordDeduplicator.IsPolledDuplicate(_state, Funding(2_500)));
        Assert.True(RecordDeduplicator.IsPolledDuplicate(_state, Funding(2_500)));
    }

    [Fact]
    public void Funding_observations_older_than_the_window_are_forgotten()
    {
        for (var i = 1; i <= RecordDeduplicator.RecentFundingCapacity + 1; i++)
        {
            Assert.False(Check(Funding(i * 1_000L)).IsDuplicate);
        }

        Assert.False(RecordDeduplicator.IsPolledDuplicate(_state, Funding(1_000)));
        Assert.True(RecordDeduplicator.IsPolledDuplicate(_state, Funding(3_000)));
    }

    [Fact]
    public void A_text_trade_id_seen_before_is_a_duplicate_whatever_order_the_ids_come_in()
    {
        Assert.False(Check(TextTrade("d9cd8295-40dc-5dce-8deb-42882580a7ab")).IsDuplicate);
        Assert.False(Check(TextTrade("0cbf2330-952d-5d03-a462-4bf826c867af")).IsDuplicate);

        var copy = Check(TextTrade("d9cd8295-40dc-5dce-8deb-42882580a7ab"));

        Assert.True(copy.IsDuplicate);
        Assert.Equal(0, copy.MissingBefore);
        Assert.False(Check(TextTrade("912e56de-9ed6-5f4f-9421-f0ff5a42d84a")).IsDuplicate);
    }

    [Fact]
    public void Text_trade_ids_are_remembered_for_a_window_of_the_most_recent_ones()
    {
        Check(TextTrade("first"));
        for (var i = 0; i < RecentIdWindow.Capacity - 1; i++)
        {
            Assert.False(Check(TextTrade($"trade-{i}")).IsDuplicate);
        }

        Assert.True(Check(TextTrade("first")).IsDuplicate);
        Check(TextTrade("one-more"));
        Assert.False(Check(TextTrade("first")).IsDuplicate);
    }

    [Fact]
    public void Numeric_trade_ids_in_no_order_are_copies_only_when_seen_before_not_when_lower()
    {
        // Hyperliquid tids of one recorded frame sequence (hftbacktest BTC session): unique, in no order.
        long[] ids = [121451470284048, 588047386913648, 85392298469503, 199015583806854, 967161581191493];
        foreach (var id in ids)
        {
            Assert.Equal(new RecordDeduplicator.Verdict(false, 0), RecordDeduplicator.Check(_state, NumericTrade(id), contiguousTradeIds: false, orderedTradeIds: false));
        }

        Assert.True(RecordDeduplicator.Check(_state, NumericTrade(85392298469503), contiguousTradeIds: false, orderedTradeIds: false).IsDuplicate);
        Assert.False(RecordDeduplicator.Check(_state, NumericTrade(1), contiguousTradeIds: false, orderedTradeIds: false).IsDuplicate);
    }

    private static TradeRecord NumericTrade(long id) => new()
    {
        Instrument = TestRecords.BtcUsdtPerpetual,
        Timestamp = UtcTimestamp.FromUnixMilliseconds(1),
        LocalTimestamp = UtcTimestamp.FromUnixMilliseconds(1),
        TradeId = new RecordId(id),
        Price = 1m,
        Quantity = 1m,
        Side = Side.Buy,
    };

    private RecordDeduplicator.Verdict Check(MarketRecord record, bool contiguous = true) => RecordDeduplicator.Check(_state, record, contiguous);

    private static FundingRateRecord Funding(long milliseconds) => new()
    {
        Instrument = TestRecords.BtcUsdtPerpetual,
        Timestamp = UtcTimestamp.FromUnixMilliseconds(milliseconds),
        LocalTimestamp = UtcTimestamp.FromUnixMilliseconds(milliseconds),
        FundingRate = 0.0001m,
    };

    private static TradeRecord TextTrade(string id) => new()
    {
        Instrument = TestRecords.BtcUsdtPerpetual,
        Timestamp = UtcTimestamp.FromUnixMilliseconds(1),
        LocalTimestamp = UtcTimestamp.FromUnixMilliseconds(1),
        TradeId = new RecordId(id),
        Price = 1m,
        Quantity = 1m,
        Side = Side.Buy,
    };

    private static TradeRecord SequencedTrade(string id, long sequence) => new()
    {
        Instrument = TestRecords.BtcUsdtPerpetual,
        Timestamp = UtcTimestamp.FromUnixMilliseconds(sequence),
        LocalTimestamp = UtcTimestamp.FromUnixMilliseconds(sequence),
        TradeId = RecordId.Parse(id),
        Price = 1m,
        Quantity = 1m,
        Side = Side.Buy,
        Sequence = sequence,
    };

    private static BestBidAskRecord TimedQuote(long milliseconds, decimal bid) => new()
    {
        Instrument = TestRecords.BtcUsdtPerpetual,
        Timestamp = UtcTimestamp.FromUnixMilliseconds(milliseconds),
        LocalTimestamp = UtcTimestamp.FromUnixMilliseconds(milliseconds),
        BidPrice = bid,
        BidSize = 1m,
        AskPrice = 2m,
        AskSize = 1m,
    };

    private static OpenInterestRecord OpenInterest(long milliseconds) => new()
    {
        Instrument = TestRecords.BtcUsdtPerpetual,
        Timestamp = UtcTimestamp.FromUnixMilliseconds(milliseconds),
        LocalTimestamp = UtcTimestamp.FromUnixMilliseconds(milliseconds),
        OpenInterest = 10m,
    };

    private static VolatilityIndexRecord Volatility(long milliseconds) => new()
    {
        Instrument = TestRecords.BtcUsdtPerpetual,
        Timestamp = UtcTimestamp.FromUnixMilliseconds(milliseconds),
        LocalTimestamp = UtcTimestamp.FromUnixMilliseconds(milliseconds),
        Volatility = 55m,
    };

    private static BestBidAskRecord Quote(long updateId) => new()
    {
        Instrument = TestRecords.BtcUsdtPerpetual,
        Timestamp = UtcTimestamp.FromUnixMilliseconds(updateId),
        LocalTimestamp = UtcTimestamp.FromUnixMilliseconds(updateId),
        BidPrice = 1m,
        BidSize = 1m,
        AskPrice = 2m,
        AskSize = 1m,
        UpdateId = updateId,
    };

    private static LiquidationRecord Liquidation(long milliseconds, decimal price, decimal quantity, Side side = Side.Sell) => new()
    {
        Instrument = TestRecords.BtcUsdtPerpetual,
        Timestamp = UtcTimestamp.FromUnixMilliseconds(milliseconds),
        LocalTimestamp = UtcTimestamp.FromUnixMilliseconds(milliseconds),
        Side = side,
        Price = price,
        Quantity = quantity,
    };
}

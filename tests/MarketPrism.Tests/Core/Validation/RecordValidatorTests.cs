using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Core.Validation;
using MarketPrism.Tests.TestSupport;

namespace MarketPrism.Tests.Core.Validation;

public sealed class RecordValidatorTests
{
    private static readonly DateTime Received = new(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly Instrument Option = new("deribit", MarketType.Option, "BTC", "USD", "BTC-30JUL21-40000-C", ContractKind.Inverse);

    [Fact]
    public void A_valid_trade_passes()
    {
        Assert.Null(RecordValidator.Check(Trade(100m, 1m)));
    }

    [Theory]
    [InlineData("0", "1", "price 0 is not above zero")]
    [InlineData("-1", "1", "price -1 is not above zero")]
    [InlineData("1", "0", "quantity 0 is not above zero")]
    [InlineData("1", "-0.5", "quantity -0.5 is not above zero")]
    public void A_trade_needs_a_price_and_quantity_above_zero(string price, string quantity, string reason)
    {
        var error = RecordValidator.Check(Trade(decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal($"impossible value in trade BTCUSDT: {reason}", error);
    }

    [Fact]
    public void Timestamps_before_2009_or_more_than_a_day_after_the_receive_time_are_rejected()
    {
        Assert.Contains("before 2009-01-01", RecordValidator.Check(Trade(1m, 1m, new DateTime(2008, 12, 31, 23, 59, 59, DateTimeKind.Utc))), StringComparison.Ordinal);
        Assert.Contains("more than 24 hours after", RecordValidator.Check(Trade(1m, 1m, Received.AddDays(1).AddTicks(1))), StringComparison.Ordinal);
        Assert.Null(RecordValidator.Check(Trade(1m, 1m, Received.AddDays(1))));
        Assert.Null(RecordValidator.Check(Trade(1m, 1m, new DateTime(2009, 1, 1, 0, 0, 0, DateTimeKind.Utc))));
    }

    [Fact]
    public void A_receive_time_near_the_end_of_time_does_not_overflow_the_window()
    {
        var trade = new TradeRecord
        {
            Instrument = TestRecords.BtcUsdtSpot, Timestamp = Received, LocalTimestamp = DateTime.MaxValue,
            TradeId = new RecordId(1), Price = 1m, Quantity = 1m, Side = Side.Buy,
        };

        Assert.Null(RecordValidator.Check(trade));
    }

    [Fact]
    public void Book_sides_are_put_best_first_stably()
    {
        var delta = Delta(
            bids: [new(99m, 1m), new(101m, 2m), new(99m, 0m), new(100m, 3m)],
            asks: [new(103m, 1m), new(102m, 2m), new(103m, 0m)]);

        Assert.Null(RecordValidator.Check(delta));

        Assert.Equal([new(101m, 2m), new(100m, 3m), new(99m, 1m), new(99m, 0m)], delta.Bids);
        Assert.Equal([new(102m, 2m), new(103m, 1m), new(103m, 0m)], delta.Asks);
    }

    [Fact]
    public void A_delta_may_hold_a_removed_bid_above_a_new_ask_but_a_full_book_may_not_cross()
    {
        Assert.Null(RecordValidator.Check(Delta(bids: [new(105m, 0m)], asks: [new(104m, 1m)])));

        var snapshot = Delta(bids: [new(105m, 1m)], asks: [new(104m, 1m)], isSnapshot: true);
        Assert.Contains("crossed book: best bid 105 is not below best ask 104", RecordValidator.Check(snapshot), StringComparison.Ordinal);
    }

    [Fact]
    public void Book_levels_need_a_price_above_zero_and_a_size_of_zero_or_more()
    {
        Assert.Contains("ask level price 0 is not above zero", RecordValidator.Check(Delta(bids: [], asks: [new(0m, 1m)])), StringComparison.Ordinal);
        Assert.Contains("bid level at 5 has a negative size -1", RecordValidator.Check(Delta(bids: [new(5m, -1m)], asks: [])), StringComparison.Ordinal);
        Assert.Null(RecordValidator.Check(Delta(bids: [new(5m, 0m)], asks: [])));
    }

    [Fact]
    public void A_rest_depth_snapshot_is_sorted_and_checked_like_a_book_record()
    {
        var snapshot = new DepthSnapshot(7, [new(1m, 1m), new(2m, 1m)], [new(4m, 1m), new(3m, 1m)], Received, Received);

        Assert.Null(RecordValidator.Check(snapshot));
        Assert.Equal([new(2m, 1m), new(1m, 1m)], snapshot.Bids);
        Assert.Equal([new(3m, 1m), new(4m, 1m)], snapshot.Asks);

        var crossed = new DepthSnapshot(8, [new(5m, 1m)], [new(4m, 1m)], Received, Received);
        Assert.StartsWith("impossible value in depth snapshot 8: crossed book", RecordValidator.Check(crossed), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100, 1, 101, 1, null)]
    [InlineData(100, 1, 100, 1, null)]
    [InlineData(0, 0, 100, 1, null)]
    [InlineData(101, 1, 100, 1, "crossed quote: bid 101 is above ask 100")]
    [InlineData(0, 1, 100, 1, "bid price 0 is not above zero")]
    [InlineData(100, -1, 101, 1, "bid size -1 is negative")]
    [InlineData(100, 1, -101, 1, "ask price -101 is not above zero")]
    public void A_quote_side_is_a_price_above_zero_or_empty_and_the_bid_never_above_the_ask(int bid, int bidSize, int ask, int askSize, string? reason)
    {
        var quote = new BestBidAskRecord
        {
            Instrument = TestRecords.BtcUsdtSpot, Timestamp = Received, LocalTimestamp = Received,
            BidPrice = bid, BidSize = bidSize, AskPrice = ask, AskSize = askSize,
        };

        var error = RecordValidator.Check(quote);

        if (reason is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Equal($"impossible value in best_bid_ask BTCUSDT: {reason}", error);
        }
    }

    [Fact]
    public void Funding_rates_may_be_negative_but_its_prices_may_not_and_the_next_funding_lies_within_a_week()
    {
        Assert.Null(RecordValidator.Check(Funding(-0.0375m, mark: 100m, next: Received.AddHours(8))));
        Assert.Contains("mark price -100 is not above zero", RecordValidator.Check(Funding(0.0001m, mark: -100m, next: null)), StringComparison.Ordinal);
        Assert.Contains("next funding time", RecordValidator.Check(Funding(0.0001m, mark: null, next: Received.AddDays(8))), StringComparison.Ordinal);
        Assert.Contains("next funding time", RecordValidator.Check(Funding(0.0001m, mark: null, next: DateTime.UnixEpoch)), StringComparison.Ordinal);
    }

    [Fact]
    public void An_option_may_be_marked_at_zero_but_a_perpetual_may_not()
    {
        Assert.Null(RecordValidator.Check(Mark(Option, 0m)));
        Assert.Contains("mark price -0.0001 is not above zero", RecordValidator.Check(Mark(Option, -0.0001m)), StringComparison.Ordinal);
        Assert.Contains("mark price 0 is not above zero", RecordValidator.Check(Mark(TestRecords.BtcUsdtPerpetual, 0m)), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_interest_may_be_zero_but_never_negative_and_a_liquidation_has_a_quantity()
    {
        var interest = new OpenInterestRecord { Instrument = TestRecords.BtcUsdtPerpetual, Timestamp = Received, LocalTimestamp = Received, OpenInterest = 0m, OpenInterestValue = -1m };
        Assert.Contains("open interest value -1 is negative", RecordValidator.Check(interest), StringComparison.Ordinal);

        var liquidation = new LiquidationRecord { Instrument = TestRecords.BtcUsdtPerpetual, Timestamp = Received, LocalTimestamp = Received, Side = Side.Sell, Price = 1m, Quantity = 0m };
        Assert.Contains("quantity 0 is not above zero", RecordValidator.Check(liquidation), StringComparison.Ordinal);
        Assert.Null(RecordValidator.Check(new OpenInterestRecord { Instrument = TestRecords.BtcUsdtPerpetual, Timestamp = Received, LocalTimestamp = Received, OpenInterest = 0m }));
    }

    private static TradeRecord Trade(decimal price, decimal quantity, DateTime? timestamp = null) => new()
    {
        Instrument = TestRecords.BtcUsdtSpot,
        Timestamp = timestamp ?? Received,
        LocalTimestamp = Received,
        TradeId = new RecordId(1),
        Price = price,
        Quantity = quantity,
        Side = Side.Buy,
    };

    private static BookDeltaRecord Delta(BookLevel[] bids, BookLevel[] asks, bool isSnapshot = false) => new()
    {
        Instrument = TestRecords.BtcUsdtSpot,
        Timestamp = Received,
        LocalTimestamp = Received,
        Bids = bids,
        Asks = asks,
        FirstUpdateId = 1,
        LastUpdateId = 1,
        IsSnapshot = isSnapshot,
    };

    private static FundingRateRecord Funding(decimal rate, decimal? mark, DateTime? next) => new()
    {
        Instrument = TestRecords.BtcUsdtPerpetual,
        Timestamp = Received,
        LocalTimestamp = Received,
        FundingRate = rate,
        MarkPrice = mark,
        NextFundingTime = next,
    };

    private static MarkPriceRecord Mark(Instrument instrument, decimal mark) => new()
    {
        Instrument = instrument,
        Timestamp = Received,
        LocalTimestamp = Received,
        MarkPrice = mark,
    };
}

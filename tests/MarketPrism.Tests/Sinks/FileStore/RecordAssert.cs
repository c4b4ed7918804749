using MarketPrism.Core.Model;

namespace MarketPrism.Tests.Sinks.FileStore;

/// <summary>
/// Compares records field by field: decimals by value (Parquet keeps the value, not the trailing zeros), timestamps
/// to the microsecond (the precision both store formats keep).
/// </summary>
internal static class RecordAssert
{
    public static void Equal(IReadOnlyList<MarketRecord> expected, IReadOnlyList<MarketRecord> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Equal(expected[i], actual[i]);
        }
    }

    public static void Equal(MarketRecord expected, MarketRecord actual)
    {
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(expected.ExchangeName, actual.ExchangeName);
        Assert.Equal(expected.MarketType, actual.MarketType);
        Assert.Equal(expected.SymbolName, actual.SymbolName);
        Assert.Equal(expected.ExchangeSymbol, actual.ExchangeSymbol);
        Assert.Equal(Microseconds(expected.Timestamp), actual.Timestamp);
        Assert.Equal(Microseconds(expected.LocalTimestamp), actual.LocalTimestamp);
        Assert.Equal(DateTimeKind.Utc, actual.Timestamp.Kind);

        switch (expected)
        {
            case TradeRecord trade:
                var actualTrade = (TradeRecord)actual;
                Assert.Equal(trade.TradeId, actualTrade.TradeId);
                Assert.Equal(trade.Price, actualTrade.Price);
                Assert.Equal(trade.Quantity, actualTrade.Quantity);
                Assert.Equal(trade.Side, actualTrade.Side);
                break;
            case BookRecord book:
                var actualBook = (BookRecord)actual;
                Assert.Equal(book.Bids, actualBook.Bids);
                Assert.Equal(book.Asks, actualBook.Asks);
                Assert.Equal(book.FirstUpdateId, actualBook.FirstUpdateId);
                Assert.Equal(book.LastUpdateId, actualBook.LastUpdateId);
                if (book is BookSnapshotRecord snapshot)
                {
                    Assert.Equal(snapshot.Depth, ((BookSnapshotRecord)actual).Depth);
                }

                break;
            case BestBidAskRecord quote:
                var actualQuote = (BestBidAskRecord)actual;
                Assert.Equal(quote.BidPrice, actualQuote.BidPrice);
                Assert.Equal(quote.BidSize, actualQuote.BidSize);
                Assert.Equal(quote.AskPrice, actualQuote.AskPrice);
                Assert.Equal(quote.AskSize, actualQuote.AskSize);
                Assert.Equal(quote.UpdateId, actualQuote.UpdateId);
                break;
            case FundingRateRecord funding:
                var actualFunding = (FundingRateRecord)actual;
                Assert.Equal(funding.FundingRate, actualFunding.FundingRate);
                Assert.Equal(funding.EstimatedRate, actualFunding.EstimatedRate);
                Assert.Equal(funding.NextFundingTime, actualFunding.NextFundingTime);
                Assert.Equal(funding.MarkPrice, actualFunding.MarkPrice);
                Assert.Equal(funding.IndexPrice, actualFunding.IndexPrice);
                Assert.Equal(funding.PremiumIndex, actualFunding.PremiumIndex);
                break;
            case OpenInterestRecord openInterest:
                var actualOpenInterest = (OpenInterestRecord)actual;
                Assert.Equal(openInterest.OpenInterest, actualOpenInterest.OpenInterest);
                Assert.Equal(openInterest.OpenInterestValue, actualOpenInterest.OpenInterestValue);
                break;
            case LiquidationRecord liquidation:
                var actualLiquidation = (LiquidationRecord)actual;
                Assert.Equal(liquidation.LiquidationId, actualLiquidation.LiquidationId);
                Assert.Equal(liquidation.Side, actualLiquidation.Side);
                Assert.Equal(liquidation.Price, actualLiquidation.Price);
                Assert.Equal(liquidation.Quantity, actualLiquidation.Quantity);
                Assert.Equal(liquidation.Leverage, actualLiquidation.Leverage);
                Assert.Equal(liquidation.InstrumentType, actualLiquidation.InstrumentType);
                break;
            case MarkPriceRecord mark:
                var actualMark = (MarkPriceRecord)actual;
                Assert.Equal(mark.MarkPrice, actualMark.MarkPrice);
                Assert.Equal(mark.IndexPrice, actualMark.IndexPrice);
                break;
            default:
                Assert.Fail($"No comparison for {expected.GetType().Name}.");
                break;
        }
    }

    public static DateTime Microseconds(DateTime time) =>
        new(time.Ticks - (time.Ticks % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);
}

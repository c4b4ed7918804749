using MarketPrism.Core.Model;

namespace MarketPrism.Collector.Feeds;

/// <summary>
/// Decides whether a streamed record is new or a copy of one already handed on. Copies are normal when two
/// connections carry the same stream during a make-before-break hand-over or a venue re-sends after reconnecting.
/// Keys are the exchange's own monotonic ids where it has them (trade id or trade sequence, book update id), else
/// event time (with the values, where one millisecond may hold several different records); trade ids that are text
/// (Bybit's UUIDs) are compared with a window of the instrument's recent ids.
/// </summary>
internal static class RecordDeduplicator
{
    /// <summary>The result of checking one record.</summary>
    internal readonly record struct Verdict(bool IsDuplicate, long MissingBefore);

    /// <summary>
    /// Funding observations remembered per instrument. Streams push one every 1-3 s and polls run every minute or
    /// more, so 256 event times cover several minutes: longer than a poll answer can lag behind the stream.
    /// </summary>
    public const int RecentFundingCapacity = 256;

    /// <summary>
    /// Whether a funding rate from a REST poll is an observation already handed on (the same event time, from the
    /// stream or an earlier poll, even if the stream has moved on since); otherwise it is remembered, so the stream's
    /// copy of it is recognized. An older polled observation that was never handed on is kept: it is not a copy.
    /// </summary>
    public static bool IsPolledDuplicate(InstrumentState state, FundingRateRecord funding)
    {
        state.RecentFundingTimestamps ??= new RecentIdWindow(RecentFundingCapacity);
        return !state.RecentFundingTimestamps.Add(funding.Timestamp);
    }

    /// <param name="contiguousTradeIds">The venue numbers trades 1, 2, 3... per symbol, so a jump is a gap.</param>
    /// <param name="orderedTradeIds">
    /// The venue's numeric trade ids only grow (see <c>IExchangeVenue.HasOrderedTradeIds</c>); when false they are
    /// remembered in a window of recent ids, like text ids.
    /// </param>
    public static Verdict Check(InstrumentState state, MarketRecord record, bool contiguousTradeIds, bool orderedTradeIds = true)
    {
        switch (record)
        {
            case TradeRecord { Sequence: null, TradeId.IsNumeric: true } unordered when !orderedTradeIds:
                state.RecentTextTradeIds ??= new RecentIdWindow();
                return state.RecentTextTradeIds.Add(unordered.TradeId.Number) ? default : new Verdict(true, 0);

            case TradeRecord trade when trade.Sequence is not null || trade.TradeId.IsNumeric:
                // A venue sequence (Deribit trade_seq) orders trades whose ids cannot be ordered (ETH-259727150).
                var id = trade.Sequence ?? trade.TradeId.Number;
                if (state.LastTradeId is { } last)
                {
                    if (id <= last)
                    {
                        return new Verdict(true, 0);
                    }

                    state.LastTradeId = id;
                    return new Verdict(false, contiguousTradeIds && id > last + 1 ? id - last - 1 : 0);
                }

                state.LastTradeId = id;
                return default;

            case TradeRecord trade:
                state.RecentTextTradeIds ??= new RecentIdWindow();
                return state.RecentTextTradeIds.Add(trade.TradeId.ToString()) ? default : new Verdict(true, 0);

            case BestBidAskRecord { UpdateId: { } updateId }:
                if (state.LastQuoteUpdateId is { } lastUpdate && updateId <= lastUpdate)
                {
                    return new Verdict(true, 0);
                }

                state.LastQuoteUpdateId = updateId;
                return default;

            case BestBidAskRecord quote:
                // Without an update id (Deribit quote), an older quote or the same quote again is a copy; two
                // different quotes may share a millisecond.
                var key = (quote.BidPrice, quote.BidSize, quote.AskPrice, quote.AskSize);
                if (quote.Timestamp < state.LastQuoteTimestamp || (quote.Timestamp == state.LastQuoteTimestamp && state.LastQuote == key))
                {
                    return new Verdict(true, 0);
                }

                state.LastQuoteTimestamp = quote.Timestamp;
                state.LastQuote = key;
                return default;

            case FundingRateRecord funding:
                // A poll may have handed on this very observation already (Binance's premiumIndex answers with the
                // mark price's own time).
                if (funding.Timestamp <= state.LastFundingTimestamp)
                {
                    return new Verdict(true, 0);
                }

                state.LastFundingTimestamp = funding.Timestamp;
                state.RecentFundingTimestamps ??= new RecentIdWindow(RecentFundingCapacity);
                return state.RecentFundingTimestamps.Add(funding.Timestamp) ? default : new Verdict(true, 0);

            case MarkPriceRecord mark:
                if (mark.Timestamp <= state.LastMarkTimestamp)
                {
                    return new Verdict(true, 0);
                }

                state.LastMarkTimestamp = mark.Timestamp;
                state.MarkPrice = mark.MarkPrice;
                return default;

            case OpenInterestRecord openInterest:
                // Streamed open interest (Bybit tickers) stamps every change with the message time.
                if (openInterest.Timestamp <= state.LastOpenInterestTimestamp)
                {
                    return new Verdict(true, 0);
                }

                state.LastOpenInterestTimestamp = openInterest.Timestamp;
                return default;

            case LiquidationRecord liquidation:
                // Several liquidations can share a millisecond (Deribit "MT": both sides of one trade), so every one
                // seen at the latest time is remembered.
                var liquidationKey = (liquidation.Price, liquidation.Quantity, liquidation.Side);
                if (liquidation.Timestamp < state.LastLiquidationTimestamp
                    || (liquidation.Timestamp == state.LastLiquidationTimestamp && state.LastLiquidations.Contains(liquidationKey)))
                {
                    return new Verdict(true, 0);
                }

                if (liquidation.Timestamp > state.LastLiquidationTimestamp)
                {
                    state.LastLiquidations.Clear();
                    state.LastLiquidationTimestamp = liquidation.Timestamp;
                }

                state.LastLiquidations.Add(liquidationKey);
                return default;

            case VolatilityIndexRecord volatility:
                if (volatility.Timestamp <= state.LastVolatilityTimestamp)
                {
                    return new Verdict(true, 0);
                }

                state.LastVolatilityTimestamp = volatility.Timestamp;
                return default;

            default:
                return default;
        }
    }
}

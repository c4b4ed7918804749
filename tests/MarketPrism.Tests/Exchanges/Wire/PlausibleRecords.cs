using MarketPrism.Core.Model;

namespace MarketPrism.Tests.Exchanges.Wire;

/// <summary>
/// The schema's promises about values (docs/schema.md, "Values that are never written"), written out again for the
/// tests, independently of the validator they check: what no record may ever hold.
/// </summary>
internal static class PlausibleRecords
{
    private static readonly DateTime Earliest = new(2009, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>What is impossible about <paramref name="record"/>, or null.</summary>
    public static string? Violation(MarketRecord record) =>
        TimeViolation(record.Timestamp, record.LocalTimestamp) ?? record switch
        {
            TradeRecord t => t.Price > 0 && t.Quantity > 0 ? null : $"trade price {t.Price} quantity {t.Quantity}",
            BookDeltaRecord d => BookViolation(d.Bids, d.Asks, d.IsSnapshot),
            BookSnapshotRecord s => BookViolation(s.Bids, s.Asks, isFull: true),
            BestBidAskRecord q => QuoteViolation(q),
            FundingRateRecord f => (f.MarkPrice ?? 1) > 0 && (f.IndexPrice ?? 1) > 0
                && (f.NextFundingTime is not { } next || (next >= Earliest && next <= f.LocalTimestamp.AddDays(7)))
                ? null : $"funding mark {f.MarkPrice} index {f.IndexPrice} next {f.NextFundingTime:O}",
            OpenInterestRecord o => o.OpenInterest >= 0 && (o.OpenInterestValue ?? 0) >= 0 ? null : $"open interest {o.OpenInterest} value {o.OpenInterestValue}",
            LiquidationRecord l => l.Price > 0 && l.Quantity > 0 ? null : $"liquidation price {l.Price} quantity {l.Quantity}",
            MarkPriceRecord m => (m.Instrument.InstrumentType == InstrumentType.Option ? m.MarkPrice >= 0 : m.MarkPrice > 0) && (m.IndexPrice ?? 1) > 0
                ? null : $"mark {m.MarkPrice} index {m.IndexPrice}",
            LongShortRatioRecord r => r.LongShortRatio >= 0 ? null : $"long/short ratio {r.LongShortRatio}",
            VolatilityIndexRecord v => v.Volatility >= 0 ? null : $"volatility {v.Volatility}",
            _ => null,
        };

    public static string? TimeViolation(DateTime timestamp, DateTime received) =>
        timestamp >= Earliest && timestamp <= received.AddDays(1) ? null : $"timestamp {timestamp:O} received {received:O}";

    public static string? BookViolation(BookLevel[] bids, BookLevel[] asks, bool isFull)
    {
        for (var i = 0; i < bids.Length; i++)
        {
            if (bids[i].Price <= 0 || bids[i].Size < 0 || (i > 0 && bids[i].Price > bids[i - 1].Price))
            {
                return $"bid level {i} {bids[i]} (bids must be positive, best first)";
            }
        }

        for (var i = 0; i < asks.Length; i++)
        {
            if (asks[i].Price <= 0 || asks[i].Size < 0 || (i > 0 && asks[i].Price < asks[i - 1].Price))
            {
                return $"ask level {i} {asks[i]} (asks must be positive, best first)";
            }
        }

        return isFull && bids.Length > 0 && asks.Length > 0 && bids[0].Price >= asks[0].Price ? $"crossed book {bids[0].Price} / {asks[0].Price}" : null;
    }

    private static string? QuoteViolation(BestBidAskRecord q)
    {
        static bool SidePossible(decimal price, decimal size) => size >= 0 && (price > 0 || (price == 0 && size == 0));
        if (!SidePossible(q.BidPrice, q.BidSize) || !SidePossible(q.AskPrice, q.AskSize))
        {
            return $"quote {q.BidPrice}x{q.BidSize} / {q.AskPrice}x{q.AskSize}";
        }

        return q.BidPrice > 0 && q.AskPrice > 0 && q.BidPrice > q.AskPrice ? $"crossed quote {q.BidPrice} / {q.AskPrice}" : null;
    }
}

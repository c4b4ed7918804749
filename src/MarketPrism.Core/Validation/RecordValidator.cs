using System.Globalization;
using MarketPrism.Core.Books;
using MarketPrism.Core.Model;

namespace MarketPrism.Core.Validation;

/// <summary>
/// The one check every record passes before anything downstream sees it, whatever venue, parser, REST poll or depth
/// snapshot produced it: values no real market can have are rejected with the reason, never written. The rules
/// (docs/schema.md, "Values that are never written"):
/// <list type="bullet">
/// <item>prices are above zero: trade, liquidation and book level prices, best bid/ask, mark and index prices. Rates
/// (<c>funding_rate</c>, <c>estimated_rate</c>) may be negative; an option's mark price may be zero (a worthless
/// option), never negative. Spreads and combos, whose prices may be negative, are not normalized by any venue.</item>
/// <item>sizes are zero or more: book levels (zero deletes the level), best bid/ask sizes, open interest and its value,
/// long/short ratios, volatility. A trade's and a liquidation's quantity are above zero: both are executions, which
/// exchange something, and no venue documents one of zero (Binance's unfilled liquidation orders are left out by its
/// parser before they become records).</item>
/// <item>a best bid/ask side is either a price above zero or empty (price and size zero: Deribit's quote with no bid);
/// a bid above the ask (crossed) is rejected. An equal bid and ask (locked) is allowed: it is a real, if brief, state
/// of quotes a venue assembles from separate events (tickers published on a timer, a ticker merged from deltas, an
/// auction), and rejecting it would lose real data; a matching engine's own book never stays crossed.</item>
/// <item>a full book (snapshot) has its best bid below its best ask, and both sides best first.</item>
/// <item>exchange timestamps lie between <see cref="EarliestTimestamp"/> and <see cref="MaxAheadOfReceive"/> after
/// the receive time; a next funding time at most <see cref="MaxFundingAheadOfReceive"/> after it.</item>
/// </list>
/// Checks are decimal and time compares over the record's own fields: nothing is allocated for a valid record. A reason
/// is built only for a rejected one.
/// </summary>
public static class RecordValidator
{
    /// <summary>No crypto exchange existed before 2009 (Bitcoin's genesis block): an earlier time is a corrupt one.</summary>
    public static readonly DateTime EarliestTimestamp = new(2009, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// How far an exchange time may lie after the receive time: a day covers any real clock skew and a receive time
    /// taken late (a capture written after the fact), and still catches a corrupt time such as a year in the 2200s.
    /// </summary>
    public static readonly TimeSpan MaxAheadOfReceive = TimeSpan.FromDays(1);

    /// <summary>Funding intervals are at most 8 hours on every venue; a week ahead is a corrupt next funding time.</summary>
    public static readonly TimeSpan MaxFundingAheadOfReceive = TimeSpan.FromDays(7);

    /// <summary>
    /// Brings a book record's sides into the schema's order (best first) and checks every value of
    /// <paramref name="record"/>; returns why it cannot be written, or null when it can.
    /// </summary>
    /// <remarks>
    /// The sort works in place on the record's level arrays, which the parser built for this record alone. Venues send
    /// levels in their own order (Deribit asks 219.2 then 219.1; Binance futures bids lowest first); the schema and
    /// <see cref="BookRecord"/> promise best first, so the order is fixed here, once, for every venue.
    /// </remarks>
    public static string? Check(MarketRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var reason = CheckTimestamp(record.Timestamp, record.LocalTimestamp);
        if (reason is not null)
        {
            return Describe(record, reason);
        }

        reason = record switch
        {
            TradeRecord trade => CheckTrade(trade),
            BookDeltaRecord delta => CheckBook(delta.Bids, delta.Asks, delta.IsSnapshot),
            BookSnapshotRecord snapshot => CheckBook(snapshot.Bids, snapshot.Asks, isFull: true),
            BestBidAskRecord quote => CheckQuote(quote),
            FundingRateRecord funding => CheckFunding(funding),
            OpenInterestRecord interest => CheckOpenInterest(interest),
            LiquidationRecord liquidation => CheckLiquidation(liquidation),
            MarkPriceRecord mark => CheckMark(mark),
            LongShortRatioRecord ratio => CheckRatio(ratio),
            VolatilityIndexRecord volatility => volatility.Volatility < 0 ? Negative("volatility", volatility.Volatility) : null,
            _ => null,
        };
        return reason is null ? null : Describe(record, reason);
    }

    /// <summary>
    /// The same rules for a REST depth snapshot (not a record until a book is synchronized from it): both sides put
    /// best first, every level valid, the book not crossed, its time in the window.
    /// </summary>
    public static string? Check(DepthSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var reason = CheckTimestamp(snapshot.Timestamp, snapshot.LocalTimestamp) ?? CheckBook(snapshot.Bids, snapshot.Asks, isFull: true);
        return reason is null ? null : $"impossible value in depth snapshot {snapshot.LastUpdateId}: {reason}";
    }

    /// <summary>Whether <paramref name="timestamp"/> can be an exchange time of an event received at <paramref name="received"/>.</summary>
    public static string? CheckTimestamp(DateTime timestamp, DateTime received)
    {
        if (timestamp < EarliestTimestamp)
        {
            return Invariant($"timestamp {timestamp:O} is before {EarliestTimestamp:yyyy-MM-dd}");
        }

        // Compared as a difference: received + a day would overflow for a receive time near DateTime.MaxValue.
        if (timestamp > received && timestamp - received > MaxAheadOfReceive)
        {
            return Invariant($"timestamp {timestamp:O} is more than {MaxAheadOfReceive.TotalHours:0} hours after the receive time {received:O}");
        }

        return null;
    }

    /// <summary>
    /// Sorts <paramref name="levels"/> best first: bids by price descending, asks ascending. Stable, so levels of one
    /// price keep the exchange's order, in which a book applies them. Insertion sort: levels usually arrive sorted or
    /// nearly so, and a message holds a few of them, where it runs in one pass with no allocation.
    /// </summary>
    public static void SortBestFirst(Span<BookLevel> levels, bool bids)
    {
        for (var i = 1; i < levels.Length; i++)
        {
            var level = levels[i];
            var j = i - 1;
            while (j >= 0 && (bids ? levels[j].Price < level.Price : levels[j].Price > level.Price))
            {
                levels[j + 1] = levels[j];
                j--;
            }

            levels[j + 1] = level;
        }
    }

    private static string? CheckTrade(TradeRecord trade) =>
        trade.Price <= 0 ? NotPositive("price", trade.Price)
        : trade.Quantity <= 0 ? NotPositive("quantity", trade.Quantity)
        : null;

    private static string? CheckBook(BookLevel[] bids, BookLevel[] asks, bool isFull)
    {
        SortBestFirst(bids, bids: true);
        SortBestFirst(asks, bids: false);
        var reason = CheckLevels(bids, "bid") ?? CheckLevels(asks, "ask");
        if (reason is not null)
        {
            return reason;
        }

        // Only a full book can be crossed on its own: a delta's levels are changes (a removed bid may lie above a new
        // ask), checked for crossing by the book they are applied to. A full book uses OrderBook.IsCrossed's rule: a bid
        // at the ask would have matched in the venue's engine, so equal is crossed too (unlike a quote, see above).
        if (isFull && bids.Length > 0 && asks.Length > 0 && bids[0].Price >= asks[0].Price)
        {
            return Invariant($"crossed book: best bid {bids[0].Price} is not below best ask {asks[0].Price}");
        }

        return null;
    }

    private static string? CheckLevels(BookLevel[] levels, string side)
    {
        foreach (var level in levels)
        {
            // Sign-bit tests first: a general decimal compare per level is a measurable cost on large books.
            if (decimal.IsNegative(level.Price) || level.Price == 0m)
            {
                return Invariant($"{side} level price {level.Price} is not above zero");
            }

            if (decimal.IsNegative(level.Size) && level.Size != 0m)
            {
                return Invariant($"{side} level at {level.Price} has a negative size {level.Size}");
            }
        }

        return null;
    }

    private static string? CheckQuote(BestBidAskRecord quote)
    {
        var reason = CheckQuoteSide("bid", quote.BidPrice, quote.BidSize) ?? CheckQuoteSide("ask", quote.AskPrice, quote.AskSize);
        if (reason is not null)
        {
            return reason;
        }

        // Strictly above: a locked quote (bid == ask) is allowed, see the class remarks.
        if (quote.BidPrice > 0 && quote.AskPrice > 0 && quote.BidPrice > quote.AskPrice)
        {
            return Invariant($"crossed quote: bid {quote.BidPrice} is above ask {quote.AskPrice}");
        }

        return null;
    }

    private static string? CheckQuoteSide(string side, decimal price, decimal size)
    {
        if (size < 0)
        {
            return Negative($"{side} size", size);
        }

        // An empty side is price and size zero (Deribit's quote without a bid); a price of zero with a size is not.
        if (price < 0 || (price == 0 && size != 0))
        {
            return NotPositive($"{side} price", price);
        }

        return null;
    }

    private static string? CheckFunding(FundingRateRecord funding)
    {
        if (funding.MarkPrice is { } mark && mark <= 0)
        {
            return NotPositive("mark price", mark);
        }

        if (funding.IndexPrice is { } index && index <= 0)
        {
            return NotPositive("index price", index);
        }

        if (funding.NextFundingTime is { } next)
        {
            if (next < EarliestTimestamp)
            {
                return Invariant($"next funding time {next:O} is before {EarliestTimestamp:yyyy-MM-dd}");
            }

            if (next > funding.LocalTimestamp && next - funding.LocalTimestamp > MaxFundingAheadOfReceive)
            {
                return Invariant($"next funding time {next:O} is more than {MaxFundingAheadOfReceive.TotalDays:0} days after the receive time");
            }
        }

        return null;
    }

    private static string? CheckOpenInterest(OpenInterestRecord interest) =>
        interest.OpenInterest < 0 ? Negative("open interest", interest.OpenInterest)
        : interest.OpenInterestValue is { } value && value < 0 ? Negative("open interest value", value)
        : null;

    private static string? CheckLiquidation(LiquidationRecord liquidation) =>
        liquidation.Price <= 0 ? NotPositive("price", liquidation.Price)
        : liquidation.Quantity <= 0 ? NotPositive("quantity", liquidation.Quantity)
        : liquidation.Leverage is { } leverage && leverage < 0 ? Negative("leverage", leverage)
        : null;

    private static string? CheckMark(MarkPriceRecord mark)
    {
        // A worthless option is marked at zero (Deribit marks options in the underlying; deep out-of-the-money ones
        // reach its minimum and below); any other instrument's mark, and every index, is a price above zero.
        var markFloorIsZero = mark.Instrument.InstrumentType == InstrumentType.Option;
        if (mark.MarkPrice < 0 || (mark.MarkPrice == 0 && !markFloorIsZero))
        {
            return NotPositive("mark price", mark.MarkPrice);
        }

        return mark.IndexPrice is { } index && index <= 0 ? NotPositive("index price", index) : null;
    }

    private static string? CheckRatio(LongShortRatioRecord ratio) =>
        ratio.LongShortRatio < 0 ? Negative("long/short ratio", ratio.LongShortRatio)
        : ratio.LongRatio is { } longs && longs < 0 ? Negative("long ratio", longs)
        : ratio.ShortRatio is { } shorts && shorts < 0 ? Negative("short ratio", shorts)
        : null;

    private static string NotPositive(string field, decimal value) => Invariant($"{field} {value} is not above zero");

    private static string Negative(string field, decimal value) => Invariant($"{field} {value} is negative");

    private static string Describe(MarketRecord record, string reason) =>
        $"impossible value in {record.DataType.ToWireName()} {record.ExchangeSymbol}: {reason}";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using MarketPrism.Core.Serialization;

namespace MarketPrism.Core.Model;

/// <summary>
/// The identity of a record across processes: <c>{exchange}:{market_type}:{data_type}:{exchange_symbol}:{id}</c>,
/// e.g. <c>binance:spot:trade:BTCUSDT:16599292</c>. Two collectors that receive the same exchange message build the
/// same key, so a sink can keep one copy: NATS JetStream drops a message whose <c>Nats-Msg-Id</c> it has seen within
/// its duplicate window, and ClickHouse's ReplacingMergeTree collapses rows with the same key. Every sink takes the
/// key from here, so they can never disagree.
/// <para>
/// A key must name exactly one record: two distinct records under one key are silent loss (the second is dropped as
/// a duplicate), and two copies of one record (a re-sent batch, a second collector, a re-polled REST observation)
/// must share a key. So the <c>{id}</c> part is built only from what the exchange sent (the receive time only where the
/// exchange gives no time of its own), from
/// the venue's own sequence where it has one, plus the side where one message yields several records, and, where
/// the record has no id that is unique on its own, the exchange time and every value of the record:
/// </para>
/// <list type="bullet">
/// <item>trade: <c>{trade_id}</c>.</item>
/// <item>book_delta: <c>{first_update_id}-{last_update_id}-t{timestamp_us}</c> (the time tells apart a sequence that
/// restarts after maintenance, and OKX's empty keep-alive update that repeats the last <c>seqId</c>).</item>
/// <item>book_snapshot: <c>{last_update_id}-d{depth}-t{timestamp_us}</c>.</item>
/// <item>best_bid_ask: <c>u{update_id}-{bid_price}-{bid_size}-{ask_price}-{ask_size}</c>, or
/// <c>t{timestamp_us}-{bid_price}-{bid_size}-{ask_price}-{ask_size}</c> without an update id (Binance bookTicker
/// has no exchange time, so the update id alone, not the time, identifies its quotes).</item>
/// <item>funding_rate: <c>t{timestamp_us}-{funding_rate}-{estimated_rate}-{next_funding_time_us}-{mark_price}-{index_price}</c>.</item>
/// <item>open_interest: <c>t{timestamp_us}-{open_interest}</c> (not the value in quote currency, which the collector
/// derives for Binance's and OKX's polls from its latest mark price).</item>
/// <item>mark_price: <c>t{timestamp_us}-{mark_price}-{index_price}</c>.</item>
/// <item>liquidation: <c>{liquidation_id}-{side}</c> (Deribit liquidates both sides of one trade), or
/// <c>t{timestamp_us}-{side}-{price}-{quantity}</c> without an id.</item>
/// <item>long_short_ratio: <c>{kind}-{period}-t{timestamp_us}-{long_short_ratio}-{long_ratio}-{short_ratio}</c>.</item>
/// <item>volatility_index: <c>t{timestamp_us}-{volatility}</c>.</item>
/// </list>
/// <para>
/// Decimals are written without trailing zeros (<c>1.01000</c> and <c>1.01</c>, as a store may give it back, are one
/// key), a negative one after the separator shows as <c>--</c>, and a null value is empty. Characters outside printable
/// ASCII (and <c>%</c>) in the exchange symbol or an id are percent-encoded, so a key is always a valid header value.
/// Keys changed to this shape in issue 16 (before it a book_delta key had no time, a best_bid_ask key no values, a
/// funding_rate, open_interest, mark_price or volatility_index key was the time alone, and a liquidation key the id
/// alone); rows stored with older keys keep them.
/// </para>
/// </summary>
public static class RecordKey
{
    public static string For(MarketRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var builder = new StringBuilder(96);
        builder.Append(record.ExchangeName).Append(':')
            .Append(record.MarketType.ToWireName()).Append(':')
            .Append(record.DataType.ToWireName()).Append(':');
        AppendEscaped(builder, record.ExchangeSymbol);
        builder.Append(':');
        switch (record)
        {
            case TradeRecord trade:
                AppendId(builder, trade.TradeId);
                break;
            case BookDeltaRecord delta:
                builder.Append(delta.FirstUpdateId).Append('-').Append(delta.LastUpdateId);
                AppendTime(builder, delta.Timestamp);
                break;
            case BookSnapshotRecord snapshot:
                builder.Append(snapshot.LastUpdateId).Append("-d").Append(snapshot.Depth);
                AppendTime(builder, snapshot.Timestamp);
                break;
            case BestBidAskRecord quote:
                if (quote.UpdateId is { } updateId)
                {
                    builder.Append('u').Append(updateId);
                }
                else
                {
                    builder.Append('t');
                    AppendMicroseconds(builder, quote.Timestamp);
                }

                AppendValue(builder, quote.BidPrice);
                AppendValue(builder, quote.BidSize);
                AppendValue(builder, quote.AskPrice);
                AppendValue(builder, quote.AskSize);
                break;
            case FundingRateRecord funding:
                builder.Append('t');
                AppendMicroseconds(builder, funding.Timestamp);
                AppendValue(builder, funding.FundingRate);
                AppendValue(builder, funding.EstimatedRate);
                builder.Append('-');
                if (funding.NextFundingTime is { } next)
                {
                    AppendMicroseconds(builder, next);
                }

                AppendValue(builder, funding.MarkPrice);
                AppendValue(builder, funding.IndexPrice);
                break;
            case OpenInterestRecord openInterest:
                builder.Append('t');
                AppendMicroseconds(builder, openInterest.Timestamp);
                // Not open_interest_value: Binance's and OKX's polls derive it from the collector's latest mark price,
                // so two polls of one exchange observation (and two collectors) may differ in it.
                AppendValue(builder, openInterest.OpenInterest);
                break;
            case MarkPriceRecord mark:
                builder.Append('t');
                AppendMicroseconds(builder, mark.Timestamp);
                AppendValue(builder, mark.MarkPrice);
                AppendValue(builder, mark.IndexPrice);
                break;
            case LiquidationRecord { LiquidationId: { } liquidationId } liquidation:
                // Deribit's "MT" trade liquidates both its maker and its taker: two records under one trade id.
                AppendId(builder, liquidationId);
                builder.Append('-').Append(liquidation.Side.ToWireName());
                break;
            case LiquidationRecord liquidation:
                builder.Append('t');
                AppendMicroseconds(builder, liquidation.Timestamp);
                builder.Append('-').Append(liquidation.Side.ToWireName());
                AppendValue(builder, liquidation.Price);
                AppendValue(builder, liquidation.Quantity);
                break;
            case LongShortRatioRecord ratio:
                // A venue publishes several kinds (and periods) of ratio for one symbol at the same time.
                builder.Append(ratio.Kind.ToWireName()).Append('-');
                AppendEscaped(builder, ratio.Period);
                AppendTime(builder, ratio.Timestamp);
                AppendValue(builder, ratio.LongShortRatio);
                AppendValue(builder, ratio.LongRatio);
                AppendValue(builder, ratio.ShortRatio);
                break;
            case VolatilityIndexRecord volatility:
                builder.Append('t');
                AppendMicroseconds(builder, volatility.Timestamp);
                AppendValue(builder, volatility.Volatility);
                break;
            default:
                Debug.Fail($"No key rule for {record.GetType().Name}");
                builder.Append('t');
                AppendMicroseconds(builder, record.Timestamp);
                break;
        }

        return builder.ToString();
    }

    private static void AppendTime(StringBuilder builder, DateTime timestamp)
    {
        builder.Append("-t");
        AppendMicroseconds(builder, timestamp);
    }

    /// <summary><c>-</c> and the value without trailing zeros (<c>1.01000</c> and <c>1.01</c> are one key); nothing for null.</summary>
    private static void AppendValue(StringBuilder builder, decimal? value)
    {
        builder.Append('-');
        if (value is { } number)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{number:G29}");
        }
    }

    private static void AppendId(StringBuilder builder, RecordId id)
    {
        if (id.IsNumeric)
        {
            builder.Append(id.Number);
        }
        else
        {
            AppendEscaped(builder, id.ToString());
        }
    }

    private static void AppendMicroseconds(StringBuilder builder, DateTime timestamp) =>
        builder.Append(UtcTimestamp.ToUnixMicroseconds(timestamp));

    private static void AppendEscaped(StringBuilder builder, string text)
    {
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is > ' ' and < 0x7f and not '%')
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
    }
}

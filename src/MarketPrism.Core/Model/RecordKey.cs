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
/// The <c>{id}</c> part is the exchange's own identifier where it has one, else the exchange's event time:
/// trade: <c>trade_id</c>; book_delta: <c>{first_update_id}-{last_update_id}</c>; book_snapshot:
/// <c>{last_update_id}-d{depth}-t{timestamp_us}</c>; best_bid_ask: <c>u{update_id}</c>, or <c>t{timestamp_us}</c>
/// without one; funding_rate, open_interest, mark_price: <c>t{timestamp_us}</c>; liquidation:
/// <c>liquidation_id</c>, or <c>t{timestamp_us}-{side}-{price}-{quantity}</c> without one (decimals without trailing zeros);
/// long_short_ratio: <c>{kind}-{period}-t{timestamp_us}</c>; volatility_index: <c>t{timestamp_us}</c>. Characters outside
/// printable ASCII (and <c>%</c>) in the exchange symbol or an id are percent-encoded, so a key is always a valid
/// header value.
/// </para>
/// </summary>
public static class RecordKey
{
    public static string For(MarketRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var builder = new StringBuilder(64);
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
                break;
            case BookSnapshotRecord snapshot:
                builder.Append(snapshot.LastUpdateId).Append("-d").Append(snapshot.Depth).Append("-t");
                AppendMicroseconds(builder, snapshot.Timestamp);
                break;
            case BestBidAskRecord { UpdateId: { } updateId }:
                builder.Append('u').Append(updateId);
                break;
            case LiquidationRecord { LiquidationId: { } liquidationId }:
                AppendId(builder, liquidationId);
                break;
            case LongShortRatioRecord ratio:
                // A venue publishes several kinds (and periods) of ratio for one symbol at the same time.
                builder.Append(ratio.Kind.ToWireName()).Append('-');
                AppendEscaped(builder, ratio.Period);
                builder.Append("-t");
                AppendMicroseconds(builder, ratio.Timestamp);
                break;
            case LiquidationRecord liquidation:
                builder.Append('t');
                AppendMicroseconds(builder, liquidation.Timestamp);
                builder.Append('-').Append(liquidation.Side.ToWireName())
                    .Append('-').Append(Canonical(liquidation.Price))
                    .Append('-').Append(Canonical(liquidation.Quantity));
                break;
            default:
                // best_bid_ask without an update id, funding_rate, open_interest, mark_price, volatility_index: one per event time.
                builder.Append('t');
                AppendMicroseconds(builder, record.Timestamp);
                break;
        }

        return builder.ToString();
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

    /// <summary>The value without trailing zeros: <c>1.01000</c> and <c>1.01</c> (as a store may give it back) are one key.</summary>
    private static string Canonical(decimal value) => value.ToString("G29", CultureInfo.InvariantCulture);

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

using System.Text.Json;
using MarketPrism.Core.Model;

namespace MarketPrism.Core.Serialization;

/// <summary>
/// Writes a record as one JSON object with the schema's field names (docs/schema.md). Decimals are JSON numbers
/// that keep the exchange's digits; timestamps are ISO-8601 UTC text with milliseconds; ids are strings; absent
/// optional values are written as <c>null</c> so every record of a type has the same fields. The same form is used
/// by <c>normalize</c>, the jsonl store and the message bus; only the timestamp precision differs
/// (<see cref="TimestampPrecision"/>).
/// </summary>
public static class RecordJsonWriter
{
    public static void Write(Utf8JsonWriter writer, MarketRecord record, TimestampPrecision precision = TimestampPrecision.Milliseconds)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);

        writer.WriteStartObject();
        writer.WriteString(FieldNames.DataType, record.DataType.ToWireName());
        writer.WriteString(FieldNames.ExchangeName, record.ExchangeName);
        writer.WriteString(FieldNames.MarketType, record.MarketType.ToWireName());
        writer.WriteString(FieldNames.SymbolName, record.SymbolName);
        writer.WriteString(FieldNames.ExchangeSymbol, record.ExchangeSymbol);
        WriteTimestamp(writer, FieldNames.Timestamp, record.Timestamp, precision);
        WriteTimestamp(writer, FieldNames.LocalTimestamp, record.LocalTimestamp, precision);

        switch (record)
        {
            case TradeRecord trade:
                WriteId(writer, FieldNames.TradeId, trade.TradeId);
                writer.WriteNumber(FieldNames.Price, trade.Price);
                writer.WriteNumber(FieldNames.Quantity, trade.Quantity);
                writer.WriteString(FieldNames.Side, trade.Side.ToWireName());

                // Only on venues that publish one, so the trades of every other venue keep their exact shape.
                if (trade.TransactionHash is { } hash)
                {
                    writer.WriteString(FieldNames.TransactionHash, hash);
                }

                break;
            case BookDeltaRecord delta:
                WriteBook(writer, delta);
                writer.WriteNull(FieldNames.Depth);
                break;
            case BookSnapshotRecord snapshot:
                WriteBook(writer, snapshot);
                writer.WriteNumber(FieldNames.Depth, snapshot.Depth);
                break;
            case BestBidAskRecord quote:
                writer.WriteNumber(FieldNames.BidPrice, quote.BidPrice);
                writer.WriteNumber(FieldNames.BidSize, quote.BidSize);
                writer.WriteNumber(FieldNames.AskPrice, quote.AskPrice);
                writer.WriteNumber(FieldNames.AskSize, quote.AskSize);
                WriteNullable(writer, FieldNames.UpdateId, quote.UpdateId);
                break;
            case FundingRateRecord funding:
                writer.WriteNumber(FieldNames.FundingRate, funding.FundingRate);
                WriteNullable(writer, FieldNames.EstimatedRate, funding.EstimatedRate);
                WriteNullableTimestamp(writer, FieldNames.NextFundingTime, funding.NextFundingTime, precision);
                WriteNullable(writer, FieldNames.MarkPrice, funding.MarkPrice);
                WriteNullable(writer, FieldNames.IndexPrice, funding.IndexPrice);
                WriteNullable(writer, FieldNames.PremiumIndex, funding.PremiumIndex);
                break;
            case OpenInterestRecord openInterest:
                writer.WriteNumber(FieldNames.OpenInterest, openInterest.OpenInterest);
                WriteNullable(writer, FieldNames.OpenInterestValue, openInterest.OpenInterestValue);
                break;
            case LiquidationRecord liquidation:
                if (liquidation.LiquidationId is { } id)
                {
                    WriteId(writer, FieldNames.LiquidationId, id);
                }
                else
                {
                    writer.WriteNull(FieldNames.LiquidationId);
                }

                writer.WriteString(FieldNames.Side, liquidation.Side.ToWireName());
                writer.WriteNumber(FieldNames.Price, liquidation.Price);
                writer.WriteNumber(FieldNames.Quantity, liquidation.Quantity);
                WriteNullable(writer, FieldNames.Leverage, liquidation.Leverage);
                writer.WriteString(FieldNames.InstrumentType, liquidation.InstrumentType.ToWireName());
                break;
            case MarkPriceRecord mark:
                writer.WriteNumber(FieldNames.MarkPrice, mark.MarkPrice);
                WriteNullable(writer, FieldNames.IndexPrice, mark.IndexPrice);
                break;
            case LongShortRatioRecord ratio:
                writer.WriteString(FieldNames.Kind, ratio.Kind.ToWireName());
                WriteNullable(writer, FieldNames.LongRatio, ratio.LongRatio);
                WriteNullable(writer, FieldNames.ShortRatio, ratio.ShortRatio);
                writer.WriteNumber(FieldNames.LongShortRatio, ratio.LongShortRatio);
                writer.WriteString(FieldNames.Period, ratio.Period);
                break;
            case VolatilityIndexRecord volatility:
                writer.WriteNumber(FieldNames.Volatility, volatility.Volatility);
                break;
            default:
                throw new ArgumentException($"No JSON form for record type {record.GetType().Name}.", nameof(record));
        }

        writer.WriteEndObject();
    }

    /// <summary>Serializes one record to a UTF-8 byte array (tests, tools; not the hot path).</summary>
    public static byte[] ToUtf8Bytes(MarketRecord record, TimestampPrecision precision = TimestampPrecision.Milliseconds)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, record, precision);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteBook(Utf8JsonWriter writer, BookRecord book)
    {
        WriteLevels(writer, FieldNames.Bids, book.Bids);
        WriteLevels(writer, FieldNames.Asks, book.Asks);
        writer.WriteNumber(FieldNames.FirstUpdateId, book.FirstUpdateId);
        writer.WriteNumber(FieldNames.LastUpdateId, book.LastUpdateId);
    }

    private static void WriteLevels(Utf8JsonWriter writer, JsonEncodedText name, BookLevel[] levels)
    {
        writer.WriteStartArray(name);
        foreach (var level in levels)
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(level.Price);
            writer.WriteNumberValue(level.Size);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    private static void WriteTimestamp(Utf8JsonWriter writer, JsonEncodedText name, DateTime value, TimestampPrecision precision)
    {
        Span<byte> buffer = stackalloc byte[UtcTimestamp.IsoLength];
        UtcTimestamp.TryFormatIso(value, buffer, out var written, precision);
        writer.WriteString(name, buffer[..written]);
    }

    private static void WriteNullableTimestamp(Utf8JsonWriter writer, JsonEncodedText name, DateTime? value, TimestampPrecision precision)
    {
        if (value is { } timestamp)
        {
            WriteTimestamp(writer, name, timestamp, precision);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteId(Utf8JsonWriter writer, JsonEncodedText name, RecordId id)
    {
        Span<byte> buffer = stackalloc byte[24];
        if (id.TryFormatNumber(buffer, out var written))
        {
            writer.WriteString(name, buffer[..written]);
        }
        else
        {
            writer.WriteString(name, id.ToString());
        }
    }

    private static void WriteNullable(Utf8JsonWriter writer, JsonEncodedText name, decimal? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteNullable(Utf8JsonWriter writer, JsonEncodedText name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}

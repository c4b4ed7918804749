using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Sinks.FileStore;

namespace MarketPrism.Sinks.ClickHouse;

/// <summary>
/// Writes one record as a <c>JSONEachRow</c> row of its table (<see cref="ClickHouseTables"/>): decimals as bare
/// numbers (ClickHouse 18.16 rejects quoted ones), times as Unix seconds plus a microsecond column, enums by name.
/// </summary>
internal static class ClickHouseRowEncoder
{
    private static readonly JsonEncodedText RecordKeyName = JsonEncodedText.Encode("record_key");
    private static readonly JsonEncodedText TimestampUs = JsonEncodedText.Encode("timestamp_us");
    private static readonly JsonEncodedText LocalTimestampUs = JsonEncodedText.Encode("local_timestamp_us");
    private static readonly JsonEncodedText NextFundingTimeUs = JsonEncodedText.Encode("next_funding_time_us");
    private static readonly JsonEncodedText BidPrices = JsonEncodedText.Encode("bid_prices");
    private static readonly JsonEncodedText BidSizes = JsonEncodedText.Encode("bid_sizes");
    private static readonly JsonEncodedText AskPrices = JsonEncodedText.Encode("ask_prices");
    private static readonly JsonEncodedText AskSizes = JsonEncodedText.Encode("ask_sizes");
    private static readonly JsonEncodedText Record = JsonEncodedText.Encode("record");

    /// <summary>True when every decimal of <paramref name="record"/> fits <c>Decimal(38,18)</c> exactly.</summary>
    public static bool IsRepresentable(MarketRecord record) => record switch
    {
        TradeRecord trade => Fits(trade.Price) && Fits(trade.Quantity),
        BookRecord book => Fits(book.Bids) && Fits(book.Asks),
        BestBidAskRecord quote => Fits(quote.BidPrice) && Fits(quote.BidSize) && Fits(quote.AskPrice) && Fits(quote.AskSize),
        FundingRateRecord funding => Fits(funding.FundingRate) && Fits(funding.EstimatedRate) && Fits(funding.MarkPrice)
            && Fits(funding.IndexPrice) && Fits(funding.PremiumIndex),
        OpenInterestRecord openInterest => Fits(openInterest.OpenInterest) && Fits(openInterest.OpenInterestValue),
        LiquidationRecord liquidation => Fits(liquidation.Price) && Fits(liquidation.Quantity) && Fits(liquidation.Leverage),
        MarkPriceRecord mark => Fits(mark.MarkPrice) && Fits(mark.IndexPrice),
        LongShortRatioRecord ratio => Fits(ratio.LongRatio) && Fits(ratio.ShortRatio) && Fits(ratio.LongShortRatio),
        VolatilityIndexRecord volatility => Fits(volatility.Volatility),
        _ => false,
    };

    /// <summary>Writes the row of <paramref name="record"/> in its own table.</summary>
    public static void Write(Utf8JsonWriter writer, MarketRecord record, string key)
    {
        writer.WriteStartObject();
        WriteCommon(writer, record, key);
        switch (record)
        {
            case TradeRecord trade:
                writer.WriteString(FieldNames.TradeId, trade.TradeId.ToString());
                writer.WriteNumber(FieldNames.Price, Scaled(trade.Price));
                writer.WriteNumber(FieldNames.Quantity, Scaled(trade.Quantity));
                writer.WriteString(FieldNames.Side, trade.Side.ToWireName());
                if (trade.TransactionHash is { } hash)
                {
                    writer.WriteString(FieldNames.TransactionHash, hash);
                }
                else
                {
                    writer.WriteNull(FieldNames.TransactionHash);
                }

                break;
            case BookRecord book:
                writer.WriteString(FieldNames.DataType, book.DataType.ToWireName());
                WriteLevels(writer, BidPrices, BidSizes, book.Bids);
                WriteLevels(writer, AskPrices, AskSizes, book.Asks);
                writer.WriteNumber(FieldNames.FirstUpdateId, book.FirstUpdateId);
                writer.WriteNumber(FieldNames.LastUpdateId, book.LastUpdateId);
                if (book is BookSnapshotRecord snapshot)
                {
                    writer.WriteNumber(FieldNames.Depth, snapshot.Depth);
                }
                else
                {
                    writer.WriteNull(FieldNames.Depth);
                }

                break;
            case BestBidAskRecord quote:
                writer.WriteNumber(FieldNames.BidPrice, Scaled(quote.BidPrice));
                writer.WriteNumber(FieldNames.BidSize, Scaled(quote.BidSize));
                writer.WriteNumber(FieldNames.AskPrice, Scaled(quote.AskPrice));
                writer.WriteNumber(FieldNames.AskSize, Scaled(quote.AskSize));
                WriteNullable(writer, FieldNames.UpdateId, quote.UpdateId);
                break;
            case FundingRateRecord funding:
                writer.WriteNumber(FieldNames.FundingRate, Scaled(funding.FundingRate));
                WriteNullable(writer, FieldNames.EstimatedRate, funding.EstimatedRate);
                if (funding.NextFundingTime is { } next)
                {
                    writer.WriteNumber(FieldNames.NextFundingTime, UnixSeconds(next));
                    writer.WriteNumber(NextFundingTimeUs, UtcTimestamp.ToUnixMicroseconds(next));
                }
                else
                {
                    writer.WriteNull(FieldNames.NextFundingTime);
                    writer.WriteNull(NextFundingTimeUs);
                }

                WriteNullable(writer, FieldNames.MarkPrice, funding.MarkPrice);
                WriteNullable(writer, FieldNames.IndexPrice, funding.IndexPrice);
                WriteNullable(writer, FieldNames.PremiumIndex, funding.PremiumIndex);
                break;
            case OpenInterestRecord openInterest:
                writer.WriteNumber(FieldNames.OpenInterest, Scaled(openInterest.OpenInterest));
                WriteNullable(writer, FieldNames.OpenInterestValue, openInterest.OpenInterestValue);
                break;
            case LiquidationRecord liquidation:
                if (liquidation.LiquidationId is { } id)
                {
                    writer.WriteString(FieldNames.LiquidationId, id.ToString());
                }
                else
                {
                    writer.WriteNull(FieldNames.LiquidationId);
                }

                writer.WriteString(FieldNames.Side, liquidation.Side.ToWireName());
                writer.WriteNumber(FieldNames.Price, Scaled(liquidation.Price));
                writer.WriteNumber(FieldNames.Quantity, Scaled(liquidation.Quantity));
                WriteNullable(writer, FieldNames.Leverage, liquidation.Leverage);
                writer.WriteString(FieldNames.InstrumentType, liquidation.InstrumentType.ToWireName());
                break;
            case MarkPriceRecord mark:
                writer.WriteNumber(FieldNames.MarkPrice, Scaled(mark.MarkPrice));
                WriteNullable(writer, FieldNames.IndexPrice, mark.IndexPrice);
                break;
            case LongShortRatioRecord ratio:
                writer.WriteString(FieldNames.Kind, ratio.Kind.ToWireName());
                WriteNullable(writer, FieldNames.LongRatio, ratio.LongRatio);
                WriteNullable(writer, FieldNames.ShortRatio, ratio.ShortRatio);
                writer.WriteNumber(FieldNames.LongShortRatio, Scaled(ratio.LongShortRatio));
                writer.WriteString(FieldNames.Period, ratio.Period);
                break;
            case VolatilityIndexRecord volatility:
                writer.WriteNumber(FieldNames.Volatility, Scaled(volatility.Volatility));
                break;
            default:
                throw new ArgumentException($"No ClickHouse row for record type {record.GetType().Name}.", nameof(record));
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes the row of <paramref name="record"/> in <see cref="ClickHouseTables.Unrepresentable"/>: the whole record as JSON.</summary>
    public static void WriteUnrepresentable(Utf8JsonWriter writer, MarketRecord record, string key)
    {
        writer.WriteStartObject();
        WriteCommon(writer, record, key);
        writer.WriteString(FieldNames.DataType, record.DataType.ToWireName());
        var json = RecordJsonWriter.ToUtf8Bytes(record, TimestampPrecision.Microseconds);
        writer.WriteString(Record, System.Text.Encoding.UTF8.GetString(json));
        writer.WriteEndObject();
    }

    private static void WriteCommon(Utf8JsonWriter writer, MarketRecord record, string key)
    {
        writer.WriteString(RecordKeyName, key);
        writer.WriteString(FieldNames.ExchangeName, record.ExchangeName);
        writer.WriteString(FieldNames.MarketType, record.MarketType.ToWireName());
        writer.WriteString(FieldNames.SymbolName, record.SymbolName);
        writer.WriteString(FieldNames.ExchangeSymbol, record.ExchangeSymbol);
        writer.WriteNumber(FieldNames.Timestamp, UnixSeconds(record.Timestamp));
        writer.WriteNumber(TimestampUs, UtcTimestamp.ToUnixMicroseconds(record.Timestamp));
        writer.WriteNumber(FieldNames.LocalTimestamp, UnixSeconds(record.LocalTimestamp));
        writer.WriteNumber(LocalTimestampUs, UtcTimestamp.ToUnixMicroseconds(record.LocalTimestamp));
    }

    private static long UnixSeconds(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond;

    private static void WriteLevels(Utf8JsonWriter writer, JsonEncodedText prices, JsonEncodedText sizes, BookLevel[] levels)
    {
        writer.WriteStartArray(prices);
        foreach (var level in levels)
        {
            writer.WriteNumberValue(Scaled(level.Price));
        }

        writer.WriteEndArray();
        writer.WriteStartArray(sizes);
        foreach (var level in levels)
        {
            writer.WriteNumberValue(Scaled(level.Size));
        }

        writer.WriteEndArray();
    }

    private static void WriteNullable(Utf8JsonWriter writer, JsonEncodedText name, decimal? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, Scaled(number));
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

    /// <summary>
    /// ClickHouse rejects more than 18 fraction digits even when they are zeros; a value that passed
    /// <see cref="IsRepresentable"/> loses nothing by dropping them.
    /// </summary>
    private static decimal Scaled(decimal value) => value.Scale > ParquetDecimal.Scale ? decimal.Round(value, ParquetDecimal.Scale) : value;

    private static bool Fits(decimal value) => ParquetDecimal.Fits(value);

    private static bool Fits(decimal? value) => value is not { } number || ParquetDecimal.Fits(number);

    private static bool Fits(BookLevel[] levels)
    {
        foreach (var level in levels)
        {
            if (!ParquetDecimal.Fits(level.Price) || !ParquetDecimal.Fits(level.Size))
            {
                return false;
            }
        }

        return true;
    }
}

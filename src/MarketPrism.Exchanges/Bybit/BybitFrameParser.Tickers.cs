using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Bybit;

// tickers.{symbol}: derivatives send a snapshot and then deltas of the changed fields; spot sends snapshots only
// (docs "Ticker").
public sealed partial class BybitFrameParser
{
    private const string TickerTopic = "tickers";

    private static readonly FrameParseResult SpotTicker =
        new(FrameKind.Ignored, "spot tickers carry no funding rate, mark price or open interest");

    /// <summary>First letters of the fields read below: symbol, markPrice, indexPrice, fundingRate, nextFundingTime, openInterest(Value).</summary>
    private static ReadOnlySpan<byte> RecordedTickerFieldStarts => "smifno"u8;

    private static readonly FrameParseResult NothingRecorded =
        new(FrameKind.Ignored, "tickers message changed no funding, mark price or open interest field");

    /// <summary>
    /// Merges the message into the symbol's ticker and records what it changed, each record complete from the merged
    /// ticker: a <c>funding_rate</c> (perpetuals) when it carries <c>fundingRate</c> or <c>nextFundingTime</c>, a
    /// <c>mark_price</c> when it carries <c>markPrice</c> or <c>indexPrice</c>, an <c>open_interest</c> when it carries
    /// <c>openInterest</c> or <c>openInterestValue</c>. A delta before the symbol's first snapshot cannot be made
    /// complete and is ignored with that reason.
    /// </summary>
    private FrameParseResult ParseTicker(
        scoped ref Utf8JsonReader reader,
        Instrument instrument,
        ReadOnlySpan<byte> topicSymbol,
        ReadOnlySpan<byte> type,
        long? ts,
        DateTime local,
        List<MarketRecord> output) =>
        ReadTicker(ref reader, instrument, topicSymbol, type, out var message) ?? RecordTicker(instrument, message, ts, local, output);

    /// <summary>
    /// Whether <paramref name="topic"/> is a <c>tickers</c> topic of a known symbol. Bybit sends <c>ts</c> after a
    /// ticker's <c>data</c>, so the frame reads the fields where they stand (<see cref="ReadTicker"/>) and records
    /// them once the envelope has given the time (<see cref="RecordTicker"/>), instead of reading the data twice.
    /// </summary>
    private bool TryResolveTickers(ReadOnlySpan<byte> topic, [NotNullWhen(true)] out Instrument? instrument, out ReadOnlySpan<byte> symbol)
    {
        instrument = null;
        return BybitTopics.TryParse(topic, out var kind, out _, out symbol)
            && kind == BybitTopicKind.Tickers
            && _instruments.TryGet(symbol, out instrument);
    }

    /// <summary>
    /// Reads one <c>tickers</c> message's recorded fields; null when they were read, otherwise the frame's result
    /// (spot tickers are ignored, a malformed field or another symbol is malformed).
    /// </summary>
    private static FrameParseResult? ReadTicker(
        scoped ref Utf8JsonReader reader, Instrument instrument, ReadOnlySpan<byte> topicSymbol, ReadOnlySpan<byte> type, out BybitTickerMessage message)
    {
        message = default;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Invalid(TickerTopic, "data", "an object");
        }

        if (instrument.MarketType == MarketType.Spot)
        {
            reader.Skip();
            return SpotTicker;
        }

        bool snapshot;
        if (type.SequenceEqual("snapshot"u8))
        {
            snapshot = true;
        }
        else if (type.SequenceEqual("delta"u8))
        {
            snapshot = false;
        }
        else
        {
            return Invalid(TickerTopic, "type", "snapshot or delta");
        }

        var fields = default(BybitTickerFields);
        ReadOnlySpan<byte> symbol = default;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.IsEmpty || RecordedTickerFieldStarts.IndexOf(name[0]) < 0)
            {
                // Most of a ticker's 20-30 fields are not recorded: their first letter rules them out before any name
                // is compared (a full dated-futures snapshot: 2.6 -> 1.4 µs in the parse benchmark).
                reader.Skip();
            }
            else if (name.SequenceEqual("symbol"u8))
            {
                symbol = reader.TokenType == JsonTokenType.String ? JsonText.Get(ref reader) : default;
            }
            else if (name.SequenceEqual("markPrice"u8))
            {
                if (!TryReadOptionalDecimal(ref reader, out fields.MarkPrice))
                {
                    return Invalid(TickerTopic, "markPrice", "a decimal");
                }
            }
            else if (name.SequenceEqual("indexPrice"u8))
            {
                if (!TryReadOptionalDecimal(ref reader, out fields.IndexPrice))
                {
                    return Invalid(TickerTopic, "indexPrice", "a decimal");
                }
            }
            else if (name.SequenceEqual("fundingRate"u8))
            {
                if (!TryReadOptionalDecimal(ref reader, out fields.FundingRate))
                {
                    return Invalid(TickerTopic, "fundingRate", "a decimal");
                }
            }
            else if (name.SequenceEqual("nextFundingTime"u8))
            {
                if (!TryReadOptionalTime(ref reader, out fields.NextFundingTime))
                {
                    return Invalid(TickerTopic, "nextFundingTime", "a time in milliseconds");
                }
            }
            else if (name.SequenceEqual("openInterest"u8))
            {
                if (!TryReadOptionalDecimal(ref reader, out fields.OpenInterest))
                {
                    return Invalid(TickerTopic, "openInterest", "a decimal");
                }
            }
            else if (name.SequenceEqual("openInterestValue"u8))
            {
                if (!TryReadOptionalDecimal(ref reader, out fields.OpenInterestValue))
                {
                    return Invalid(TickerTopic, "openInterestValue", "a decimal");
                }
            }
            else
            {
                reader.Skip();
            }
        }

        if (step == PropertyStep.Truncated)
        {
            return Truncated;
        }

        if (!SameSymbol(symbol, topicSymbol))
        {
            return OtherSymbol(TickerTopic, symbol, topicSymbol);
        }

        message = new BybitTickerMessage(fields, snapshot);
        return null;
    }

    /// <summary>Merges a read <c>tickers</c> message into the symbol's ticker and records what it changed (see <see cref="ParseTicker"/>).</summary>
    private FrameParseResult RecordTicker(Instrument instrument, in BybitTickerMessage message, long? ts, DateTime local, List<MarketRecord> output)
    {
        if (!TryEnvelopeTime(ts, TickerTopic, out var timestamp, out var failure))
        {
            return failure;
        }

        var fields = message.Fields;
        if (!_tickers.TryGetValue(instrument, out var ticker))
        {
            if (!message.Snapshot)
            {
                return new FrameParseResult(FrameKind.Ignored, $"tickers delta for {instrument.ExchangeSymbol} before its snapshot: the merged ticker would be incomplete");
            }

            ticker = new BybitTicker();
            _tickers.Add(instrument, ticker);
        }

        if (message.Snapshot)
        {
            ticker.Replace(fields);
        }
        else
        {
            ticker.Merge(fields);
        }

        var produced = false;
        if (instrument.MarketType == MarketType.Perpetual && fields.CarriesFunding && ticker.FundingRate is { } rate)
        {
            DateTime? nextFunding = ticker.NextFundingTime is { } next && UnixMilliseconds.TryToUtc(next, out var nextUtc) ? nextUtc : null;
            output.Add(new FundingRateRecord
            {
                Instrument = instrument,
                Timestamp = timestamp,
                LocalTimestamp = local,
                FundingRate = rate,
                NextFundingTime = nextFunding,
                MarkPrice = ticker.MarkPrice,
                IndexPrice = ticker.IndexPrice,
            });
            produced = true;
        }

        if (fields.CarriesMarkPrice && ticker.MarkPrice is { } mark)
        {
            output.Add(new MarkPriceRecord
            {
                Instrument = instrument,
                Timestamp = timestamp,
                LocalTimestamp = local,
                MarkPrice = mark,
                IndexPrice = ticker.IndexPrice,
            });
            produced = true;
        }

        if (fields.CarriesOpenInterest && ticker.OpenInterest is { } openInterest)
        {
            output.Add(new OpenInterestRecord
            {
                Instrument = instrument,
                Timestamp = timestamp,
                LocalTimestamp = local,
                OpenInterest = openInterest,

                // Linear: Bybit's value is in the quote coin, what the field means. Inverse open interest counts USD
                // contracts and Bybit's "value" is in the base coin, so it is not a quote value (docs/schema.md).
                OpenInterestValue = instrument.Contract == ContractKind.Inverse ? null : ticker.OpenInterestValue,
            });
            produced = true;
        }

        return produced ? FrameParseResult.Data : NothingRecorded;
    }

    /// <summary>A decimal string, where an empty string means "no value".</summary>
    private static bool TryReadOptionalDecimal(scoped ref Utf8JsonReader reader, out BybitTickerField<decimal> field)
    {
        if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.IsEmpty)
        {
            field = new BybitTickerField<decimal>(true, null);
            return true;
        }

        if (!JsonScalars.TryReadDecimal(ref reader, out var value))
        {
            field = default;
            return false;
        }

        field = new BybitTickerField<decimal>(true, value);
        return true;
    }

    /// <summary>Epoch milliseconds as a string (Bybit's form) or number; empty or <c>"0"</c> means "no value".</summary>
    private static bool TryReadOptionalTime(scoped ref Utf8JsonReader reader, out BybitTickerField<long> field)
    {
        if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.IsEmpty)
        {
            field = new BybitTickerField<long>(true, null);
            return true;
        }

        if (!JsonScalars.TryReadInt64(ref reader, out var value) || value < 0 || (value > 0 && !UnixMilliseconds.TryToUtc(value, out _)))
        {
            field = default;
            return false;
        }

        field = new BybitTickerField<long>(true, value == 0 ? null : value);
        return true;
    }
}

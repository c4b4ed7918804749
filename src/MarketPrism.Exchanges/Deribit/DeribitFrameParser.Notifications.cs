using System.Text.Json;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Deribit;

// One reader per notification channel. Each validates every field it needs before it appends a record.
public sealed partial class DeribitFrameParser
{
    private static readonly FrameParseResult EmptyTrades = new(FrameKind.Ignored, "trades notification without trades");

    /// <summary>
    /// <c>book.{instrument}.{interval}</c>: <c>{"type":"snapshot"|"change","timestamp","change_id","prev_change_id",
    /// "bids":[[action,price,amount]],"asks":…}</c>. Older frames have no <c>type</c>; there the snapshot is the one
    /// without <c>prev_change_id</c>. The snapshot becomes an in-band snapshot (<see cref="BookDeltaRecord.IsSnapshot"/>),
    /// a change a delta whose <see cref="BookDeltaRecord.PreviousUpdateId"/> is <c>prev_change_id</c>.
    /// </summary>
    private static FrameParseResult ParseBook(scoped ref Utf8JsonReader reader, Instrument instrument, DateTime local, List<MarketRecord> output)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return FrameParseResult.Malformed($"book data is a JSON {JsonTokenNames.Describe(reader.TokenType)}, not an object");
        }

        bool? snapshot = null;
        long? time = null;
        long? changeId = null;
        long? previousChangeId = null;
        BookLevel[]? bids = null;
        BookLevel[]? asks = null;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("type"u8))
            {
                var type = reader.TokenType == JsonTokenType.String ? JsonText.Get(ref reader) : default;
                if (type.SequenceEqual("snapshot"u8))
                {
                    snapshot = true;
                }
                else if (type.SequenceEqual("change"u8))
                {
                    snapshot = false;
                }
                else
                {
                    return Invalid("book", "type", "snapshot or change");
                }
            }
            else if (name.SequenceEqual("timestamp"u8))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var value))
                {
                    return Invalid("book", "timestamp", "an integer time");
                }

                time = value;
            }
            else if (name.SequenceEqual("change_id"u8))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var value))
                {
                    return Invalid("book", "change_id", "an integer id");
                }

                changeId = value;
            }
            else if (name.SequenceEqual("prev_change_id"u8))
            {
                if (reader.TokenType != JsonTokenType.Null)
                {
                    if (!JsonScalars.TryReadInt64(ref reader, out var value))
                    {
                        return Invalid("book", "prev_change_id", "an integer id");
                    }

                    previousChangeId = value;
                }
            }
            else if (name.SequenceEqual("bids"u8))
            {
                if (!DeribitBookLevels.TryRead(ref reader, withAction: true, out var levels, out var error))
                {
                    return FrameParseResult.Malformed($"book: field 'bids' {error}");
                }

                bids = levels;
            }
            else if (name.SequenceEqual("asks"u8))
            {
                if (!DeribitBookLevels.TryRead(ref reader, withAction: true, out var levels, out var error))
                {
                    return FrameParseResult.Malformed($"book: field 'asks' {error}");
                }

                asks = levels;
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

        if (time is null)
        {
            return Missing("book", "timestamp");
        }

        if (changeId is null)
        {
            return Missing("book", "change_id");
        }

        if (bids is null)
        {
            return Missing("book", "bids");
        }

        if (asks is null)
        {
            return Missing("book", "asks");
        }

        var isSnapshot = snapshot ?? previousChangeId is null;
        if (!isSnapshot && previousChangeId is null)
        {
            return Missing("book change", "prev_change_id");
        }

        if (!UnixMilliseconds.TryToUtc(time.Value, out var timestamp))
        {
            return Invalid("book", "timestamp", "a valid time");
        }

        output.Add(new BookDeltaRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            Bids = bids,
            Asks = asks,
            FirstUpdateId = changeId.Value,
            LastUpdateId = changeId.Value,

            // A snapshot starts a chain; whatever prev_change_id it carries (some do) links to nothing we hold.
            PreviousUpdateId = isSnapshot ? null : previousChangeId,
            IsSnapshot = isSnapshot,
        });
        return FrameParseResult.Data;
    }

    /// <summary>
    /// <c>trades.{instrument}.{interval}</c>: an array of <c>{"trade_seq","trade_id","timestamp","price","amount",
    /// "direction","liquidation"?,…}</c>. Each becomes a trade (side = <c>direction</c>, the taker's); a trade flagged
    /// <c>liquidation</c> also becomes one liquidation record per liquidated side.
    /// </summary>
    private static FrameParseResult ParseTrades(scoped ref Utf8JsonReader reader, Instrument instrument, DateTime local, List<MarketRecord> output)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return FrameParseResult.Malformed($"trades data is a JSON {JsonTokenNames.Describe(reader.TokenType)}, not an array");
        }

        var produced = false;
        ElementStep elementStep;
        while ((elementStep = JsonArrays.Next(ref reader)) == ElementStep.Value)
        {
            var result = ParseTrade(ref reader, instrument, local, output);
            if (result.Kind != FrameKind.Data)
            {
                return result;
            }

            produced = true;
        }

        if (elementStep == ElementStep.Truncated)
        {
            return Truncated;
        }

        return produced ? FrameParseResult.Data : EmptyTrades;
    }

    private static FrameParseResult ParseTrade(scoped ref Utf8JsonReader reader, Instrument instrument, DateTime local, List<MarketRecord> output)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return FrameParseResult.Malformed($"trades array holds a JSON {JsonTokenNames.Describe(reader.TokenType)}, not a trade object");
        }

        RecordId? id = null;
        long? sequence = null;
        long? time = null;
        decimal? price = null;
        decimal? amount = null;
        Side? side = null;
        var liquidation = LiquidatedSides.None;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("trade_id"u8))
            {
                if (reader.TokenType == JsonTokenType.String && !reader.ValueSpan.IsEmpty)
                {
                    id = RecordId.FromUtf8(JsonText.Get(ref reader));
                }
                else if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
                {
                    id = new RecordId(number);
                }
                else
                {
                    return Invalid("trade", "trade_id", "an id");
                }
            }
            else if (name.SequenceEqual("trade_seq"u8))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var value))
                {
                    return Invalid("trade", "trade_seq", "an integer");
                }

                sequence = value;
            }
            else if (name.SequenceEqual("timestamp"u8))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var value))
                {
                    return Invalid("trade", "timestamp", "an integer time");
                }

                time = value;
            }
            else if (name.SequenceEqual("price"u8))
            {
                if (!JsonScalars.TryReadDecimal(ref reader, out var value))
                {
                    return Invalid("trade", "price", "a decimal");
                }

                price = value;
            }
            else if (name.SequenceEqual("amount"u8))
            {
                if (!JsonScalars.TryReadDecimal(ref reader, out var value))
                {
                    return Invalid("trade", "amount", "a decimal");
                }

                amount = value;
            }
            else if (name.SequenceEqual("direction"u8))
            {
                var direction = reader.TokenType == JsonTokenType.String ? JsonText.Get(ref reader) : default;
                if (direction.SequenceEqual("buy"u8))
                {
                    side = Side.Buy;
                }
                else if (direction.SequenceEqual("sell"u8))
                {
                    side = Side.Sell;
                }
                else
                {
                    return Invalid("trade", "direction", "buy or sell");
                }
            }
            else if (name.SequenceEqual("liquidation"u8))
            {
                var flag = reader.TokenType == JsonTokenType.String ? JsonText.Get(ref reader) : default;
                if (flag.SequenceEqual("T"u8))
                {
                    liquidation = LiquidatedSides.Taker;
                }
                else if (flag.SequenceEqual("M"u8))
                {
                    liquidation = LiquidatedSides.Maker;
                }
                else if (flag.SequenceEqual("MT"u8))
                {
                    liquidation = LiquidatedSides.Maker | LiquidatedSides.Taker;
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return Invalid("trade", "liquidation", "M, T or MT");
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

        if (id is null)
        {
            return Missing("trade", "trade_id");
        }

        if (time is null)
        {
            return Missing("trade", "timestamp");
        }

        if (price is null)
        {
            return Missing("trade", "price");
        }

        if (amount is null)
        {
            return Missing("trade", "amount");
        }

        if (side is null)
        {
            return Missing("trade", "direction");
        }

        if (!UnixMilliseconds.TryToUtc(time.Value, out var timestamp))
        {
            return Invalid("trade", "timestamp", "a valid time");
        }

        output.Add(new TradeRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            TradeId = id.Value,
            Price = price.Value,
            Quantity = amount.Value,
            Side = side.Value,
            Sequence = sequence,
        });

        // The record's side is the liquidation order's: "T" liquidated the taker, whose order had the trade's
        // direction; "M" liquidated the maker, whose resting order had the opposite side; "MT" liquidated both.
        if ((liquidation & LiquidatedSides.Taker) != 0)
        {
            output.Add(Liquidation(instrument, timestamp, local, id.Value, side.Value, price.Value, amount.Value));
        }

        if ((liquidation & LiquidatedSides.Maker) != 0)
        {
            var makerSide = side.Value == Side.Buy ? Side.Sell : Side.Buy;
            output.Add(Liquidation(instrument, timestamp, local, id.Value, makerSide, price.Value, amount.Value));
        }

        return FrameParseResult.Data;
    }

    private static LiquidationRecord Liquidation(
        Instrument instrument, DateTime timestamp, DateTime local, RecordId tradeId, Side side, decimal price, decimal quantity) => new()
    {
        Instrument = instrument,
        Timestamp = timestamp,
        LocalTimestamp = local,
        LiquidationId = tradeId,
        Side = side,
        Price = price,
        Quantity = quantity,
    };

    /// <summary>
    /// <c>ticker.{instrument}.{interval}</c>: <c>{"timestamp","mark_price","index_price","open_interest",
    /// "current_funding"?,"funding_8h"?,…}</c>. Perpetuals give a funding rate (<c>current_funding</c>); every
    /// instrument gives its open interest and mark price.
    /// </summary>
    private static FrameParseResult ParseTicker(scoped ref Utf8JsonReader reader, Instrument instrument, DateTime local, List<MarketRecord> output)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return FrameParseResult.Malformed($"ticker data is a JSON {JsonTokenNames.Describe(reader.TokenType)}, not an object");
        }

        long? time = null;
        decimal? mark = null;
        decimal? index = null;
        decimal? openInterest = null;
        decimal? funding = null;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("timestamp"u8))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var value))
                {
                    return Invalid("ticker", "timestamp", "an integer time");
                }

                time = value;
            }
            else if (name.SequenceEqual("mark_price"u8))
            {
                if (!DeribitJson.TryReadOptionalDecimal(ref reader, out mark))
                {
                    return Invalid("ticker", "mark_price", "a decimal");
                }
            }
            else if (name.SequenceEqual("index_price"u8))
            {
                if (!DeribitJson.TryReadOptionalDecimal(ref reader, out index))
                {
                    return Invalid("ticker", "index_price", "a decimal");
                }
            }
            else if (name.SequenceEqual("open_interest"u8))
            {
                if (!DeribitJson.TryReadOptionalDecimal(ref reader, out openInterest))
                {
                    return Invalid("ticker", "open_interest", "a decimal");
                }
            }
            else if (name.SequenceEqual("current_funding"u8))
            {
                if (!DeribitJson.TryReadOptionalDecimal(ref reader, out funding))
                {
                    return Invalid("ticker", "current_funding", "a decimal");
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

        if (time is null)
        {
            return Missing("ticker", "timestamp");
        }

        if (mark is null)
        {
            return Missing("ticker", "mark_price");
        }

        if (!UnixMilliseconds.TryToUtc(time.Value, out var timestamp))
        {
            return Invalid("ticker", "timestamp", "a valid time");
        }

        if (funding is { } rate && instrument.MarketType == MarketType.Perpetual)
        {
            output.Add(new FundingRateRecord
            {
                Instrument = instrument,
                Timestamp = timestamp,
                LocalTimestamp = local,
                FundingRate = rate,

                // Deribit funds continuously (every millisecond, settled daily): there is no next funding time and no
                // separately published estimate. funding_8h is the funding of the past 8 hours, not a forecast.
                EstimatedRate = null,
                NextFundingTime = null,
                MarkPrice = mark,
                IndexPrice = index,
            });
        }

        if (openInterest is { } interest)
        {
            output.Add(new OpenInterestRecord
            {
                Instrument = instrument,
                Timestamp = timestamp,
                LocalTimestamp = local,
                OpenInterest = interest,
                OpenInterestValue = OpenInterestValue(instrument, interest, mark.Value, index),
            });
        }

        output.Add(new MarkPriceRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            MarkPrice = mark.Value,
            IndexPrice = index,
        });
        return FrameParseResult.Data;
    }

    /// <summary>
    /// Open interest in quote units. Inverse perpetuals and futures count it in USD already (a BTC-PERPETUAL
    /// contract is 10 USD): the value is the open interest itself. Linear ones count base units: times the mark
    /// price. Options count base units of the underlying and their mark price is a premium, so the value is the
    /// underlying notional: times the index price.
    /// </summary>
    private static decimal? OpenInterestValue(Instrument instrument, decimal openInterest, decimal mark, decimal? index) =>
        instrument.MarketType == MarketType.Option
            ? openInterest * index
            : instrument.Contract == ContractKind.Inverse ? openInterest : openInterest * mark;

    /// <summary>
    /// <c>quote.{instrument}</c>: <c>{"timestamp","best_bid_price","best_bid_amount","best_ask_price",
    /// "best_ask_amount"}</c>. An empty side (Deribit sends null or 0) is price 0, size 0.
    /// </summary>
    private static FrameParseResult ParseQuote(scoped ref Utf8JsonReader reader, Instrument instrument, DateTime local, List<MarketRecord> output)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return FrameParseResult.Malformed($"quote data is a JSON {JsonTokenNames.Describe(reader.TokenType)}, not an object");
        }

        long? time = null;
        decimal? bidPrice = null;
        decimal? bidSize = null;
        decimal? askPrice = null;
        decimal? askSize = null;
        var seen = 0;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("timestamp"u8))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var value))
                {
                    return Invalid("quote", "timestamp", "an integer time");
                }

                time = value;
            }
            else if (name.SequenceEqual("best_bid_price"u8))
            {
                seen |= 1;
                if (!DeribitJson.TryReadOptionalDecimal(ref reader, out bidPrice))
                {
                    return Invalid("quote", "best_bid_price", "a decimal");
                }
            }
            else if (name.SequenceEqual("best_bid_amount"u8))
            {
                seen |= 2;
                if (!DeribitJson.TryReadOptionalDecimal(ref reader, out bidSize))
                {
                    return Invalid("quote", "best_bid_amount", "a decimal");
                }
            }
            else if (name.SequenceEqual("best_ask_price"u8))
            {
                seen |= 4;
                if (!DeribitJson.TryReadOptionalDecimal(ref reader, out askPrice))
                {
                    return Invalid("quote", "best_ask_price", "a decimal");
                }
            }
            else if (name.SequenceEqual("best_ask_amount"u8))
            {
                seen |= 8;
                if (!DeribitJson.TryReadOptionalDecimal(ref reader, out askSize))
                {
                    return Invalid("quote", "best_ask_amount", "a decimal");
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

        if (time is null)
        {
            return Missing("quote", "timestamp");
        }

        if (seen != 0b1111)
        {
            return Missing("quote", (seen & 1) == 0 ? "best_bid_price" : (seen & 2) == 0 ? "best_bid_amount" : (seen & 4) == 0 ? "best_ask_price" : "best_ask_amount");
        }

        if (!UnixMilliseconds.TryToUtc(time.Value, out var timestamp))
        {
            return Invalid("quote", "timestamp", "a valid time");
        }

        output.Add(new BestBidAskRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            BidPrice = bidPrice ?? 0m,
            BidSize = bidPrice is null ? 0m : bidSize ?? 0m,
            AskPrice = askPrice ?? 0m,
            AskSize = askPrice is null ? 0m : askSize ?? 0m,
        });
        return FrameParseResult.Data;
    }

    /// <summary><c>deribit_volatility_index.{index_name}</c>: <c>{"volatility","timestamp","index_name"}</c>.</summary>
    private static FrameParseResult ParseVolatilityIndex(scoped ref Utf8JsonReader reader, Instrument instrument, DateTime local, List<MarketRecord> output)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return FrameParseResult.Malformed($"volatility index data is a JSON {JsonTokenNames.Describe(reader.TokenType)}, not an object");
        }

        long? time = null;
        decimal? volatility = null;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("timestamp"u8))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var value))
                {
                    return Invalid("volatility index", "timestamp", "an integer time");
                }

                time = value;
            }
            else if (name.SequenceEqual("volatility"u8))
            {
                if (!JsonScalars.TryReadDecimal(ref reader, out var value))
                {
                    return Invalid("volatility index", "volatility", "a decimal");
                }

                volatility = value;
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

        if (time is null)
        {
            return Missing("volatility index", "timestamp");
        }

        if (volatility is null)
        {
            return Missing("volatility index", "volatility");
        }

        if (!UnixMilliseconds.TryToUtc(time.Value, out var timestamp))
        {
            return Invalid("volatility index", "timestamp", "a valid time");
        }

        output.Add(new VolatilityIndexRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            Volatility = volatility.Value,
        });
        return FrameParseResult.Data;
    }

    private static FrameParseResult Missing(string what, string field) =>
        FrameParseResult.Malformed($"{what}: missing field '{field}'");

    private static FrameParseResult Invalid(string what, string field, string expected) =>
        FrameParseResult.Malformed($"{what}: field '{field}' is not {expected}");

    [Flags]
    private enum LiquidatedSides : byte
    {
        None = 0,
        Maker = 1,
        Taker = 2,
    }
}

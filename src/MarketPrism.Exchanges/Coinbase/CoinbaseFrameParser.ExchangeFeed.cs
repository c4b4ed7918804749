using System.Text;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Coinbase;

/// <summary>
/// The Exchange feed (docs.cdp.coinbase.com/exchange/websocket-feed): flat messages with a <c>type</c>.
/// <list type="bullet">
/// <item><c>snapshot</c> <c>{product_id,bids,asks:[[price,size]]}</c> and <c>l2update</c>
/// <c>{product_id,changes:[[side,price,size]],time}</c> (<c>level2_batch</c>, or <c>level2</c> in captures) → book
/// updates with absolute sizes; the snapshot carries no time, so it is stamped with the receive time.</item>
/// <item><c>match</c> and <c>last_match</c> (<c>matches</c>) → trade, taker side the opposite of the maker's
/// <c>side</c>; a skipped <c>trade_id</c> is a loss on the connection.</item>
/// <item><c>ticker</c> → best bid/ask with sizes (frames from before Coinbase added <c>best_bid_size</c> are ignored:
/// a quote without sizes is not a <c>best_bid_ask</c>); its <c>sequence</c> is the quote's update id.</item>
/// <item><c>heartbeat</c> <c>{sequence,last_trade_id,product_id,time}</c>: a sign of life whose
/// <c>last_trade_id</c> above the last <c>match</c> seen means trades were lost.</item>
/// <item><c>subscriptions</c> answers every subscribe and unsubscribe in order; <c>error</c> rejects one; any other type
/// (<c>status</c>, the <c>full</c> channel's order messages) is ignored ("Clients are expected to ignore messages they
/// do not support").</item>
/// </list>
/// The keys may come in any order: level arrays are read where they stand (their key says which they are), the other
/// fields are collected first and the record is made at the end.
/// </summary>
public sealed partial class CoinbaseFrameParser
{
    /// <summary>Book messages of one product in one microsecond that get ids of their own (999: more never came).</summary>
    private const long MaxSameMicrosecond = 999;

    /// <summary>Reads one top-level field of an Exchange message into <paramref name="fields"/>; unknown keys are skipped.</summary>
    /// <param name="invalid">The result for a field whose value is not what Coinbase sends.</param>
    private static bool ReadExchangeField(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, ref ExchangeFields fields, out FrameParseResult invalid)
    {
        invalid = default;
        if (name.SequenceEqual("type"u8))
        {
            return JsonText.TryRead(ref reader, out fields.Type) || Fail(out invalid, "'type' is not a string");
        }

        if (name.SequenceEqual("product_id"u8))
        {
            return JsonText.TryRead(ref reader, out fields.ProductId) || Fail(out invalid, "'product_id' is not a string");
        }

        if (name.SequenceEqual("time"u8))
        {
            return JsonText.TryRead(ref reader, out fields.Time) || Fail(out invalid, "'time' is not a string");
        }

        if (name.SequenceEqual("changes"u8) || name.SequenceEqual("bids"u8) || name.SequenceEqual("asks"u8))
        {
            return ReadLevels(ref reader, name, ref fields) || Fail(out invalid, $"'{Encoding.UTF8.GetString(name)}' {fields.LevelError}");
        }

        if (name.SequenceEqual("side"u8))
        {
            return JsonText.TryRead(ref reader, out fields.Side) || Fail(out invalid, "'side' is not a string");
        }

        if (name.SequenceEqual("price"u8))
        {
            return JsonScalars.TryReadOptionalDecimal(ref reader, out fields.Price) || Fail(out invalid, "'price' is not a decimal");
        }

        if (name.SequenceEqual("size"u8))
        {
            return JsonScalars.TryReadOptionalDecimal(ref reader, out fields.Size) || Fail(out invalid, "'size' is not a decimal");
        }

        if (name.SequenceEqual("best_bid"u8))
        {
            return JsonScalars.TryReadOptionalDecimal(ref reader, out fields.BestBid) || Fail(out invalid, "'best_bid' is not a decimal");
        }

        if (name.SequenceEqual("best_ask"u8))
        {
            return JsonScalars.TryReadOptionalDecimal(ref reader, out fields.BestAsk) || Fail(out invalid, "'best_ask' is not a decimal");
        }

        if (name.SequenceEqual("best_bid_size"u8))
        {
            return JsonScalars.TryReadOptionalDecimal(ref reader, out fields.BestBidSize) || Fail(out invalid, "'best_bid_size' is not a decimal");
        }

        if (name.SequenceEqual("best_ask_size"u8))
        {
            return JsonScalars.TryReadOptionalDecimal(ref reader, out fields.BestAskSize) || Fail(out invalid, "'best_ask_size' is not a decimal");
        }

        if (name.SequenceEqual("sequence"u8))
        {
            return ReadInteger(ref reader, out fields.Sequence) || Fail(out invalid, "'sequence' is not an integer");
        }

        if (name.SequenceEqual("trade_id"u8))
        {
            return ReadInteger(ref reader, out fields.TradeId) || Fail(out invalid, "'trade_id' is not an integer");
        }

        if (name.SequenceEqual("last_trade_id"u8))
        {
            return ReadInteger(ref reader, out fields.LastTradeId) || Fail(out invalid, "'last_trade_id' is not an integer");
        }

        if (name.SequenceEqual("message"u8))
        {
            fields.Message = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            return true;
        }

        if (name.SequenceEqual("reason"u8))
        {
            fields.Reason = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            return true;
        }

        reader.Skip();
        return true;
    }

    private static bool Fail(out FrameParseResult invalid, string reason)
    {
        invalid = FrameParseResult.Malformed(reason);
        return false;
    }

    private static bool ReadInteger(ref Utf8JsonReader reader, out long? value)
    {
        value = null;
        if (!JsonScalars.TryReadInt64(ref reader, out var parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }

    private static bool ReadLevels(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, ref ExchangeFields fields)
    {
        if (name.SequenceEqual("changes"u8))
        {
            fields.HasChanges = true;
            return CoinbaseBookLevels.TryReadChanges(ref reader, advancedTrade: false, out fields.Bids, out fields.Asks, out fields.LevelError);
        }

        var bids = name.SequenceEqual("bids"u8);
        if (!BookLevelArray.TryRead(ref reader, PriceSizeLevel.Pair, out var levels, out fields.LevelError))
        {
            return false;
        }

        if (bids)
        {
            fields.Bids = levels;
            fields.HasBids = true;
        }
        else
        {
            fields.Asks = levels;
            fields.HasAsks = true;
        }

        return true;
    }

    private FrameParseResult ParseExchangeMessage(ref ExchangeFields fields, DateTime local, List<MarketRecord> output)
    {
        var type = fields.Type;
        if (type.IsEmpty)
        {
            return FrameParseResult.Malformed("unrecognized frame: no 'type' or 'channel'");
        }

        if (type.SequenceEqual("l2update"u8))
        {
            return ParseL2Update(ref fields, local, output);
        }

        if (type.SequenceEqual("match"u8) || type.SequenceEqual("last_match"u8))
        {
            return ParseMatch(ref fields, local, output);
        }

        if (type.SequenceEqual("ticker"u8))
        {
            return ParseExchangeTicker(ref fields, local, output);
        }

        if (type.SequenceEqual("snapshot"u8))
        {
            return ParseExchangeSnapshot(ref fields, local, output);
        }

        if (type.SequenceEqual("heartbeat"u8))
        {
            return ParseExchangeHeartbeat(ref fields);
        }

        if (type.SequenceEqual("subscriptions"u8))
        {
            return FrameParseResult.AckOfOldestRequest;
        }

        if (type.SequenceEqual("error"u8))
        {
            var reason = fields.Reason is null ? fields.Message ?? "no message" : $"{fields.Message ?? "error"}: {fields.Reason}";
            return FrameParseResult.RejectionOfOldestRequest($"Coinbase error: {reason}");
        }

        return new FrameParseResult(FrameKind.Ignored, $"Coinbase message type '{Encoding.UTF8.GetString(type)}' is not normalized");
    }

    private FrameParseResult ParseExchangeSnapshot(ref ExchangeFields fields, DateTime local, List<MarketRecord> output)
    {
        const string what = "snapshot";
        if (!fields.HasBids || !fields.HasAsks)
        {
            return Missing(what, fields.HasBids ? "asks" : "bids");
        }

        if (!TryResolve(fields.ProductId, what, out var instrument, out var failure))
        {
            return failure;
        }

        // Coinbase's snapshot has no time of its own (verified on the capture): the receive time stands in, and its id
        // is 0, below every update's: the receive time is the collector's clock, which may run ahead of the exchange
        // times of the updates that follow.
        var timestamp = local;
        if (!fields.Time.IsEmpty && !CoinbaseTime.TryParse(fields.Time, out timestamp))
        {
            return Invalid(what, "time", "an RFC 3339 UTC time");
        }

        ref var state = ref StateOf(instrument);
        long id = 0;
        if (fields.Time.IsEmpty)
        {
            state.LastBookMicros = 0;
            state.SameMicrosecond = 0;
        }
        else
        {
            id = ExchangeBookId(ref state, timestamp);
        }

        ChainBook(ref state, id, isSnapshot: true);
        output.Add(new BookDeltaRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            Bids = fields.Bids,
            Asks = fields.Asks,
            FirstUpdateId = id,
            LastUpdateId = id,
            IsSnapshot = true,
        });
        return FrameParseResult.Data;
    }

    private FrameParseResult ParseL2Update(ref ExchangeFields fields, DateTime local, List<MarketRecord> output)
    {
        const string what = "l2update";
        if (!fields.HasChanges)
        {
            return Missing(what, "changes");
        }

        if (fields.Time.IsEmpty)
        {
            return Missing(what, "time");
        }

        if (!CoinbaseTime.TryParse(fields.Time, out var timestamp))
        {
            return Invalid(what, "time", "an RFC 3339 UTC time");
        }

        if (!TryResolve(fields.ProductId, what, out var instrument, out var failure))
        {
            return failure;
        }

        ref var state = ref StateOf(instrument);
        var id = ExchangeBookId(ref state, timestamp);
        var previous = ChainBook(ref state, id, isSnapshot: false);
        output.Add(new BookDeltaRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            Bids = fields.Bids,
            Asks = fields.Asks,
            FirstUpdateId = id,
            LastUpdateId = id,
            PreviousUpdateId = previous,
        });
        return FrameParseResult.Data;
    }

    private FrameParseResult ParseMatch(ref ExchangeFields fields, DateTime local, List<MarketRecord> output)
    {
        const string what = "match";
        if (fields.TradeId is not { } tradeId)
        {
            return Missing(what, "trade_id");
        }

        if (fields.Price is not { } price)
        {
            return Missing(what, "price");
        }

        if (fields.Size is not { } size)
        {
            return Missing(what, "size");
        }

        if (!TryTakerSideOfMaker(fields.Side, out var side))
        {
            return fields.Side.IsEmpty ? Missing(what, "side") : Invalid(what, "side", "buy or sell");
        }

        if (fields.Time.IsEmpty)
        {
            return Missing(what, "time");
        }

        if (!CoinbaseTime.TryParse(fields.Time, out var timestamp))
        {
            return Invalid(what, "time", "an RFC 3339 UTC time");
        }

        if (!TryResolve(fields.ProductId, what, out var instrument, out var failure))
        {
            return failure;
        }

        ObserveTradeId(ref StateOf(instrument), tradeId, fields.Sequence ?? 0);
        output.Add(new TradeRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            TradeId = new RecordId(tradeId),
            Price = price,
            Quantity = size,
            Side = side,
        });
        return FrameParseResult.Data;
    }

    private FrameParseResult ParseExchangeTicker(ref ExchangeFields fields, DateTime local, List<MarketRecord> output)
    {
        const string what = "ticker";
        if (fields.BestBid is null || fields.BestAsk is null)
        {
            return Missing(what, fields.BestBid is null ? "best_bid" : "best_ask");
        }

        if (fields.BestBidSize is null || fields.BestAskSize is null)
        {
            // Coinbase added the sizes in 2022; a price without its size is not a best_bid_ask record.
            return new FrameParseResult(FrameKind.Ignored, "ticker: no best_bid_size/best_ask_size (a quote without sizes, as Coinbase sent before 2022)");
        }

        if (fields.Time.IsEmpty)
        {
            return Missing(what, "time");
        }

        if (!CoinbaseTime.TryParse(fields.Time, out var timestamp))
        {
            return Invalid(what, "time", "an RFC 3339 UTC time");
        }

        if (!TryResolve(fields.ProductId, what, out var instrument, out var failure))
        {
            return failure;
        }

        output.Add(new BestBidAskRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            BidPrice = fields.BestBid.Value,
            BidSize = fields.BestBidSize.Value,
            AskPrice = fields.BestAsk.Value,
            AskSize = fields.BestAskSize.Value,
            UpdateId = fields.Sequence,
        });
        return FrameParseResult.Data;
    }

    /// <summary>
    /// A heartbeat names the product's last trade. Above the last <c>match</c> seen (and newer, by <c>sequence</c>)
    /// means matches were lost on this connection: the product's book is suspect too. Products whose matches are not
    /// collected have no trade seen and are not judged.
    /// </summary>
    private FrameParseResult ParseExchangeHeartbeat(ref ExchangeFields fields)
    {
        if (fields.LastTradeId is { } lastTradeId && !fields.ProductId.IsEmpty && _instruments.TryGet(fields.ProductId, out var instrument))
        {
            ref var state = ref StateOf(instrument);
            if (state.LastTradeId > 0 && lastTradeId > state.LastTradeId && (fields.Sequence ?? long.MaxValue) > state.LastTradeSequence)
            {
                ProductLost(ref state);
                state.LastTradeId = lastTradeId;
                state.LastTradeSequence = fields.Sequence ?? state.LastTradeSequence;
            }
        }

        return new FrameParseResult(FrameKind.Heartbeat);
    }

    /// <summary>
    /// The id of an Exchange book message, which carries none: its time in microseconds × 1000, plus its place among
    /// the product's messages of the same microsecond (80 of the capture's 742 updates share a time with another).
    /// Built only from what Coinbase sent and the order it sent it in, so two collectors give one update the same id
    /// (and the same record key), distinct updates never share one, and ids grow with the book (a repeat is not
    /// newer: stale).
    /// </summary>
    private static long ExchangeBookId(ref ProductState state, DateTime timestamp)
    {
        var micros = UtcTimestamp.ToUnixMicroseconds(timestamp);
        state.SameMicrosecond = micros == state.LastBookMicros ? Math.Min(state.SameMicrosecond + 1, MaxSameMicrosecond) : 0;
        state.LastBookMicros = micros;
        return (micros * (MaxSameMicrosecond + 1)) + state.SameMicrosecond;
    }

    /// <summary>Trade ids count up by one per product: a jump past the last one seen is a loss on this connection.</summary>
    private void ObserveTradeId(ref ProductState state, long tradeId, long sequence)
    {
        if (tradeId <= state.LastTradeId)
        {
            // A repeat (last_match after resubscribing) or one out of order: nothing lost.
            return;
        }

        if (state.LastTradeId > 0 && tradeId > state.LastTradeId + 1)
        {
            ProductLost(ref state);
        }

        state.LastTradeId = tradeId;
        state.LastTradeSequence = sequence;
    }

    /// <summary>The top-level fields of an Exchange message: slices of the frame and parsed values, no copies.</summary>
    private ref struct ExchangeFields
    {
        public ReadOnlySpan<byte> Type;
        public ReadOnlySpan<byte> ProductId;
        public ReadOnlySpan<byte> Time;
        public ReadOnlySpan<byte> Side;
        public decimal? Price;
        public decimal? Size;
        public decimal? BestBid;
        public decimal? BestAsk;
        public decimal? BestBidSize;
        public decimal? BestAskSize;
        public long? Sequence;
        public long? TradeId;
        public long? LastTradeId;
        public BookLevel[] Bids;
        public BookLevel[] Asks;
        public bool HasChanges;
        public bool HasBids;
        public bool HasAsks;
        public string? LevelError;
        public string? Message;
        public string? Reason;
    }
}

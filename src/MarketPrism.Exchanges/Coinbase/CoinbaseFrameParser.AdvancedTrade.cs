using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Coinbase;

/// <summary>
/// Advanced Trade (…/advanced-trade-apis/websocket/websocket-channels): an envelope whose <c>events</c> depend on its
/// <c>channel</c>.
/// <list type="bullet">
/// <item><c>l2_data</c> (subscribed as <c>level2</c>): <c>{type:"snapshot"|"update",product_id,updates:[…]}</c> →
/// book updates with absolute sizes, id <c>sequence_num</c>, time the envelope's <c>timestamp</c>.</item>
/// <item><c>market_trades</c>: <c>{type,trades:[{trade_id,product_id,price,size,side,time}]}</c> → trades, taker side
/// the opposite of <c>side</c>, put in trade id order (Coinbase lists them newest first).</item>
/// <item><c>ticker</c>: <c>{type,tickers:[{product_id,best_bid,best_bid_quantity,best_ask,best_ask_quantity,…}]}</c> →
/// best bid/ask at the envelope's time.</item>
/// <item><c>heartbeats</c>: <c>{current_time,heartbeat_counter}</c>; a counter that does not step by one means
/// heartbeats (and so possibly data) were lost.</item>
/// <item><c>subscriptions</c> answers every subscribe and unsubscribe in order (the first on an Advanced Trade
/// connection answers its opening <c>heartbeats</c> subscription); <c>candles</c>, <c>ticker_batch</c>,
/// <c>status</c> and any new channel are ignored with the reason.</item>
/// </list>
/// </summary>
public sealed partial class CoinbaseFrameParser
{
    private FrameParseResult ParseEvents(
        scoped ref Utf8JsonReader reader, ReadOnlySpan<byte> channel, ReadOnlySpan<byte> timestampText, long sequenceNum, DateTime local, List<MarketRecord> output)
    {
        var kind = ChannelKindOf(channel);
        if (kind == ChannelKind.Subscriptions)
        {
            if (_api == CoinbaseApi.AdvancedTrade && !_openingAnswered)
            {
                _openingAnswered = true;
                return new FrameParseResult(FrameKind.Heartbeat);
            }

            return FrameParseResult.AckOfOldestRequest;
        }

        if (kind == ChannelKind.NotNormalized)
        {
            return new FrameParseResult(FrameKind.Ignored, $"Coinbase channel '{Encoding.UTF8.GetString(channel)}' is not normalized");
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return FrameParseResult.Malformed($"'events' is a JSON {JsonTokenNames.Describe(reader.TokenType)}, not an array");
        }

        if (!CoinbaseTime.TryParse(timestampText, out var timestamp))
        {
            return FrameParseResult.Malformed("'timestamp' is not an RFC 3339 UTC time");
        }

        var produced = false;
        var ignored = FrameParseResult.Ignored;
        var skipped = 0;
        ElementStep elementStep;
        while ((elementStep = JsonArrays.Next(ref reader)) == ElementStep.Value)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return FrameParseResult.Malformed($"'events' holds a JSON {JsonTokenNames.Describe(reader.TokenType)}, not an object");
            }

            var element = kind switch
            {
                ChannelKind.Book => ParseL2Event(ref reader, timestamp, sequenceNum, local, output),
                ChannelKind.Trades => ParseTradesEvent(ref reader, local, output),
                ChannelKind.Ticker => ParseTickerEvent(ref reader, timestamp, local, output),
                _ => ParseHeartbeatEvent(ref reader),
            };

            switch (element.Kind)
            {
                case FrameKind.Data:
                    produced = true;
                    break;
                case FrameKind.Ignored:
                    ignored = element;
                    skipped++;
                    break;
                case FrameKind.Heartbeat:
                    ignored = element;
                    break;
                default:
                    return element;
            }
        }

        if (elementStep == ElementStep.Truncated)
        {
            return Truncated;
        }

        if (kind == ChannelKind.Heartbeats)
        {
            return new FrameParseResult(FrameKind.Heartbeat);
        }

        return produced ? (skipped == 0 ? FrameParseResult.Data : FrameParseResult.DataSkipping(skipped, ignored.Error)) : ignored;
    }

    /// <summary>One <c>l2_data</c> event: a product's snapshot or update.</summary>
    private FrameParseResult ParseL2Event(scoped ref Utf8JsonReader reader, DateTime timestamp, long sequenceNum, DateTime local, List<MarketRecord> output)
    {
        const string what = "l2_data";
        ReadOnlySpan<byte> type = default;
        ReadOnlySpan<byte> productId = default;
        BookLevel[]? bids = null;
        BookLevel[]? asks = null;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("type"u8))
            {
                if (!JsonText.TryRead(ref reader, out type))
                {
                    return Invalid(what, "type", "snapshot or update");
                }
            }
            else if (name.SequenceEqual("product_id"u8))
            {
                if (!JsonText.TryRead(ref reader, out productId))
                {
                    return Invalid(what, "product_id", "a product id");
                }
            }
            else if (name.SequenceEqual("updates"u8))
            {
                if (!CoinbaseBookLevels.TryReadChanges(ref reader, advancedTrade: true, out var readBids, out var readAsks, out var error))
                {
                    return FrameParseResult.Malformed($"{what}: 'updates' {error}");
                }

                bids = readBids;
                asks = readAsks;
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

        var isSnapshot = type.SequenceEqual("snapshot"u8);
        if (!isSnapshot && !type.SequenceEqual("update"u8))
        {
            return type.IsEmpty ? Missing(what, "type") : Invalid(what, "type", "snapshot or update");
        }

        if (bids is null || asks is null)
        {
            return Missing(what, "updates");
        }

        if (!TryResolve(productId, what, out var instrument, out var failure))
        {
            return failure;
        }

        var previous = ChainBook(ref StateOf(instrument), sequenceNum, isSnapshot);
        output.Add(new BookDeltaRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            Bids = bids,
            Asks = asks,
            FirstUpdateId = sequenceNum,
            LastUpdateId = sequenceNum,
            PreviousUpdateId = previous,
            IsSnapshot = isSnapshot,
        });
        return FrameParseResult.Data;
    }

    /// <summary>One <c>market_trades</c> event: its trades, handed on in trade id order.</summary>
    private FrameParseResult ParseTradesEvent(scoped ref Utf8JsonReader reader, DateTime local, List<MarketRecord> output)
    {
        var start = output.Count;
        var result = FrameParseResult.Ignored;
        var sawTrades = false;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (!name.SequenceEqual("trades"u8))
            {
                reader.Skip();
                continue;
            }

            sawTrades = true;
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return Invalid("market_trades", "trades", "an array");
            }

            ElementStep elementStep;
            while ((elementStep = JsonArrays.Next(ref reader)) == ElementStep.Value)
            {
                var trade = ParseMarketTrade(ref reader, local, output);
                if (trade.Kind == FrameKind.Data)
                {
                    result = trade;
                }
                else if (trade.Kind == FrameKind.Ignored)
                {
                    result = result.Kind == FrameKind.Data ? result : trade;
                }
                else
                {
                    return trade;
                }
            }

            if (elementStep == ElementStep.Truncated)
            {
                return Truncated;
            }
        }

        if (step == PropertyStep.Truncated)
        {
            return Truncated;
        }

        if (!sawTrades)
        {
            return Missing("market_trades", "trades");
        }

        // Coinbase lists an event's trades newest first; the runtime drops a trade whose id is not above the last one
        // it handed on, so they go out oldest first.
        if (output.Count - start > 1)
        {
            SortByTradeId(CollectionsMarshal.AsSpan(output)[start..]);
        }

        return result.Kind == FrameKind.Ignored && result.Error is null
            ? new FrameParseResult(FrameKind.Ignored, "market_trades: an event without trades")
            : result;
    }

    private FrameParseResult ParseMarketTrade(scoped ref Utf8JsonReader reader, DateTime local, List<MarketRecord> output)
    {
        const string what = "market_trades";
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return FrameParseResult.Malformed($"{what}: a trade is a JSON {JsonTokenNames.Describe(reader.TokenType)}, not an object");
        }

        ReadOnlySpan<byte> productId = default;
        ReadOnlySpan<byte> tradeId = default;
        ReadOnlySpan<byte> makerSide = default;
        ReadOnlySpan<byte> time = default;
        decimal? price = null;
        decimal? size = null;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("product_id"u8))
            {
                if (!JsonText.TryRead(ref reader, out productId))
                {
                    return Invalid(what, "product_id", "a product id");
                }
            }
            else if (name.SequenceEqual("trade_id"u8))
            {
                tradeId = reader.TokenType is JsonTokenType.String or JsonTokenType.Number ? JsonText.Get(ref reader) : default;
                if (tradeId.IsEmpty)
                {
                    return Invalid(what, "trade_id", "a trade id");
                }
            }
            else if (name.SequenceEqual("price"u8))
            {
                if (!JsonScalars.TryReadDecimal(ref reader, out var value))
                {
                    return Invalid(what, "price", "a decimal");
                }

                price = value;
            }
            else if (name.SequenceEqual("size"u8))
            {
                if (!JsonScalars.TryReadDecimal(ref reader, out var value))
                {
                    return Invalid(what, "size", "a decimal");
                }

                size = value;
            }
            else if (name.SequenceEqual("side"u8))
            {
                if (!JsonText.TryRead(ref reader, out makerSide))
                {
                    return Invalid(what, "side", "BUY or SELL");
                }
            }
            else if (name.SequenceEqual("time"u8))
            {
                if (!JsonText.TryRead(ref reader, out time))
                {
                    return Invalid(what, "time", "a string");
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

        if (tradeId.IsEmpty)
        {
            return Missing(what, "trade_id");
        }

        if (price is null)
        {
            return Missing(what, "price");
        }

        if (size is null)
        {
            return Missing(what, "size");
        }

        if (!TryTakerSideOfMaker(makerSide, out var side))
        {
            return makerSide.IsEmpty ? Missing(what, "side") : Invalid(what, "side", "BUY or SELL");
        }

        if (time.IsEmpty)
        {
            return Missing(what, "time");
        }

        if (!CoinbaseTime.TryParse(time, out var timestamp))
        {
            return Invalid(what, "time", "an RFC 3339 UTC time");
        }

        if (!TryResolve(productId, what, out var instrument, out var failure))
        {
            return failure;
        }

        output.Add(new TradeRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            TradeId = RecordId.FromUtf8(tradeId),
            Price = price.Value,
            Quantity = size.Value,
            Side = side,
        });
        return FrameParseResult.Data;
    }

    /// <summary>One <c>ticker</c> event: each ticker's best bid and ask with their quantities.</summary>
    private FrameParseResult ParseTickerEvent(scoped ref Utf8JsonReader reader, DateTime timestamp, DateTime local, List<MarketRecord> output)
    {
        var result = new FrameParseResult(FrameKind.Ignored, "ticker: an event without tickers");
        var sawTickers = false;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (!name.SequenceEqual("tickers"u8))
            {
                reader.Skip();
                continue;
            }

            sawTickers = true;
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return Invalid("ticker", "tickers", "an array");
            }

            ElementStep elementStep;
            while ((elementStep = JsonArrays.Next(ref reader)) == ElementStep.Value)
            {
                var ticker = ParseTicker(ref reader, timestamp, local, output);
                if (ticker.Kind is not (FrameKind.Data or FrameKind.Ignored))
                {
                    return ticker;
                }

                if (ticker.Kind == FrameKind.Data || result.Kind != FrameKind.Data)
                {
                    result = ticker;
                }
            }

            if (elementStep == ElementStep.Truncated)
            {
                return Truncated;
            }
        }

        if (step == PropertyStep.Truncated)
        {
            return Truncated;
        }

        return sawTickers ? result : Missing("ticker", "tickers");
    }

    private FrameParseResult ParseTicker(scoped ref Utf8JsonReader reader, DateTime timestamp, DateTime local, List<MarketRecord> output)
    {
        const string what = "ticker";
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return FrameParseResult.Malformed($"{what}: a ticker is a JSON {JsonTokenNames.Describe(reader.TokenType)}, not an object");
        }

        ReadOnlySpan<byte> productId = default;
        decimal? bid = null;
        decimal? bidSize = null;
        decimal? ask = null;
        decimal? askSize = null;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("product_id"u8))
            {
                if (!JsonText.TryRead(ref reader, out productId))
                {
                    return Invalid(what, "product_id", "a product id");
                }
            }
            else if (name.SequenceEqual("best_bid"u8))
            {
                if (!JsonScalars.TryReadOptionalDecimal(ref reader, out bid))
                {
                    return Invalid(what, "best_bid", "a decimal");
                }
            }
            else if (name.SequenceEqual("best_bid_quantity"u8))
            {
                if (!JsonScalars.TryReadOptionalDecimal(ref reader, out bidSize))
                {
                    return Invalid(what, "best_bid_quantity", "a decimal");
                }
            }
            else if (name.SequenceEqual("best_ask"u8))
            {
                if (!JsonScalars.TryReadOptionalDecimal(ref reader, out ask))
                {
                    return Invalid(what, "best_ask", "a decimal");
                }
            }
            else if (name.SequenceEqual("best_ask_quantity"u8))
            {
                if (!JsonScalars.TryReadOptionalDecimal(ref reader, out askSize))
                {
                    return Invalid(what, "best_ask_quantity", "a decimal");
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

        if (bid is null || ask is null || bidSize is null || askSize is null)
        {
            // ticker_batch-shaped tickers carry no best bid/ask (Coinbase's AsyncAPI): nothing to record.
            return new FrameParseResult(FrameKind.Ignored, "ticker: no best_bid/best_ask with quantities");
        }

        if (!TryResolve(productId, what, out var instrument, out var failure))
        {
            return failure;
        }

        output.Add(new BestBidAskRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            BidPrice = bid.Value,
            BidSize = bidSize.Value,
            AskPrice = ask.Value,
            AskSize = askSize.Value,
        });
        return FrameParseResult.Data;
    }

    /// <summary><c>heartbeat_counter</c> (a number, or a string in Coinbase's examples) must step by one.</summary>
    private FrameParseResult ParseHeartbeatEvent(scoped ref Utf8JsonReader reader)
    {
        long? counter = null;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("heartbeat_counter"u8))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var value))
                {
                    return Invalid("heartbeats", "heartbeat_counter", "an integer");
                }

                counter = value;
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

        if (counter is not { } current)
        {
            return Missing("heartbeats", "heartbeat_counter");
        }

        if (_lastHeartbeatCounter >= 0 && current != _lastHeartbeatCounter + 1)
        {
            ConnectionLost();
        }

        _lastHeartbeatCounter = current;
        return new FrameParseResult(FrameKind.Heartbeat);
    }

    private static ChannelKind ChannelKindOf(ReadOnlySpan<byte> channel)
    {
        if (channel.SequenceEqual("l2_data"u8))
        {
            return ChannelKind.Book;
        }

        if (channel.SequenceEqual("market_trades"u8))
        {
            return ChannelKind.Trades;
        }

        if (channel.SequenceEqual("ticker"u8))
        {
            return ChannelKind.Ticker;
        }

        if (channel.SequenceEqual("heartbeats"u8))
        {
            return ChannelKind.Heartbeats;
        }

        return channel.SequenceEqual("subscriptions"u8) ? ChannelKind.Subscriptions : ChannelKind.NotNormalized;
    }

    private enum ChannelKind : byte
    {
        NotNormalized,
        Book,
        Trades,
        Ticker,
        Heartbeats,
        Subscriptions,
    }

    /// <summary>
    /// Puts an event's trades in trade id order (numeric ids; a text id keeps its place): an insertion sort after
    /// reversing Coinbase's newest-first order, since a library sort would allocate its comparer's delegate.
    /// </summary>
    private static void SortByTradeId(Span<MarketRecord> trades)
    {
        // Newest first as Coinbase lists them: reversed, they are in order and the insertion sort only checks.
        if (trades[0] is TradeRecord { TradeId.IsNumeric: true } first && trades[^1] is TradeRecord { TradeId.IsNumeric: true } last
            && first.TradeId.Number > last.TradeId.Number)
        {
            trades.Reverse();
        }

        for (var i = 1; i < trades.Length; i++)
        {
            var current = trades[i];
            if (current is not TradeRecord { TradeId.IsNumeric: true } trade)
            {
                continue;
            }

            var j = i - 1;
            while (j >= 0 && trades[j] is TradeRecord { TradeId.IsNumeric: true } before && before.TradeId.Number > trade.TradeId.Number)
            {
                trades[j + 1] = trades[j];
                j--;
            }

            trades[j + 1] = current;
        }
    }
}

using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Hyperliquid;

// trades: [{"coin","side","px","sz","time","hash","tid","users"}], bbo: {"coin","time","bbo":[bid|null, ask|null]}.
public sealed partial class HyperliquidFrameParser
{
    private const string TradeChannel = "trades";
    private const string BboChannel = "bbo";

    private static readonly FrameParseResult NoTrades = new(FrameKind.Ignored, "trades frame holds no trades");

    private static readonly FrameParseResult OneSidedQuote =
        new(FrameKind.Ignored, "bbo: one side of the book is empty, so there is no best bid and ask to record");

    /// <summary>
    /// Each element is one fill: <c>tid</c> (unique, but neither ordered nor contiguous: copies are recognized by a
    /// window of recent ids, <see cref="HyperliquidExchangeVenue.HasOrderedTradeIds"/>), <c>side</c> the aggressor's
    /// (<c>B</c> buy, <c>A</c> sell), <c>px</c>, <c>sz</c> and <c>time</c>; fills of one order share <c>hash</c>.
    /// </summary>
    private FrameParseResult ParseTrades(scoped ref Utf8JsonReader reader, DateTime local, List<MarketRecord> output)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return Invalid(TradeChannel, "data", "an array of trades");
        }

        var produced = 0;
        ElementStep element;
        while ((element = JsonArrays.Next(ref reader)) == ElementStep.Value)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return Invalid(TradeChannel, "data", "an array of trade objects");
            }

            var result = ParseTrade(ref reader, local, output);
            if (result.Kind != FrameKind.Data)
            {
                return result;
            }

            produced++;
        }

        if (element == ElementStep.Truncated)
        {
            return Truncated;
        }

        return produced == 0 ? NoTrades : FrameParseResult.Data;
    }

    private FrameParseResult ParseTrade(scoped ref Utf8JsonReader reader, DateTime local, List<MarketRecord> output)
    {
        ReadOnlySpan<byte> coin = default;
        long? tid = null;
        long? time = null;
        decimal? price = null;
        decimal? quantity = null;
        Side? side = null;

        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("coin"u8))
            {
                coin = reader.TokenType == JsonTokenType.String ? JsonText.Get(ref reader) : default;
            }
            else if (name.SequenceEqual("px"u8))
            {
                if (!JsonScalars.TryReadDecimal(ref reader, out var parsed))
                {
                    return Invalid(TradeChannel, "px", "a decimal price");
                }

                price = parsed;
            }
            else if (name.SequenceEqual("sz"u8))
            {
                if (!JsonScalars.TryReadDecimal(ref reader, out var parsed))
                {
                    return Invalid(TradeChannel, "sz", "a decimal");
                }

                quantity = parsed;
            }
            else if (name.SequenceEqual("side"u8))
            {
                if (!TryReadSide(ref reader, out var parsed))
                {
                    return Invalid(TradeChannel, "side", "B or A");
                }

                side = parsed;
            }
            else if (name.SequenceEqual("time"u8))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var parsed))
                {
                    return Invalid(TradeChannel, "time", "an integer time");
                }

                time = parsed;
            }
            else if (name.SequenceEqual("tid"u8))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var parsed) || parsed <= 0)
                {
                    return Invalid(TradeChannel, "tid", "a positive integer trade id");
                }

                tid = parsed;
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

        if (coin.IsEmpty)
        {
            return Missing(TradeChannel, "coin");
        }

        if (tid is null)
        {
            return Missing(TradeChannel, "tid");
        }

        if (time is null)
        {
            return Missing(TradeChannel, "time");
        }

        if (side is null)
        {
            return Missing(TradeChannel, "side");
        }

        if (price is null)
        {
            return Missing(TradeChannel, "px");
        }

        if (quantity is null)
        {
            return Missing(TradeChannel, "sz");
        }

        if (!UnixMilliseconds.TryToUtc(time.Value, out var timestamp))
        {
            return Invalid(TradeChannel, "time", "a valid time");
        }

        if (!TryInstrument(coin, TradeChannel, out var instrument, out var unknown))
        {
            return unknown;
        }

        output.Add(new TradeRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            TradeId = new RecordId(tid.Value),
            Price = price.Value,
            Quantity = quantity.Value,
            Side = side.Value,
        });
        return FrameParseResult.Data;
    }

    /// <summary>Hyperliquid writes the aggressor's side as <c>B</c> (bid: a buy) or <c>A</c> (ask: a sell).</summary>
    private static bool TryReadSide(scoped ref Utf8JsonReader reader, out Side side)
    {
        side = default;
        if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length != 1)
        {
            return false;
        }

        switch (reader.ValueSpan[0])
        {
            case (byte)'B':
                side = Side.Buy;
                return true;
            case (byte)'A':
                side = Side.Sell;
                return true;
            default:
                return false;
        }
    }

    /// <summary><c>bbo</c>: both sides become a <see cref="BestBidAskRecord"/>; a missing side (<c>null</c>) is a reason, not a record.</summary>
    private FrameParseResult ParseBestBidAsk(scoped ref Utf8JsonReader reader, List<MarketRecord> output, DateTime local)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Invalid(BboChannel, "data", "an object");
        }

        ReadOnlySpan<byte> coin = default;
        long? time = null;
        BookLevel? bid = null;
        BookLevel? ask = null;
        var hasBbo = false;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("coin"u8))
            {
                coin = reader.TokenType == JsonTokenType.String ? JsonText.Get(ref reader) : default;
            }
            else if (name.SequenceEqual("time"u8))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var parsed))
                {
                    return Invalid(BboChannel, "time", "an integer time");
                }

                time = parsed;
            }
            else if (name.SequenceEqual("bbo"u8))
            {
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return Invalid(BboChannel, "bbo", "[bid, ask]");
                }

                var index = 0;
                ElementStep element;
                while ((element = JsonArrays.Next(ref reader)) == ElementStep.Value)
                {
                    BookLevel? level = null;
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        if (!HyperliquidLevel.TryRead(ref reader, out var parsed, out var error))
                        {
                            return FrameParseResult.Malformed($"{BboChannel}: {(index == 0 ? "bid" : "ask")} {error}");
                        }

                        level = parsed;
                    }

                    if (index == 0)
                    {
                        bid = level;
                    }
                    else if (index == 1)
                    {
                        ask = level;
                    }
                    else
                    {
                        return Invalid(BboChannel, "bbo", "[bid, ask]");
                    }

                    index++;
                }

                if (element == ElementStep.Truncated)
                {
                    return Truncated;
                }

                hasBbo = true;
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

        if (coin.IsEmpty)
        {
            return Missing(BboChannel, "coin");
        }

        if (time is null)
        {
            return Missing(BboChannel, "time");
        }

        if (!hasBbo)
        {
            return Missing(BboChannel, "bbo");
        }

        if (!UnixMilliseconds.TryToUtc(time.Value, out var timestamp))
        {
            return Invalid(BboChannel, "time", "a valid time");
        }

        if (!TryInstrument(coin, BboChannel, out var instrument, out var unknown))
        {
            return unknown;
        }

        if (bid is not { } b || ask is not { } a)
        {
            return OneSidedQuote;
        }

        output.Add(new BestBidAskRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            BidPrice = b.Price,
            BidSize = b.Size,
            AskPrice = a.Price,
            AskSize = a.Size,
        });
        return FrameParseResult.Data;
    }
}

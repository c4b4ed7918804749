using System.Text.Json;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Bybit;

// publicTrade.{symbol}: data is an array of fills, oldest first (docs "Trade").
public sealed partial class BybitFrameParser
{
    private const string TradeTopic = "publicTrade";

    private static readonly FrameParseResult NoTrades = new(FrameKind.Ignored, "publicTrade frame holds no trades");

    /// <summary>
    /// Each element <c>{"T","s","S","v","p","L","i","BT","RPI"?,"seq"?}</c> is one trade: id <c>i</c> (a UUID on
    /// contracts, digits on spot), price <c>p</c>, quantity <c>v</c>, taker side <c>S</c>, time <c>T</c>. Block trades
    /// (<c>BT</c>) and RPI fills are trades Bybit publishes on this topic and are kept.
    /// </summary>
    private static FrameParseResult ParseTrades(
        scoped ref Utf8JsonReader reader, Instrument instrument, ReadOnlySpan<byte> topicSymbol, DateTime local, List<MarketRecord> output)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return Invalid(TradeTopic, "data", "an array of trades");
        }

        var produced = 0;
        ElementStep elementStep;
        while ((elementStep = JsonArrays.Next(ref reader)) == ElementStep.Value)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return Invalid(TradeTopic, "data", "an array of trade objects");
            }

            var result = ParseTrade(ref reader, instrument, topicSymbol, local, output);
            if (result.Kind != FrameKind.Data)
            {
                return result;
            }

            produced++;
        }

        if (elementStep == ElementStep.Truncated)
        {
            return Truncated;
        }

        return produced == 0 ? NoTrades : FrameParseResult.Data;
    }

    private static FrameParseResult ParseTrade(
        scoped ref Utf8JsonReader reader, Instrument instrument, ReadOnlySpan<byte> topicSymbol, DateTime local, List<MarketRecord> output)
    {
        ReadOnlySpan<byte> symbol = default;
        ReadOnlySpan<byte> id = default;
        long? time = null;
        decimal? price = null;
        decimal? quantity = null;
        Side? side = null;

        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.Length != 1)
            {
                reader.Skip();
                continue;
            }

            switch (name[0])
            {
                case (byte)'T':
                    if (!JsonScalars.TryReadInt64(ref reader, out var parsedTime))
                    {
                        return Invalid(TradeTopic, "T", "an integer time");
                    }

                    time = parsedTime;
                    break;
                case (byte)'s':
                    symbol = reader.TokenType == JsonTokenType.String ? JsonText.Get(ref reader) : default;
                    break;
                case (byte)'S':
                    if (!TryReadSide(ref reader, out var parsedSide))
                    {
                        return Invalid(TradeTopic, "S", "Buy or Sell");
                    }

                    side = parsedSide;
                    break;
                case (byte)'v':
                    if (!JsonScalars.TryReadDecimal(ref reader, out var parsedQuantity))
                    {
                        return Invalid(TradeTopic, "v", "a decimal");
                    }

                    quantity = parsedQuantity;
                    break;
                case (byte)'p':
                    if (!JsonScalars.TryReadDecimal(ref reader, out var parsedPrice))
                    {
                        return Invalid(TradeTopic, "p", "a decimal price");
                    }

                    price = parsedPrice;
                    break;
                case (byte)'i':
                    id = reader.TokenType == JsonTokenType.String ? JsonText.Get(ref reader) : default;
                    if (id.IsEmpty)
                    {
                        return Invalid(TradeTopic, "i", "a trade id");
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (step == PropertyStep.Truncated)
        {
            return Truncated;
        }

        if (id.IsEmpty)
        {
            return Missing(TradeTopic, "i");
        }

        if (time is null)
        {
            return Missing(TradeTopic, "T");
        }

        if (side is null)
        {
            return Missing(TradeTopic, "S");
        }

        if (price is null)
        {
            return Missing(TradeTopic, "p");
        }

        if (quantity is null)
        {
            return Missing(TradeTopic, "v");
        }

        if (!SameSymbol(symbol, topicSymbol))
        {
            return OtherSymbol(TradeTopic, symbol, topicSymbol);
        }

        if (!UnixMilliseconds.TryToUtc(time.Value, out var timestamp))
        {
            return Invalid(TradeTopic, "T", "a valid time");
        }

        output.Add(new TradeRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            TradeId = RecordId.FromUtf8(id),
            Price = price.Value,
            Quantity = quantity.Value,
            Side = side.Value,
        });
        return FrameParseResult.Data;
    }

    /// <summary>Bybit writes sides as <c>Buy</c>/<c>Sell</c>.</summary>
    private static bool TryReadSide(scoped ref Utf8JsonReader reader, out Side side)
    {
        side = default;
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        var text = JsonText.Get(ref reader);
        if (text.SequenceEqual("Buy"u8))
        {
            side = Side.Buy;
            return true;
        }

        if (text.SequenceEqual("Sell"u8))
        {
            side = Side.Sell;
            return true;
        }

        return false;
    }
}

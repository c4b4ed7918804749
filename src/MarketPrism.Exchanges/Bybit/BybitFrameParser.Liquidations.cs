using System.Text.Json;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Bybit;

// allLiquidation.{symbol} (every liquidation, pushed every 500 ms) and the deprecated liquidation.{symbol} (at most
// one per second). Both state the side of the liquidated POSITION: "When you receive a Buy update, this means that a
// long position has been liquidated" (docs "All Liquidation"), the opposite of Binance's order side.
public sealed partial class BybitFrameParser
{
    private const string AllLiquidationTopic = "allLiquidation";
    private const string LegacyLiquidationTopic = "liquidation";

    private static readonly FrameParseResult NoLiquidations = new(FrameKind.Ignored, "allLiquidation frame holds no liquidations");

    /// <summary>Each element <c>{"T","s","S","v","p"}</c>: time, symbol, position side, executed size, bankruptcy price.</summary>
    private static FrameParseResult ParseAllLiquidations(
        scoped ref Utf8JsonReader reader, Instrument instrument, ReadOnlySpan<byte> topicSymbol, DateTime local, List<MarketRecord> output)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return Invalid(AllLiquidationTopic, "data", "an array of liquidations");
        }

        var produced = 0;
        ElementStep elementStep;
        while ((elementStep = JsonArrays.Next(ref reader)) == ElementStep.Value)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return Invalid(AllLiquidationTopic, "data", "an array of liquidation objects");
            }

            var result = ParseLiquidation(ref reader, instrument, topicSymbol, AllLiquidationTopic, local, output);
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

        return produced == 0 ? NoLiquidations : FrameParseResult.Data;
    }

    /// <summary>
    /// The deprecated topic's <c>data</c> is one object with long names:
    /// <c>{"updatedTime","symbol","side","size","price"}</c> (the docs' table says <c>updateTime</c>; both are read).
    /// </summary>
    private static FrameParseResult ParseLegacyLiquidation(
        scoped ref Utf8JsonReader reader, Instrument instrument, ReadOnlySpan<byte> topicSymbol, DateTime local, List<MarketRecord> output)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Invalid(LegacyLiquidationTopic, "data", "an object");
        }

        return ParseLiquidation(ref reader, instrument, topicSymbol, LegacyLiquidationTopic, local, output);
    }

    /// <summary>One liquidation, in either topic's field names; the record's side is the liquidation ORDER's side.</summary>
    private static FrameParseResult ParseLiquidation(
        scoped ref Utf8JsonReader reader,
        Instrument instrument,
        ReadOnlySpan<byte> topicSymbol,
        string topicName,
        DateTime local,
        List<MarketRecord> output)
    {
        var legacy = topicName == LegacyLiquidationTopic;
        ReadOnlySpan<byte> symbol = default;
        long? time = null;
        Side? positionSide = null;
        decimal? price = null;
        decimal? quantity = null;

        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            switch (Field(name, legacy))
            {
                case LiquidationField.Time:
                    if (!JsonScalars.TryReadInt64(ref reader, out var parsedTime))
                    {
                        return Invalid(topicName, legacy ? "updatedTime" : "T", "an integer time");
                    }

                    time = parsedTime;
                    break;
                case LiquidationField.Symbol:
                    symbol = reader.TokenType == JsonTokenType.String ? JsonText.Get(ref reader) : default;
                    break;
                case LiquidationField.Side:
                    if (!TryReadSide(ref reader, out var parsedSide))
                    {
                        return Invalid(topicName, legacy ? "side" : "S", "Buy or Sell");
                    }

                    positionSide = parsedSide;
                    break;
                case LiquidationField.Size:
                    if (!JsonScalars.TryReadDecimal(ref reader, out var parsedSize))
                    {
                        return Invalid(topicName, legacy ? "size" : "v", "a decimal");
                    }

                    quantity = parsedSize;
                    break;
                case LiquidationField.Price:
                    if (!JsonScalars.TryReadDecimal(ref reader, out var parsedPrice))
                    {
                        return Invalid(topicName, legacy ? "price" : "p", "a decimal price");
                    }

                    price = parsedPrice;
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

        if (time is null)
        {
            return Missing(topicName, legacy ? "updatedTime" : "T");
        }

        if (positionSide is null)
        {
            return Missing(topicName, legacy ? "side" : "S");
        }

        if (quantity is null)
        {
            return Missing(topicName, legacy ? "size" : "v");
        }

        if (price is null)
        {
            return Missing(topicName, legacy ? "price" : "p");
        }

        if (!SameSymbol(symbol, topicSymbol))
        {
            return OtherSymbol(topicName, symbol, topicSymbol);
        }

        if (!UnixMilliseconds.TryToUtc(time.Value, out var timestamp))
        {
            return Invalid(topicName, legacy ? "updatedTime" : "T", "a valid time");
        }

        output.Add(new LiquidationRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,

            // A liquidated long (Buy position) is closed by a sell order, a liquidated short by a buy order.
            Side = positionSide.Value == Side.Buy ? Side.Sell : Side.Buy,
            Price = price.Value,
            Quantity = quantity.Value,
        });
        return FrameParseResult.Data;
    }

    private static LiquidationField Field(ReadOnlySpan<byte> name, bool legacy)
    {
        if (!legacy)
        {
            return name.Length != 1
                ? LiquidationField.Other
                : name[0] switch
                {
                    (byte)'T' => LiquidationField.Time,
                    (byte)'s' => LiquidationField.Symbol,
                    (byte)'S' => LiquidationField.Side,
                    (byte)'v' => LiquidationField.Size,
                    (byte)'p' => LiquidationField.Price,
                    _ => LiquidationField.Other,
                };
        }

        if (name.SequenceEqual("updatedTime"u8) || name.SequenceEqual("updateTime"u8))
        {
            return LiquidationField.Time;
        }

        if (name.SequenceEqual("symbol"u8))
        {
            return LiquidationField.Symbol;
        }

        if (name.SequenceEqual("side"u8))
        {
            return LiquidationField.Side;
        }

        if (name.SequenceEqual("size"u8))
        {
            return LiquidationField.Size;
        }

        return name.SequenceEqual("price"u8) ? LiquidationField.Price : LiquidationField.Other;
    }

    private enum LiquidationField : byte
    {
        Other,
        Time,
        Symbol,
        Side,
        Size,
        Price,
    }
}

using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Hyperliquid;

// activeAssetCtx: {"coin","ctx":{"funding","openInterest","oraclePx","markPx","midPx","premium","impactPxs",…}}.
public sealed partial class HyperliquidFrameParser
{
    private const string AssetContextChannel = "activeAssetCtx";

    /// <summary>
    /// A perpetual's context becomes its funding rate (the hourly rate, next paid on the next hour), open interest
    /// (base units, valued at the mark) and mark price (oracle as index). The push carries no time: the records are
    /// stamped with the receive time.
    /// </summary>
    private FrameParseResult ParseAssetContext(scoped ref Utf8JsonReader reader, DateTime local, List<MarketRecord> output)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Invalid(AssetContextChannel, "data", "an object");
        }

        ReadOnlySpan<byte> coin = default;
        var context = default(HyperliquidAssetContext);
        var hasContext = false;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("coin"u8))
            {
                coin = reader.TokenType == JsonTokenType.String ? JsonText.Get(ref reader) : default;
            }
            else if (name.SequenceEqual("ctx"u8))
            {
                if (HyperliquidAssetContext.TryRead(ref reader, out context) is { } error)
                {
                    return FrameParseResult.Malformed($"{AssetContextChannel}: {error}");
                }

                hasContext = true;
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
            return Missing(AssetContextChannel, "coin");
        }

        if (!hasContext)
        {
            return Missing(AssetContextChannel, "ctx");
        }

        if (!TryInstrument(coin, AssetContextChannel, out var instrument, out var unknown))
        {
            return unknown;
        }

        context.AddRecords(instrument, local, local, output);
        return FrameParseResult.Data;
    }
}

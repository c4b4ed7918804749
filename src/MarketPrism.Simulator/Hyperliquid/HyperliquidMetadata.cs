using System.Text.Json;

namespace MarketPrism.Simulator.Hyperliquid;

/// <summary>
/// The <c>meta</c> and <c>spotMeta</c> universes the simulator serves. <c>meta</c>: the recorded perpetuals, in the
/// shape of Hyperliquid's docs ("Retrieve perpetuals metadata": <c>{universe:[{name,szDecimals,maxLeverage,
/// marginTableId}],marginTables:[[id,{description,marginTiers:[{lowerBound,maxLeverage}]}]]}</c>), then one synthetic
/// delisted asset <c>OLD</c> with <c>isDelisted:true</c>: assets are addressed by their position in the universe, so
/// Hyperliquid keeps delisted ones in it. <c>spotMeta</c>: the docs' example ("Retrieve spot metadata") — tokens USDC,
/// PURR and HFUN, pairs <c>PURR/USDC</c> (index 0, canonical, addressed by name) and <c>@1</c> (HFUN/USDC, addressed by
/// index). The recordings hold no spot session, so spot streams are accepted and stay silent.
/// </summary>
internal static class HyperliquidMetadata
{
    public const string DelistedCoin = "OLD";

    private const int MaxLeverage = 40;
    private const int MarginTableId = 56;

    public static void WriteMeta(Utf8JsonWriter writer, IReadOnlyList<HyperliquidCoin?> perpetuals)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("universe");
        foreach (var coin in perpetuals)
        {
            writer.WriteStartObject();
            writer.WriteString("name", coin?.Name ?? DelistedCoin);
            writer.WriteNumber("szDecimals", coin?.SizeDecimals ?? 1);
            writer.WriteNumber("maxLeverage", coin is null ? 3 : MaxLeverage);
            writer.WriteNumber("marginTableId", coin is null ? 3 : MarginTableId);
            if (coin is null)
            {
                writer.WriteBoolean("isDelisted", true);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("marginTables");
        WriteMarginTable(writer, MarginTableId, MaxLeverage);
        WriteMarginTable(writer, 3, 3);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The context of an asset nobody trades, as the real <c>allDexsAssetCtxs</c> push shows one: zero volume and interest, null premium, mid and impact prices.</summary>
    public static void WriteDelistedContext(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("funding", "0.0");
        writer.WriteString("openInterest", "0.0");
        writer.WriteString("prevDayPx", "0.37621");
        writer.WriteString("dayNtlVlm", "0.0");
        writer.WriteNull("premium");
        writer.WriteString("oraclePx", "0.3754");
        writer.WriteString("markPx", "0.37621");
        writer.WriteNull("midPx");
        writer.WriteNull("impactPxs");
        writer.WriteString("dayBaseVlm", "0.0");
        writer.WriteEndObject();
    }

    public static void WriteSpotMeta(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("tokens");
        WriteToken(writer, "USDC", 8, 8, 0, "0x6d1e7cde53ba9467b783cb7c530ce054");
        WriteToken(writer, "PURR", 0, 5, 1, "0xc1fb593aeffbeb02f85e0308e9956a90");
        WriteToken(writer, "HFUN", 2, 8, 2, "0xbaf265ef389da684513d98d68edf4eae");
        writer.WriteEndArray();
        writer.WriteStartArray("universe");
        WritePair(writer, "PURR/USDC", 1, 0, canonical: true);
        WritePair(writer, "@1", 2, 1, canonical: false);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteMarginTable(Utf8JsonWriter writer, int id, int maxLeverage)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(id);
        writer.WriteStartObject();
        writer.WriteString("description", "");
        writer.WriteStartArray("marginTiers");
        writer.WriteStartObject();
        writer.WriteString("lowerBound", "0.0");
        writer.WriteNumber("maxLeverage", maxLeverage);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static void WriteToken(Utf8JsonWriter writer, string name, int sizeDecimals, int weiDecimals, int index, string tokenId)
    {
        writer.WriteStartObject();
        writer.WriteString("name", name);
        writer.WriteNumber("szDecimals", sizeDecimals);
        writer.WriteNumber("weiDecimals", weiDecimals);
        writer.WriteNumber("index", index);
        writer.WriteString("tokenId", tokenId);
        writer.WriteBoolean("isCanonical", index < 2);
        writer.WriteNull("evmContract");
        writer.WriteNull("fullName");
        writer.WriteEndObject();
    }

    private static void WritePair(Utf8JsonWriter writer, string name, int baseToken, int index, bool canonical)
    {
        writer.WriteStartObject();
        writer.WriteString("name", name);
        writer.WriteStartArray("tokens");
        writer.WriteNumberValue(baseToken);
        writer.WriteNumberValue(0);
        writer.WriteEndArray();
        writer.WriteNumber("index", index);
        writer.WriteBoolean("isCanonical", canonical);
        writer.WriteEndObject();
    }
}

using System.Globalization;
using System.Text.Json;
using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Hyperliquid;

/// <summary>One asset of a <c>meta</c> universe; its position in the list is its asset index.</summary>
/// <param name="Name">The coin, e.g. <c>BTC</c>, <c>kPEPE</c>, <c>xyz:XYZ100</c>.</param>
/// <param name="SizeDecimals">Decimals of a size (<c>szDecimals</c>).</param>
/// <param name="MaxLeverage">Largest leverage, when given.</param>
/// <param name="IsDelisted">Delisted assets stay in the universe (indices are positions) with <c>isDelisted:true</c>.</param>
public sealed record HyperliquidAsset(string Name, int SizeDecimals, int? MaxLeverage, bool IsDelisted);

/// <summary>A spot pair of <c>spotMeta</c>: <c>name</c> (<c>PURR/USDC</c> or <c>@index</c>), its token indices and its own index.</summary>
public sealed record HyperliquidSpotPair(string Name, int BaseToken, int QuoteToken, int Index);

/// <summary>One candle of <c>candleSnapshot</c> (<c>{t,T,s,i,o,c,h,l,v,n}</c>); MarketPrism has no candle record, tools read these.</summary>
public sealed record HyperliquidCandle(
    DateTime OpenTime, DateTime CloseTime, string Coin, string Interval, decimal Open, decimal High, decimal Low, decimal Close, decimal Volume, long Trades);

/// <summary>
/// Hyperliquid's <c>POST /info</c> answers (docs "Info endpoint"): <c>l2Book</c>, <c>metaAndAssetCtxs</c>,
/// <c>meta</c>, <c>spotMeta</c>, <c>fundingHistory</c> and <c>candleSnapshot</c>. Not a hot path: read through
/// <see cref="JsonDocument"/>; every failure is a <see cref="FormatException"/> naming what is wrong.
/// </summary>
public static class HyperliquidRestParser
{
    /// <summary><c>{"coin","time","levels":[[{px,sz,n}…],[…]]}</c>, the same book as a push; its time stands in for the update id.</summary>
    public static DepthSnapshot ParseL2Book(ReadOnlySpan<byte> body, DateTime localTimestamp)
    {
        using var document = Open(body, "l2Book");
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("levels", out var levels) || levels.ValueKind != JsonValueKind.Array
            || levels.GetArrayLength() != 2)
        {
            throw new FormatException("l2Book response is not {coin, time, levels:[[bids],[asks]]}");
        }

        var time = Milliseconds(root, "time", "l2Book");
        return new DepthSnapshot(time, Levels(levels[0], "bid"), Levels(levels[1], "ask"), Utc(time, "l2Book"), localTimestamp);
    }

    /// <summary>
    /// <c>[{"universe":[…]},[ctx…]]</c>: the context of <paramref name="instrument"/> (found by name in the universe,
    /// contexts being positional) as records of <paramref name="dataType"/> (funding rate or open interest), stamped
    /// with the receive time (the answer carries none).
    /// </summary>
    public static void ParseAssetContexts(ReadOnlySpan<byte> body, Instrument instrument, DataType dataType, DateTime localTimestamp, List<MarketRecord> output)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(output);
        using var document = Open(body, "metaAndAssetCtxs");
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() != 2 || root[1].ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("metaAndAssetCtxs response is not [meta, [contexts]]");
        }

        var universe = ReadUniverse(root[0], "metaAndAssetCtxs");
        var coin = instrument.ExchangeSymbol;
        var index = universe.FindIndex(asset => asset.Name == coin);
        if (index < 0)
        {
            throw new FormatException($"metaAndAssetCtxs: '{coin}' is not in the universe");
        }

        var contexts = root[1];
        if (index >= contexts.GetArrayLength())
        {
            throw new FormatException($"metaAndAssetCtxs: the universe lists '{coin}' at {index}, but there are only {contexts.GetArrayLength()} contexts");
        }

        var raw = System.Text.Encoding.UTF8.GetBytes(contexts[index].GetRawText());
        var reader = new Utf8JsonReader(raw);
        reader.Read();
        if (HyperliquidAssetContext.TryRead(ref reader, out var context) is { } error)
        {
            throw new FormatException($"metaAndAssetCtxs context of '{coin}': {error}");
        }

        var records = new List<MarketRecord>(3);
        context.AddRecords(instrument, localTimestamp, localTimestamp, records);
        output.AddRange(records.Where(record => record.DataType == dataType));
    }

    /// <summary><c>{"universe":[{name,szDecimals,maxLeverage,isDelisted?…}]}</c>, in asset-index order.</summary>
    public static IReadOnlyList<HyperliquidAsset> ParseMeta(ReadOnlySpan<byte> body)
    {
        using var document = Open(body, "meta");
        return ReadUniverse(document.RootElement, "meta");
    }

    /// <summary><c>{"tokens":[…],"universe":[{name,tokens:[base,quote],index,isCanonical}]}</c>: the spot pairs.</summary>
    public static IReadOnlyList<HyperliquidSpotPair> ParseSpotMeta(ReadOnlySpan<byte> body)
    {
        using var document = Open(body, "spotMeta");
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("universe", out var universe) || universe.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("spotMeta response has no 'universe' array");
        }

        var pairs = new List<HyperliquidSpotPair>();
        foreach (var pair in universe.EnumerateArray())
        {
            if (pair.ValueKind != JsonValueKind.Object || !pair.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                || !pair.TryGetProperty("tokens", out var tokens) || tokens.ValueKind != JsonValueKind.Array || tokens.GetArrayLength() != 2
                || !tokens[0].TryGetInt32(out var baseToken) || !tokens[1].TryGetInt32(out var quoteToken)
                || !pair.TryGetProperty("index", out var index) || !index.TryGetInt32(out var position))
            {
                throw new FormatException($"spotMeta: pair {pairs.Count} is not {{name, tokens:[base, quote], index}}");
            }

            pairs.Add(new HyperliquidSpotPair(name.GetString()!, baseToken, quoteToken, position));
        }

        return pairs;
    }

    /// <summary><c>[{coin,fundingRate,premium,time}]</c>: funding paid at each <c>time</c> (hourly), as funding rate records.</summary>
    public static void ParseFundingHistory(ReadOnlySpan<byte> body, InstrumentTable instruments, DateTime localTimestamp, List<MarketRecord> output)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(output);
        using var document = Open(body, "fundingHistory");
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("fundingHistory response is not an array");
        }

        foreach (var entry in document.RootElement.EnumerateArray())
        {
            var coin = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("coin", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : string.Empty;
            if (!instruments.TryGet(coin, out var instrument))
            {
                throw new FormatException($"fundingHistory: '{coin}' is not a Hyperliquid perpetual");
            }

            var time = Utc(Milliseconds(entry, "time", "fundingHistory"), "fundingHistory");
            output.Add(new FundingRateRecord
            {
                Instrument = instrument,
                Timestamp = time,
                LocalTimestamp = localTimestamp,
                FundingRate = Decimal(entry, "fundingRate", "fundingHistory"),
                NextFundingTime = time,
            });
        }
    }

    /// <summary><c>[{t,T,s,i,o,c,h,l,v,n}]</c>, oldest first.</summary>
    public static IReadOnlyList<HyperliquidCandle> ParseCandleSnapshot(ReadOnlySpan<byte> body)
    {
        using var document = Open(body, "candleSnapshot");
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("candleSnapshot response is not an array");
        }

        var candles = new List<HyperliquidCandle>();
        foreach (var candle in document.RootElement.EnumerateArray())
        {
            const string what = "candleSnapshot";
            candles.Add(new HyperliquidCandle(
                Utc(Milliseconds(candle, "t", what), what),
                Utc(Milliseconds(candle, "T", what), what),
                Text(candle, "s", what),
                Text(candle, "i", what),
                Decimal(candle, "o", what),
                Decimal(candle, "h", what),
                Decimal(candle, "l", what),
                Decimal(candle, "c", what),
                Decimal(candle, "v", what),
                Milliseconds(candle, "n", what)));
        }

        return candles;
    }

    /// <summary>
    /// An error answer for logs: Hyperliquid answers a bad request with a text (<c>Failed to deserialize the JSON
    /// body</c>) or a JSON string; an object or array is data, not an error.
    /// </summary>
    public static string? TryParseError(ReadOnlySpan<byte> body)
    {
        var text = body.Trim(" \t\r\n"u8);
        if (text.IsEmpty || text[0] is (byte)'{' or (byte)'[')
        {
            return null;
        }

        if (text[0] == (byte)'"')
        {
            try
            {
                var reader = new Utf8JsonReader(text);
                return reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        const int MaxLength = 200;
        var message = System.Text.Encoding.UTF8.GetString(text[..Math.Min(text.Length, MaxLength)]);
        return message.Any(char.IsControl) ? null : message;
    }

    /// <summary>
    /// Which request a captured <c>POST /info</c> answer was. A capture holds the address, not the body that named the
    /// <c>type</c>, so the answer's shape tells: <c>[meta, [contexts]]</c> is <c>metaAndAssetCtxs</c> (every listed
    /// perpetual's funding and open interest), <c>{coin, time, levels}</c> is <c>l2Book</c> (a book snapshot);
    /// anything else (meta, spotMeta, candles, funding history) is reference data the collector does not record.
    /// </summary>
    public static CapturedRestResponse? Recognize(IExchangeVenue market, Uri requestUrl, InstrumentTable instruments)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(requestUrl);
        ArgumentNullException.ThrowIfNull(instruments);
        if (!Uri.UnescapeDataString(requestUrl.AbsolutePath).EndsWith(HyperliquidEndpoints.InfoPath, StringComparison.Ordinal))
        {
            return null;
        }

        // The instrument is only known from the body: the parse below names each record's own.
        var request = new RestRequest(HyperliquidEndpoints.InfoPath, "info", HyperliquidLimits.InfoWeight) { JsonBody = """{"type":"info"}""" };
        return new CapturedRestResponse(null, request, (body, local, _, output) => ParseCaptured(body, local, instruments, output));
    }

    /// <summary>A captured answer by its shape (see <see cref="Recognize"/>).</summary>
    private static void ParseCaptured(ReadOnlySpan<byte> body, DateTime local, InstrumentTable instruments, List<MarketRecord> output)
    {
        using var document = Open(body, "info");
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() == 2 && root[0].ValueKind == JsonValueKind.Object
            && root[0].TryGetProperty("universe", out _) && root[1].ValueKind == JsonValueKind.Array)
        {
            foreach (var asset in ReadUniverse(root[0], "metaAndAssetCtxs"))
            {
                if (!asset.IsDelisted && instruments.TryGet(asset.Name, out var instrument))
                {
                    ParseAssetContexts(body, instrument, DataType.FundingRate, local, output);
                    ParseAssetContexts(body, instrument, DataType.OpenInterest, local, output);
                }
            }

            return;
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("levels", out _) && root.TryGetProperty("coin", out var coin)
            && coin.ValueKind == JsonValueKind.String && instruments.TryGet(coin.GetString()!, out var bookInstrument))
        {
            var snapshot = ParseL2Book(body, local);
            output.Add(new BookSnapshotRecord
            {
                Instrument = bookInstrument,
                Timestamp = snapshot.Timestamp,
                LocalTimestamp = snapshot.LocalTimestamp,
                Bids = snapshot.Bids,
                Asks = snapshot.Asks,
                FirstUpdateId = snapshot.LastUpdateId,
                LastUpdateId = snapshot.LastUpdateId,
                Depth = Math.Max(snapshot.Bids.Length, snapshot.Asks.Length),
            });
        }
    }

    private static List<HyperliquidAsset> ReadUniverse(JsonElement meta, string what)
    {
        if (meta.ValueKind != JsonValueKind.Object || !meta.TryGetProperty("universe", out var universe) || universe.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{what}: no 'universe' array");
        }

        var assets = new List<HyperliquidAsset>();
        foreach (var asset in universe.EnumerateArray())
        {
            if (asset.ValueKind != JsonValueKind.Object || !asset.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                || !asset.TryGetProperty("szDecimals", out var decimals) || !decimals.TryGetInt32(out var sizeDecimals))
            {
                throw new FormatException($"{what}: asset {assets.Count} is not {{name, szDecimals, …}}");
            }

            int? leverage = asset.TryGetProperty("maxLeverage", out var max) && max.TryGetInt32(out var parsed) ? parsed : null;
            var delisted = asset.TryGetProperty("isDelisted", out var flag) && flag.ValueKind == JsonValueKind.True;
            assets.Add(new HyperliquidAsset(name.GetString()!, sizeDecimals, leverage, delisted));
        }

        return assets;
    }

    private static BookLevel[] Levels(JsonElement side, string what)
    {
        if (side.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"l2Book: the {what} side is not an array");
        }

        var levels = new BookLevel[side.GetArrayLength()];
        var i = 0;
        foreach (var level in side.EnumerateArray())
        {
            levels[i++] = new BookLevel(Decimal(level, "px", $"l2Book {what} level"), Decimal(level, "sz", $"l2Book {what} level"));
        }

        return levels;
    }

    private static JsonDocument Open(ReadOnlySpan<byte> body, string what)
    {
        try
        {
            return JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{what} response is not JSON: {ex.Message}", ex);
        }
    }

    private static long Milliseconds(JsonElement element, string field, string what)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            return number;
        }

        throw new FormatException($"{what}: field '{field}' is not an integer");
    }

    private static DateTime Utc(long milliseconds, string what) =>
        UnixMilliseconds.TryToUtc(milliseconds, out var utc) ? utc : throw new FormatException($"{what}: time {milliseconds} is not a valid time");

    private static decimal Decimal(JsonElement element, string field, string what)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(field, out var value))
        {
            var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.ValueKind == JsonValueKind.Number ? value.GetRawText() : null;
            if (text is not null && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
            {
                return parsed;
            }
        }

        throw new FormatException($"{what}: field '{field}' is not a decimal");
    }

    private static string Text(JsonElement element, string field, string what) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"{what}: field '{field}' is not a string");
}

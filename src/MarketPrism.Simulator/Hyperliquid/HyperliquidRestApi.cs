using System.Globalization;
using System.Text.Json;
using MarketPrism.Simulator.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MarketPrism.Simulator.Hyperliquid;

/// <summary>
/// Hyperliquid's public REST API: everything is <c>POST /info</c> with a JSON body naming its <c>type</c>. Served:
/// <c>meta</c>, <c>spotMeta</c>, <c>metaAndAssetCtxs</c>, <c>l2Book</c>, <c>allMids</c>, <c>fundingHistory</c> and
/// <c>candleSnapshot</c>, each weighed as Hyperliquid's "Rate limits and user limits" page says (l2Book and allMids 2,
/// other info requests 20, plus 1 per 20 items of fundingHistory and per 60 candles) against a budget of 1200 per minute
/// and client address; beyond it, and under an injected 429 or 418 fault, the answer is HTTP 429 with
/// <c>Retry-After</c> (Hyperliquid has no ban status). A body Hyperliquid cannot read is answered 422
/// <c>Failed to deserialize the JSON body into the target type</c>.
/// </summary>
internal sealed class HyperliquidRestApi
{
    private const int MaxBodyBytes = 64 * 1024;
    private const int LightWeight = 2;
    private const int DefaultWeight = 20;

    /// <summary>"Only the most recent 5000 candles are available" (candleSnapshot).</summary>
    private const int MaxCandles = 5000;

    /// <summary>fundingHistory answers at most 500 entries; a client pages on by time.</summary>
    private const int MaxFundingEntries = 500;

    private static readonly Dictionary<string, long> CandleIntervals = new(StringComparer.Ordinal)
    {
        ["1m"] = 60_000, ["3m"] = 180_000, ["5m"] = 300_000, ["15m"] = 900_000, ["30m"] = 1_800_000,
        ["1h"] = 3_600_000, ["2h"] = 7_200_000, ["4h"] = 14_400_000, ["8h"] = 28_800_000, ["12h"] = 43_200_000,
        ["1d"] = 86_400_000, ["3d"] = 259_200_000, ["1w"] = 604_800_000,
    };

    private readonly HyperliquidSession _session;
    private readonly RestGate _gate;
    private readonly VenueServices _services;

    public HyperliquidRestApi(HyperliquidSession session, RestGate gate, VenueServices services)
    {
        _session = session;
        _gate = gate;
        _services = services;
    }

    public void Map(RouteGroupBuilder group) => group.MapPost("/info", ServeAsync);

    private async Task ServeAsync(HttpContext context)
    {
        var arrived = _services.Time.GetUtcNow();
        var body = await ReadBodyAsync(context.Request);
        var answer = body is null ? InfoAnswer.Unreadable : Answer(body);
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "";
        var admission = _gate.Admit(client, answer.Weight);
        int status;
        if (admission.Verdict == RestVerdict.Allowed)
        {
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = answer.Status == StatusCodes.Status200OK ? "application/json" : "text/plain; charset=utf-8";
            await context.Response.Body.WriteAsync(answer.Body);
            status = answer.Status;
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = admission.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("Too many requests: the weight limit of 1200 per minute is used up");
            status = StatusCodes.Status429TooManyRequests;
        }

        _services.Requests.Add(new RestRequestRecord(
            arrived,
            HyperliquidVenue.VenueName,
            context.Request.Method,
            context.Request.Path + (body is null ? "" : " " + System.Text.Encoding.UTF8.GetString(body)),
            status,
            admission.Verdict == RestVerdict.Allowed ? answer.Weight : 0,
            admission.UsedWeight,
            admission.InsideBanWindow,
            admission.InsideRetryAfterWindow));
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private InfoAnswer Answer(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return InfoAnswer.Unreadable;
            }

            return type.GetString() switch
            {
                "meta" => MainDexOnly(root, DefaultWeight, Meta),
                "spotMeta" => Ok(DefaultWeight, HyperliquidMetadata.WriteSpotMeta),
                "metaAndAssetCtxs" => MainDexOnly(root, DefaultWeight, MetaAndContexts),
                "allMids" => Ok(LightWeight, AllMids),
                "l2Book" => L2Book(root),
                "fundingHistory" => FundingHistory(root),
                "candleSnapshot" => CandleSnapshot(root),
                _ => InfoAnswer.Unreadable,
            };
        }
        catch (JsonException)
        {
            return InfoAnswer.Unreadable;
        }
    }

    /// <summary>The main perpetual dex (<c>dex</c> absent or empty); the simulator serves no builder-deployed dex and answers null for one.</summary>
    private static InfoAnswer MainDexOnly(JsonElement root, int weight, Action<Utf8JsonWriter> write) =>
        root.TryGetProperty("dex", out var dex) && dex.ValueKind == JsonValueKind.String && dex.GetString() is { Length: > 0 }
            ? Ok(weight, writer => writer.WriteNullValue())
            : Ok(weight, write);

    private void Meta(Utf8JsonWriter writer) => HyperliquidMetadata.WriteMeta(writer, Perpetuals());

    /// <summary><c>[meta, [ctx…]]</c>: one context per universe entry, by position.</summary>
    private void MetaAndContexts(Utf8JsonWriter writer)
    {
        var perpetuals = Perpetuals();
        writer.WriteStartArray();
        HyperliquidMetadata.WriteMeta(writer, perpetuals);
        writer.WriteStartArray();
        foreach (var coin in perpetuals)
        {
            if (coin is not null && HyperliquidSession.CurrentContext(coin) is { } context)
            {
                HyperliquidFrames.WriteContext(writer, context);
            }
            else
            {
                HyperliquidMetadata.WriteDelistedContext(writer);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndArray();
    }

    /// <summary>The recorded coins in universe order, then the delisted entry (null: no session).</summary>
    private List<HyperliquidCoin?> Perpetuals()
    {
        var coins = new List<HyperliquidCoin?>();
        foreach (var name in _session.CoinNames)
        {
            _session.TryGetCoin(name, out var coin);
            coins.Add(coin);
        }

        coins.Add(null);
        return coins;
    }

    private void AllMids(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var name in _session.CoinNames)
        {
            if (_session.TryGetCoin(name, out var coin) && HyperliquidSession.CurrentContext(coin) is { } context)
            {
                JsonDecimals.WriteDecimal(writer, name, context.MidPrice, null);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary><c>{"type":"l2Book","coin":"BTC"}</c>: the true book now, in the push's data shape; null for a coin not served.</summary>
    private InfoAnswer L2Book(JsonElement root)
    {
        if (Text(root, "coin") is not { } coin)
        {
            return InfoAnswer.Unreadable;
        }

        if (!_session.TryGetBook(coin, out var bids, out var asks, out var time))
        {
            return Ok(LightWeight, writer => writer.WriteNullValue());
        }

        return new InfoAnswer(StatusCodes.Status200OK, LightWeight, HyperliquidFrames.L2BookBody(coin, time, bids, asks));
    }

    /// <summary>
    /// <c>{"type":"fundingHistory","coin","startTime","endTime"?}</c>: <c>[{coin,fundingRate,premium,time}]</c>, one entry per
    /// hour on the hour from <c>startTime</c> to <c>endTime</c> (default now), at most 500, oldest first. Synthetic: today's
    /// premium varied per hour (see <see cref="HyperliquidSession.HistoricalFunding"/>).
    /// </summary>
    private InfoAnswer FundingHistory(JsonElement root)
    {
        if (Text(root, "coin") is not { } name || Number(root, "startTime") is not { } start)
        {
            return InfoAnswer.Unreadable;
        }

        var end = Math.Min(Number(root, "endTime") ?? long.MaxValue, _session.NowMs());
        var entries = new List<(long Time, decimal Rate, decimal Premium)>();
        if (_session.TryGetCoin(name, out var coin) && HyperliquidSession.CurrentContext(coin) is { } now)
        {
            for (var hour = CeilingTo(start, 3_600_000); hour <= end && entries.Count < MaxFundingEntries; hour += 3_600_000)
            {
                var (rate, premium) = HyperliquidSession.HistoricalFunding(now, hour);
                entries.Add((hour, rate, premium));
            }
        }

        return Ok(DefaultWeight + (entries.Count / 20), writer =>
        {
            writer.WriteStartArray();
            foreach (var (time, rate, premium) in entries)
            {
                writer.WriteStartObject();
                writer.WriteString("coin", name);
                JsonDecimals.WriteDecimal(writer, "fundingRate", rate, null);
                JsonDecimals.WriteDecimal(writer, "premium", premium, null);
                writer.WriteNumber("time", time);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    /// <summary>
    /// <c>{"type":"candleSnapshot","req":{coin,interval,startTime,endTime}}</c>: <c>[{t,T,s,i,o,c,h,l,v,n}]</c> for every
    /// interval that has begun in the range (the latest 5000 at most). Synthetic and flat: every price the current mid,
    /// no volume; the simulator keeps no price history.
    /// </summary>
    private InfoAnswer CandleSnapshot(JsonElement root)
    {
        if (!root.TryGetProperty("req", out var request) || request.ValueKind != JsonValueKind.Object
            || Text(request, "coin") is not { } name || Text(request, "interval") is not { } interval
            || !CandleIntervals.TryGetValue(interval, out var length)
            || Number(request, "startTime") is not { } start || Number(request, "endTime") is not { } requestedEnd)
        {
            return InfoAnswer.Unreadable;
        }

        var end = Math.Min(requestedEnd, _session.NowMs());
        var opens = new List<long>();
        decimal mid = 0;
        if (_session.TryGetCoin(name, out var coin) && HyperliquidSession.CurrentContext(coin) is { } context)
        {
            mid = context.MidPrice;
            var first = Math.Max(start / length * length, (end / length * length) - ((MaxCandles - 1) * length));
            for (var open = first; open <= end; open += length)
            {
                opens.Add(open);
            }
        }

        return Ok(DefaultWeight + (opens.Count / 60), writer =>
        {
            writer.WriteStartArray();
            foreach (var open in opens)
            {
                writer.WriteStartObject();
                writer.WriteNumber("t", open);
                writer.WriteNumber("T", open + length - 1);
                writer.WriteString("s", name);
                writer.WriteString("i", interval);
                JsonDecimals.WriteDecimal(writer, "o", mid, null);
                JsonDecimals.WriteDecimal(writer, "c", mid, null);
                JsonDecimals.WriteDecimal(writer, "h", mid, null);
                JsonDecimals.WriteDecimal(writer, "l", mid, null);
                writer.WriteString("v", "0.0");
                writer.WriteNumber("n", 0);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    private static long CeilingTo(long value, long step) => (value + step - 1) / step * step;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;

    private static InfoAnswer Ok(int weight, Action<Utf8JsonWriter> write) => new(StatusCodes.Status200OK, weight, HyperliquidFrames.Write(write));
}

/// <summary>A computed REST answer: its status, its weight and its body.</summary>
internal sealed record InfoAnswer(int Status, int Weight, byte[] Body)
{
    /// <summary>What Hyperliquid's server answers to a body it cannot read into a request (weight as any info request).</summary>
    public static readonly InfoAnswer Unreadable = new(StatusCodes.Status422UnprocessableEntity, 20, "Failed to deserialize the JSON body into the target type"u8.ToArray());
}

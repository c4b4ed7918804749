using System.Globalization;
using System.Text.Json;
using MarketPrism.Simulator.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MarketPrism.Simulator.Binance;

/// <summary>
/// Binance's public REST endpoints for one market. Spot: <c>/api/v3/depth</c>, <c>/api/v3/ping</c>,
/// <c>/api/v3/time</c>. USD-M: <c>/fapi/v1/depth</c>, <c>/fapi/v1/premiumIndex</c>, <c>/fapi/v1/openInterest</c>,
/// <c>/fapi/v1/ping</c>, <c>/fapi/v1/time</c>. Every answer carries <c>X-MBX-USED-WEIGHT-1M</c>; the depth
/// snapshot is the session's true book at the moment of the request.
/// </summary>
internal sealed class BinanceRestApi
{
    private const string JsonContentType = "application/json;charset=UTF-8";
    private const string SymbolPattern = "^[A-Z0-9-_.]{1,20}$";
    private const string InterestRate = "0.00010000";

    /// <summary>The USD-M long/short ratio endpoints (weight 0 in Binance's docs) and an offset for each one's synthetic values.</summary>
    private static readonly (string Endpoint, int Offset)[] LongShortRatioEndpoints =
    [
        ("topLongShortPositionRatio", 0),
        ("topLongShortAccountRatio", 9),
        ("globalLongShortAccountRatio", 17),
    ];

    private static readonly string[] RatioPeriods = ["5m", "15m", "30m", "1h", "2h", "4h", "6h", "12h", "1d"];

    private readonly BinanceMarket _market;
    private readonly BinanceSession _session;
    private readonly RestGate _gate;
    private readonly VenueServices _services;

    public BinanceRestApi(BinanceMarket market, BinanceSession session, RestGate gate, VenueServices services)
    {
        _market = market;
        _session = session;
        _gate = gate;
        _services = services;
    }

    public void Map(RouteGroupBuilder group)
    {
        var root = _market.RestRoot;
        group.MapGet(root + "/depth", DepthAsync);
        group.MapGet(root + "/ping", context => ServeAsync(context, 1, static async c =>
        {
            c.Response.ContentType = JsonContentType;
            await c.Response.WriteAsync("{}");
            return StatusCodes.Status200OK;
        }));
        group.MapGet(root + "/time", context => ServeAsync(context, 1, async c =>
        {
            var now = _services.Time.GetUtcNow().ToUnixTimeMilliseconds();
            return await WriteJsonAsync(c, writer => writer.WriteNumber("serverTime", now));
        }));
        if (_market.IsFutures)
        {
            group.MapGet(root + "/premiumIndex", PremiumIndexAsync);
            group.MapGet(root + "/openInterest", context => ServeAsync(context, 1, OpenInterestAsync));
            foreach (var (endpoint, offset) in LongShortRatioEndpoints)
            {
                Func<HttpContext, Task<int>> respond = c => LongShortRatioAsync(c, offset);
                group.MapGet("/futures/data/" + endpoint, context => ServeAsync(context, 0, respond));
            }
        }
    }

    /// <summary>Writes Binance's error body <c>{"code":…,"msg":…}</c> with the status; returns the status.</summary>
    public static async Task<int> WriteErrorAsync(HttpContext context, int status, int code, string message)
    {
        context.Response.StatusCode = status;
        await WriteJsonAsync(context, writer =>
        {
            writer.WriteNumber("code", code);
            writer.WriteString("msg", message);
        });
        return status;
    }

    private Task DepthAsync(HttpContext context)
    {
        var limitText = context.Request.Query["limit"].ToString();
        var requested = _market.DefaultDepthLimit;
        var malformed = limitText.Length > 0 && !int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out requested);
        var levels = 0;
        var valid = !malformed && _market.TryGetDepthLevels(requested, out levels);
        var weight = _market.DepthWeight(valid ? levels : _market.DefaultDepthLimit);
        return ServeAsync(context, weight, async c =>
        {
            if (malformed)
            {
                return await WriteErrorAsync(c, 400, -1100, "Illegal characters found in parameter 'limit'; legal range is '^[0-9]{1,20}$'.");
            }

            if (!valid)
            {
                return await WriteErrorAsync(c, 400, -1130, "Data sent for parameter 'limit' is not valid.");
            }

            if (await CheckSymbolAsync(c, required: true) is not { } symbol)
            {
                return c.Response.StatusCode;
            }

            if (!_session.TryGetDepth(symbol, levels, out var view))
            {
                return await WriteErrorAsync(c, 400, -1121, "Invalid symbol.");
            }

            return await WriteJsonAsync(c, writer =>
            {
                writer.WriteNumber("lastUpdateId", view.LastUpdateId);
                if (_market.IsFutures)
                {
                    writer.WriteNumber("E", view.EventTime);
                    writer.WriteNumber("T", view.TransactionTime);
                }

                JsonDecimals.WriteLevels(writer, "bids", view.Bids);
                JsonDecimals.WriteLevels(writer, "asks", view.Asks);
            });
        });
    }

    private Task PremiumIndexAsync(HttpContext context)
    {
        var all = string.IsNullOrEmpty(context.Request.Query["symbol"].ToString());
        return ServeAsync(context, all ? 10 : 1, async c =>
        {
            if (all)
            {
                c.Response.ContentType = JsonContentType;
                using var writer = new Utf8JsonWriter(c.Response.BodyWriter, WireJson.Options);
                writer.WriteStartArray();
                foreach (var name in _session.SymbolNames)
                {
                    if (_session.TryGetMarkPrice(name, out var each))
                    {
                        writer.WriteStartObject();
                        WritePremiumIndex(writer, name, each);
                        writer.WriteEndObject();
                    }
                }

                writer.WriteEndArray();
                await writer.FlushAsync();
                return StatusCodes.Status200OK;
            }

            if (await CheckSymbolAsync(c, required: true) is not { } symbol)
            {
                return c.Response.StatusCode;
            }

            return _session.TryGetMarkPrice(symbol, out var mark)
                ? await WriteJsonAsync(c, writer => WritePremiumIndex(writer, symbol, mark))
                : await WriteErrorAsync(c, 400, -1121, "Invalid symbol.");
        });
    }

    private async Task<int> OpenInterestAsync(HttpContext context)
    {
        if (await CheckSymbolAsync(context, required: true) is not { } symbol)
        {
            return context.Response.StatusCode;
        }

        if (!_session.TryGetSymbol(symbol, out var state) || state.Truth is null)
        {
            return await WriteErrorAsync(context, 400, -1121, "Invalid symbol.");
        }

        var now = _services.Time.GetUtcNow().ToUnixTimeMilliseconds();
        return await WriteJsonAsync(context, writer =>
        {
            JsonDecimals.WriteDecimal(writer, "openInterest", state.OpenInterest, null);
            writer.WriteString("symbol", symbol);
            writer.WriteNumber("time", now);
        });
    }

    /// <summary>
    /// <c>/futures/data/*LongShort*Ratio?symbol=&amp;period=&amp;limit=</c>: the last <c>limit</c> complete periods, oldest
    /// first, in the docs' shape <c>{"symbol","longShortRatio","longAccount","shortAccount","timestamp"}</c> (all
    /// strings). Synthetic: the long share cycles between 0.50 and 0.79 with the period's index.
    /// </summary>
    private async Task<int> LongShortRatioAsync(HttpContext context, int offset)
    {
        if (await CheckSymbolAsync(context, required: true) is not { } symbol)
        {
            return context.Response.StatusCode;
        }

        if (!_session.TryGetSymbol(symbol, out _))
        {
            return await WriteErrorAsync(context, 400, -1121, "Invalid symbol.");
        }

        var period = context.Request.Query["period"].ToString();
        var periodIndex = Array.IndexOf(RatioPeriods, period);
        if (periodIndex < 0)
        {
            return await WriteErrorAsync(context, 400, -1102, "Mandatory parameter 'period' was not sent, was empty/null, or malformed.");
        }

        var limitText = context.Request.Query["limit"].ToString();
        var limit = 30;
        if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 500))
        {
            return await WriteErrorAsync(context, 400, -1130, "Data sent for parameter 'limit' is not valid.");
        }

        long[] lengths = [300_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 21_600_000, 43_200_000, 86_400_000];
        var length = lengths[periodIndex];
        var latest = (_services.Time.GetUtcNow().ToUnixTimeMilliseconds() / length) - 1;
        context.Response.ContentType = JsonContentType;
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, WireJson.Options))
        {
            writer.WriteStartArray();
            for (var index = latest - limit + 1; index <= latest; index++)
            {
                var longShare = 0.5m + ((((index * 7) + offset) % 30) / 100m);
                var shortShare = 1 - longShare;
                writer.WriteStartObject();
                writer.WriteString("symbol", symbol);
                writer.WriteString("longShortRatio", decimal.Round(longShare / shortShare, 4, MidpointRounding.AwayFromZero).ToString("0.0000", CultureInfo.InvariantCulture));
                writer.WriteString("longAccount", longShare.ToString("0.0000", CultureInfo.InvariantCulture));
                writer.WriteString("shortAccount", shortShare.ToString("0.0000", CultureInfo.InvariantCulture));
                writer.WriteString("timestamp", (index * length).ToString(CultureInfo.InvariantCulture));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        await context.Response.BodyWriter.FlushAsync();
        return StatusCodes.Status200OK;
    }

    private static void WritePremiumIndex(Utf8JsonWriter writer, string symbol, MarkPriceState mark)
    {
        writer.WriteString("symbol", symbol);
        JsonDecimals.WriteDecimal(writer, "markPrice", mark.MarkPrice, "F8");
        JsonDecimals.WriteDecimal(writer, "indexPrice", mark.IndexPrice, "F8");
        JsonDecimals.WriteDecimal(writer, "estimatedSettlePrice", mark.EstimatedSettlePrice, "F8");
        JsonDecimals.WriteDecimal(writer, "lastFundingRate", mark.FundingRate, "F8");
        writer.WriteString("interestRate", InterestRate);
        writer.WriteNumber("nextFundingTime", mark.NextFundingTime);
        writer.WriteNumber("time", mark.Time);
    }

    /// <summary>Returns the request's symbol, or writes Binance's error and returns null.</summary>
    private static async Task<string?> CheckSymbolAsync(HttpContext context, bool required)
    {
        var symbol = context.Request.Query["symbol"].ToString();
        if (symbol.Length == 0)
        {
            if (required)
            {
                await WriteErrorAsync(context, 400, -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
            }

            return null;
        }

        if (symbol.Length > 20 || !symbol.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.'))
        {
            await WriteErrorAsync(context, 400, -1100, $"Illegal characters found in parameter 'symbol'; legal range is '{SymbolPattern}'.");
            return null;
        }

        return symbol;
    }

    /// <summary>Admits the request through the venue's gate (faults, bans, weight), answers it, and logs it.</summary>
    private async Task ServeAsync(HttpContext context, int weight, Func<HttpContext, Task<int>> respond)
    {
        var arrived = _services.Time.GetUtcNow();
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "";
        var admission = _gate.Admit(client, weight);
        var used = admission.UsedWeight.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-MBX-USED-WEIGHT-1M"] = used;
        if (!_market.IsFutures)
        {
            context.Response.Headers["X-MBX-USED-WEIGHT"] = used;
        }

        int status;
        switch (admission.Verdict)
        {
            case RestVerdict.Allowed:
                status = await respond(context);
                break;
            case RestVerdict.Banned:
                context.Response.Headers.RetryAfter = admission.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                status = await WriteErrorAsync(
                    context,
                    418,
                    -1003,
                    $"Way too much request weight used; IP banned until {admission.BanUntil.ToUnixTimeMilliseconds()}. Please use WebSocket Streams for live updates to avoid bans.");
                break;
            default:
                context.Response.Headers.RetryAfter = admission.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                status = await WriteErrorAsync(
                    context,
                    429,
                    -1003,
                    $"Too much request weight used; current limit is {_gate.WeightLimitPerMinute} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.");
                break;
        }

        _services.Requests.Add(new RestRequestRecord(
            arrived,
            _market.VenueName,
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            status,
            admission.Verdict == RestVerdict.Allowed ? weight : 0,
            admission.UsedWeight,
            admission.InsideBanWindow,
            admission.InsideRetryAfterWindow));
    }

    private static async Task<int> WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> writeFields)
    {
        context.Response.ContentType = JsonContentType;
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, WireJson.Options))
        {
            writer.WriteStartObject();
            writeFields(writer);
            writer.WriteEndObject();
        }

        await context.Response.BodyWriter.FlushAsync();
        return context.Response.StatusCode;
    }
}

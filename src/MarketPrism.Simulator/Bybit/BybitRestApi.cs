using System.Globalization;
using System.Text.Json;
using MarketPrism.Simulator.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MarketPrism.Simulator.Bybit;

/// <summary>
/// Bybit v5's public REST endpoints for one category: <c>GET /v5/market/orderbook?category=&amp;symbol=&amp;limit=</c>
/// (the true book now) and <c>GET /v5/market/time</c>. Every answer is
/// <c>{"retCode","retMsg","result","retExtInfo":{},"time"}</c>. Bybit counts requests per IP (600 per 5 s); past
/// it, and during an injected 418 ("ban"), the answer is HTTP 403 <c>access too frequent</c>; an injected 429 answers
/// HTTP 429 with Bybit's API-limit body <c>retCode 10006 "Too many visits!"</c> and a <c>Retry-After</c>.
/// </summary>
internal sealed class BybitRestApi
{
    /// <summary>Bybit's IP limit, 600 requests per 5 s, as the gate's per-minute budget.</summary>
    public const int RequestsPerMinute = 600 * 12;

    private const string JsonContentType = "application/json; charset=utf-8";

    private readonly BybitMarket _market;
    private readonly BybitSession _session;
    private readonly RestGate _gate;
    private readonly VenueServices _services;

    public BybitRestApi(BybitMarket market, BybitSession session, RestGate gate, VenueServices services)
    {
        _market = market;
        _session = session;
        _gate = gate;
        _services = services;
    }

    public void Map(RouteGroupBuilder group)
    {
        group.MapGet("/v5/market/orderbook", context => ServeAsync(context, OrderBookAsync));
        group.MapGet("/v5/market/time", context => ServeAsync(context, TimeAsync));
    }

    private Task<int> TimeAsync(HttpContext context)
    {
        var now = _services.Time.GetUtcNow();
        var nanoseconds = (now.ToUnixTimeMilliseconds() * 1_000_000) + (now.Ticks % TimeSpan.TicksPerMillisecond * 100);
        return WriteResultAsync(context, writer =>
        {
            writer.WriteStartObject("result");
            writer.WriteString("timeSecond", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            writer.WriteString("timeNano", nanoseconds.ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        });
    }

    private Task<int> OrderBookAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var category = query["category"].ToString();
        if (category != _market.Category)
        {
            return WriteErrorAsync(context, 10001, category.Length == 0 ? "params error: category is required" : $"params error: category {category} is not served here");
        }

        var symbol = query["symbol"].ToString();
        if (symbol.Length == 0)
        {
            return WriteErrorAsync(context, 10001, "params error: symbol is required");
        }

        var limit = _market.DefaultRestDepth;
        var limitText = query["limit"].ToString();
        if (limitText.Length > 0
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > _market.MaxRestDepth))
        {
            return WriteErrorAsync(context, 10001, $"params error: limit must be 1..{_market.MaxRestDepth}");
        }

        if (!_session.TryGetBook(symbol, limit, out var book))
        {
            return WriteErrorAsync(context, 10001, "params error: symbol invalid");
        }

        return WriteResultAsync(context, writer =>
        {
            writer.WriteStartObject("result");
            writer.WriteString("s", symbol);
            JsonDecimals.WriteLevels(writer, "a", book.Asks);
            JsonDecimals.WriteLevels(writer, "b", book.Bids);
            writer.WriteNumber("ts", book.Time);
            writer.WriteNumber("u", book.UpdateId);
            writer.WriteNumber("seq", book.Sequence);
            writer.WriteNumber("cts", book.MatchTime);
            writer.WriteEndObject();
        });
    }

    /// <summary>Admits the request through the venue's gate (faults, bans, the IP limit), answers it, and logs it.</summary>
    private async Task ServeAsync(HttpContext context, Func<HttpContext, Task<int>> respond)
    {
        var arrived = _services.Time.GetUtcNow();
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "";
        var admission = _gate.Admit(client, 1);
        int status;
        switch (admission.Verdict)
        {
            case RestVerdict.Allowed:
                status = await respond(context);
                break;
            case RestVerdict.InjectedTooManyRequests:
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = admission.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                status = await WriteErrorAsync(context, 10006, "Too many visits!");
                break;
            default:
                // "If you encounter the error "403, access too frequent", ... your IP has exceeded the allowed request frequency."
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("access too frequent");
                status = StatusCodes.Status403Forbidden;
                break;
        }

        _services.Requests.Add(new RestRequestRecord(
            arrived,
            _market.VenueName,
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            status,
            admission.Verdict == RestVerdict.Allowed ? 1 : 0,
            admission.UsedWeight,
            admission.InsideBanWindow,
            admission.InsideRetryAfterWindow));
    }

    private Task<int> WriteErrorAsync(HttpContext context, int code, string message) =>
        WriteAsync(context, code, message, writer => writer.WriteStartObject("result"), end: true);

    private Task<int> WriteResultAsync(HttpContext context, Action<Utf8JsonWriter> writeResult) =>
        WriteAsync(context, 0, "OK", writeResult, end: false);

    private async Task<int> WriteAsync(HttpContext context, int code, string message, Action<Utf8JsonWriter> writeResult, bool end)
    {
        context.Response.ContentType = JsonContentType;
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, WireJson.Options))
        {
            writer.WriteStartObject();
            writer.WriteNumber("retCode", code);
            writer.WriteString("retMsg", message);
            writeResult(writer);
            if (end)
            {
                writer.WriteEndObject();
            }

            writer.WriteStartObject("retExtInfo");
            writer.WriteEndObject();
            writer.WriteNumber("time", _services.Time.GetUtcNow().ToUnixTimeMilliseconds());
            writer.WriteEndObject();
        }

        await context.Response.BodyWriter.FlushAsync();
        return context.Response.StatusCode;
    }
}

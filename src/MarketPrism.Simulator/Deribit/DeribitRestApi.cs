using System.Globalization;
using System.Text.Json;
using MarketPrism.Simulator.Engine;
using Microsoft.AspNetCore.Http;

namespace MarketPrism.Simulator.Deribit;

/// <summary>
/// Deribit's public REST methods the simulator answers, JSON-RPC over HTTP GET under <c>/api/v2/public/</c>:
/// <c>get_order_book</c> (the true book now, at its change id), <c>get_time</c> and <c>test</c>. Each request weighs 1
/// against the venue's per-minute budget; refusals answer Deribit's <c>too_many_requests</c> (10028) with HTTP 429, or
/// 418 while the ban fault runs, with <c>Retry-After</c>.
/// </summary>
internal sealed class DeribitRestApi(DeribitSession session, RestGate gate, VenueServices services)
{
    private const string JsonContentType = "application/json";
    private const int DefaultDepth = 20;

    public async Task HandleAsync(HttpContext context)
    {
        var arrived = services.Time.GetUtcNow();
        var usIn = arrived.ToUnixTimeMilliseconds() * 1000;
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "";
        var admission = gate.Admit(client, weight: 1);
        int status;
        if (admission.Verdict == RestVerdict.Allowed)
        {
            status = await AnswerAsync(context, context.Request.RouteValues["method"] as string ?? "", usIn);
        }
        else
        {
            context.Response.Headers.RetryAfter = admission.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            var banned = admission.Verdict == RestVerdict.Banned;
            status = await WriteAsync(
                context,
                banned ? 418 : StatusCodes.Status429TooManyRequests,
                DeribitFrames.Error(
                    [],
                    usIn,
                    Microseconds(),
                    10028,
                    "too_many_requests",
                    banned ? $"banned until {admission.BanUntil.ToUnixTimeMilliseconds()}" : $"more than {gate.WeightLimitPerMinute} requests in 1 minute"));
        }

        services.Requests.Add(new RestRequestRecord(
            arrived,
            DeribitVenue.VenueName,
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            status,
            admission.Verdict == RestVerdict.Allowed ? 1 : 0,
            admission.UsedWeight,
            admission.InsideBanWindow,
            admission.InsideRetryAfterWindow));
    }

    private Task<int> AnswerAsync(HttpContext context, string method, long usIn)
    {
        switch (method)
        {
            case "get_order_book":
                return OrderBookAsync(context, usIn);
            case "get_time":
                var now = services.Time.GetUtcNow().ToUnixTimeMilliseconds();
                return WriteAsync(context, StatusCodes.Status200OK, DeribitFrames.Result([], usIn, Microseconds(), writer => writer.WriteNumberValue(now)));
            case "test":
                return WriteAsync(context, StatusCodes.Status200OK, DeribitFrames.Result([], usIn, Microseconds(), static writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteString("version", DeribitFrames.Version);
                    writer.WriteEndObject();
                }));
            default:
                return WriteAsync(context, StatusCodes.Status400BadRequest, DeribitFrames.Error([], usIn, Microseconds(), -32601, "Method not found"));
        }
    }

    private Task<int> OrderBookAsync(HttpContext context, long usIn)
    {
        var name = context.Request.Query["instrument_name"].ToString();
        if (name.Length == 0)
        {
            return WriteAsync(context, StatusCodes.Status400BadRequest, DeribitFrames.Error([], usIn, Microseconds(), -32602, "Invalid params", "required", "instrument_name"));
        }

        var depthText = context.Request.Query["depth"].ToString();
        var depth = DefaultDepth;
        if (depthText.Length > 0 && (!int.TryParse(depthText, NumberStyles.None, CultureInfo.InvariantCulture, out depth) || depth < 1))
        {
            return WriteAsync(context, StatusCodes.Status400BadRequest, DeribitFrames.Error([], usIn, Microseconds(), -32602, "Invalid params", "must be a positive integer", "depth"));
        }

        if (!session.TryGetBook(name, depth, out var changeId, out var bids, out var asks, out var time))
        {
            return WriteAsync(context, StatusCodes.Status400BadRequest, DeribitFrames.Error([], usIn, Microseconds(), -32602, "Invalid params", "instrument not found", "instrument_name"));
        }

        return WriteAsync(context, StatusCodes.Status200OK, DeribitFrames.Result([], usIn, Microseconds(), writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("timestamp", time);
            writer.WriteString("state", "open");
            writer.WriteString("instrument_name", name);
            writer.WriteNumber("change_id", changeId);
            WriteLevels(writer, "bids", bids);
            WriteLevels(writer, "asks", asks);
            writer.WriteEndObject();
        }));
    }

    private static void WriteLevels(Utf8JsonWriter writer, string name, Core.Model.BookLevel[] levels)
    {
        writer.WriteStartArray(name);
        foreach (var level in levels)
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(level.Price);
            writer.WriteNumberValue(level.Size);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    private static async Task<int> WriteAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonContentType;
        await context.Response.Body.WriteAsync(body);
        return status;
    }

    private long Microseconds() => services.Time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
}

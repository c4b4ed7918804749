using System.Globalization;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Simulator.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MarketPrism.Simulator.Okx;

/// <summary>
/// OKX's public REST endpoints the collector polls, in the v5 envelope <c>{"code":"0","data":[…],"msg":""}</c>:
/// <c>/api/v5/public/funding-rate</c>, <c>/api/v5/public/open-interest</c>, the three rubik contract long/short
/// ratios, plus <c>/api/v5/market/books</c> (with the <c>seqId</c> the book reflects, as OKX's answer has it) and
/// <c>/api/v5/public/time</c>. Values are the session's synthetic
/// ones (see <see cref="OkxSession"/>); errors use OKX's codes with HTTP 200 (51001 unknown instrument, 50014 missing
/// parameter, 51000 bad parameter), and the rate limit answers 429 <c>{"msg":"Too Many Requests","code":"50011"}</c>.
/// </summary>
internal sealed class OkxRestApi(OkxSession session, RestGate gate, VenueServices services)
{
    private const string JsonContentType = "application/json";

    /// <summary>The rubik endpoints and the ratio kind each serves, with a fixed offset for its synthetic values.</summary>
    private static readonly (string Path, int Offset)[] RatioEndpoints =
    [
        ("long-short-account-ratio-contract", 0),
        ("long-short-account-ratio-contract-top-trader", 11),
        ("long-short-position-ratio-contract-top-trader", 23),
    ];

    public void Map(RouteGroupBuilder group)
    {
        group.MapGet("/api/v5/public/time", context => ServeAsync(context, TimeAsync));
        group.MapGet("/api/v5/public/funding-rate", context => ServeAsync(context, FundingRateAsync));
        group.MapGet("/api/v5/public/open-interest", context => ServeAsync(context, OpenInterestAsync));
        group.MapGet("/api/v5/market/books", context => ServeAsync(context, BooksAsync));
        foreach (var (path, offset) in RatioEndpoints)
        {
            Func<HttpContext, Task<int>> respond = c => LongShortRatioAsync(c, offset);
            group.MapGet("/api/v5/rubik/stat/contracts/" + path, context => ServeAsync(context, respond));
        }
    }

    private Task<int> TimeAsync(HttpContext context) => WriteDataAsync(context, writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("ts", OkxFrames.Text(session.Now));
        writer.WriteEndObject();
    });

    private Task<int> FundingRateAsync(HttpContext context)
    {
        if (Query(context, "instId") is not { } instId)
        {
            return ErrorAsync(context, "50014", "Parameter instId can not be empty.");
        }

        return session.TryGetInstrument(instId, out var instrument) && session.TryGetFunding(instrument, session.Now, out var funding)
            ? WriteDataAsync(context, writer => OkxFrames.WriteFunding(writer, funding))
            : ErrorAsync(context, "51001", "Instrument ID does not exist");
    }

    private Task<int> OpenInterestAsync(HttpContext context)
    {
        var instType = OkxInstTypes.Parse(Query(context, "instType"));
        if (instType is null or OkxInstType.Spot)
        {
            return ErrorAsync(context, "51000", "Parameter instType error");
        }

        var now = session.Now;
        var results = new List<OkxOpenInterest>();
        if (Query(context, "instId") is { } instId)
        {
            if (!session.TryGetInstrument(instId, out var instrument) || instrument.Type != instType || !session.TryGetOpenInterest(instrument, now, out var one))
            {
                return ErrorAsync(context, "51001", "Instrument ID does not exist");
            }

            results.Add(one);
        }
        else
        {
            foreach (var id in session.InstrumentIds)
            {
                if (session.TryGetInstrument(id, out var each) && each.Type == instType && session.TryGetOpenInterest(each, now, out var value))
                {
                    results.Add(value);
                }
            }
        }

        return WriteDataAsync(context, writer => results.ForEach(openInterest => OkxFrames.WriteOpenInterest(writer, openInterest)));
    }

    /// <summary>
    /// Synthetic ratios: one per period, newest first, the latest being the last complete period; the value cycles
    /// deterministically between 1.00 and 1.39 with the period's index.
    /// </summary>
    private Task<int> LongShortRatioAsync(HttpContext context, int offset)
    {
        if (Query(context, "instId") is not { } instId)
        {
            return ErrorAsync(context, "50014", "Parameter instId can not be empty.");
        }

        if (!session.TryGetInstrument(instId, out var instrument) || !instrument.IsDerivative)
        {
            return ErrorAsync(context, "51001", "Instrument ID does not exist");
        }

        var period = Query(context, "period") ?? "5m";
        if (PeriodMilliseconds(period) is not { } length)
        {
            return ErrorAsync(context, "51000", "Parameter period error");
        }

        var limitText = Query(context, "limit");
        var limit = 100;
        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100))
        {
            return ErrorAsync(context, "51000", "Parameter limit error");
        }

        var latest = (session.Now / length) - 1;
        return WriteDataAsync(context, writer =>
        {
            for (var index = latest; index > latest - limit; index--)
            {
                var ratio = 1m + (((index * 7) + offset + (instrument.Index * 3)) % 40 / 100m);
                writer.WriteStartArray();
                writer.WriteStringValue(OkxFrames.Text(index * length));
                writer.WriteStringValue(ratio.ToString("0.00", CultureInfo.InvariantCulture));
                writer.WriteEndArray();
            }
        });
    }

    private Task<int> BooksAsync(HttpContext context)
    {
        if (Query(context, "instId") is not { } instId)
        {
            return ErrorAsync(context, "50014", "Parameter instId can not be empty.");
        }

        var sizeText = Query(context, "sz");
        var size = 1;
        if (sizeText is not null && (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > OkxSession.SnapshotDepth))
        {
            return ErrorAsync(context, "51000", "Parameter sz error");
        }

        // The truth and the seqId of the last update generated, read together: the updates after this seqId are
        // exactly those the book has not seen, so a client can bridge this answer to the stream as OKX documents.
        if (!session.TryGetDepth(instId, size, out var seqId, out var bids, out var asks))
        {
            return ErrorAsync(context, "51001", "Instrument ID does not exist");
        }

        return WriteDataAsync(context, writer =>
        {
            writer.WriteStartObject();
            WriteLevels(writer, "asks", asks);
            WriteLevels(writer, "bids", bids);
            writer.WriteString("ts", OkxFrames.Text(session.Now));
            writer.WriteNumber("seqId", seqId);
            writer.WriteEndObject();
        });
    }

    private static void WriteLevels(Utf8JsonWriter writer, string name, BookLevel[] levels)
    {
        writer.WriteStartArray(name);
        foreach (var level in levels)
        {
            writer.WriteStartArray();
            JsonDecimals.WriteDecimalValue(writer, level.Price, null);
            JsonDecimals.WriteDecimalValue(writer, level.Size, null);
            writer.WriteStringValue("0");
            writer.WriteStringValue("1");
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    private static long? PeriodMilliseconds(string period) => period switch
    {
        "5m" => 5 * 60_000L,
        "15m" => 15 * 60_000L,
        "30m" => 30 * 60_000L,
        "1H" => 3_600_000L,
        "2H" => 2 * 3_600_000L,
        "4H" => 4 * 3_600_000L,
        _ => null,
    };

    private static string? Query(HttpContext context, string name)
    {
        var value = context.Request.Query[name].ToString();
        return value.Length == 0 ? null : value;
    }

    private static async Task<int> WriteDataAsync(HttpContext context, Action<Utf8JsonWriter> writeData)
    {
        context.Response.ContentType = JsonContentType;
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, WireJson.Options))
        {
            OkxFrames.WriteRestBody(writer, writeData);
        }

        await context.Response.BodyWriter.FlushAsync();
        return context.Response.StatusCode;
    }

    private static async Task<int> ErrorAsync(HttpContext context, string code, string message, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonContentType;
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, WireJson.Options))
        {
            writer.WriteStartObject();
            writer.WriteString("code", code);
            writer.WriteStartArray("data");
            writer.WriteEndArray();
            writer.WriteString("msg", message);
            writer.WriteEndObject();
        }

        await context.Response.BodyWriter.FlushAsync();
        return status;
    }

    /// <summary>Admits the request through the venue's gate (faults, bans, the per-minute budget), answers it, and logs it.</summary>
    private async Task ServeAsync(HttpContext context, Func<HttpContext, Task<int>> respond)
    {
        var arrived = services.Time.GetUtcNow();
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "";
        var admission = gate.Admit(client, 1);
        int status;
        switch (admission.Verdict)
        {
            case RestVerdict.Allowed:
                status = await respond(context);
                break;
            case RestVerdict.Banned:
                context.Response.Headers.RetryAfter = admission.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                status = await ErrorAsync(context, "50011", $"Too Many Requests; IP banned until {admission.BanUntil.ToUnixTimeMilliseconds()}", 418);
                break;
            default:
                context.Response.Headers.RetryAfter = admission.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                status = await ErrorAsync(context, "50011", "Too Many Requests", StatusCodes.Status429TooManyRequests);
                break;
        }

        services.Requests.Add(new RestRequestRecord(
            arrived,
            OkxVenue.VenueName,
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            status,
            admission.Verdict == RestVerdict.Allowed ? 1 : 0,
            admission.UsedWeight,
            admission.InsideBanWindow,
            admission.InsideRetryAfterWindow));
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MarketPrism.Simulator.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MarketPrism.Simulator.Control;

/// <summary>
/// The HTTP control API under <c>/sim/</c>, on the simulator's own port. Each endpoint calls the matching
/// <see cref="RunningSimulator"/> method; bad arguments answer 400 and unknown venues or symbols 404, both with
/// <c>{"error":"…"}</c>.
/// </summary>
internal static class ControlApi
{
    private const double MaxFaultSeconds = 365 * 24 * 3600;

    public static void Map(IEndpointRouteBuilder endpoints, Func<RunningSimulator> simulator)
    {
        var sim = endpoints.MapGroup("/sim");
        sim.MapGet("/status", context => Run(context, () => Json(context, simulator().GetStatus(), ControlJsonContext.Default.SimulatorStatus)));
        sim.MapGet("/requests", context => Run(context, () => Json(context, simulator().GetRequests(), ControlJsonContext.Default.RestRequestRecordArray)));
        sim.MapPost("/start", context => Run(context, () =>
        {
            var venue = Optional(context, "venue");
            simulator().Start(venue);
            return Reply(context, new ControlReply(venue, "started"));
        }));
        sim.MapPost("/halt", context => Run(context, () =>
        {
            var venue = Optional(context, "venue");
            simulator().Halt(venue);
            return Reply(context, new ControlReply(venue, "halted"));
        }));

        sim.MapGet("/truth/book", context => Run(context, () =>
        {
            var depth = OptionalInt(context, "depth") ?? int.MaxValue;
            var book = simulator().GetTrueBook(Required(context, "venue"), Required(context, "symbol"), depth);
            return WriteBook(context, book);
        }));
        sim.MapGet("/truth/trades", context => Run(context, () =>
        {
            var ids = simulator().GetGeneratedIds(Required(context, "venue"), Required(context, "symbol"), Optional(context, "stream") ?? "trade");
            return Json(context, ids, ControlJsonContext.Default.GeneratedIds);
        }));

        var faults = sim.MapGroup("/faults");
        faults.MapPost("/disconnect", context => Run(context, () =>
        {
            var venue = Required(context, "venue");
            var mode = Optional(context, "mode") switch
            {
                null or "close" => DisconnectMode.Close,
                "reset" => DisconnectMode.Reset,
                var other => throw new ArgumentException($"mode must be 'close' or 'reset'; got '{other}'."),
            };
            var ended = simulator().Disconnect(venue, mode, OptionalLong(context, "connection"));
            return Reply(context, new ControlReply(venue, mode == DisconnectMode.Close ? "closed" : "reset", ended));
        }));
        faults.MapPost("/gap", context => Run(context, () =>
        {
            var venue = Required(context, "venue");
            var symbol = Required(context, "symbol");
            simulator().InjectGap(venue, symbol);
            return Reply(context, new ControlReply(venue, $"the next depth diff of {symbol} will be withheld"));
        }));
        faults.MapPost("/checksum", context => Run(context, () =>
        {
            var venue = Required(context, "venue");
            var symbol = Required(context, "symbol");
            simulator().CorruptChecksum(venue, symbol);
            return Reply(context, new ControlReply(venue, $"the next book update of {symbol} will carry a wrong checksum"));
        }));
        faults.MapPost("/garble", context => Run(context, () =>
        {
            var venue = Required(context, "venue");
            var armed = simulator().GarbleNextFrame(venue);
            return Reply(context, new ControlReply(venue, "the next frame to each connection will be garbled", armed));
        }));
        faults.MapPost("/oversize", context => Run(context, () =>
        {
            var venue = Required(context, "venue");
            var bytes = OptionalInt(context, "bytes") ?? RunningSimulator.DefaultOversizeBytes;
            var armed = simulator().OversizeNextFrame(venue, bytes);
            return Reply(context, new ControlReply(venue, $"the next frame to each connection will be {bytes} bytes", armed));
        }));
        faults.MapPost("/stall", context => Run(context, () =>
        {
            var venue = Required(context, "venue");
            var stream = Required(context, "stream");
            var duration = OptionalSeconds(context, "seconds") ?? throw new ArgumentException("seconds is required.");
            var connection = OptionalLong(context, "connection");
            var until = simulator().StallStream(venue, stream, duration, connection);
            var scope = connection is { } id ? $"connection {id}" : "every subscriber";
            return Reply(context, new ControlReply(venue, $"{stream} stalled for {scope}", connection is { } one ? [one] : null, until));
        }));
        faults.MapPost("/slow-rest", context => Run(context, () =>
        {
            var venue = Required(context, "venue");
            var delay = OptionalSeconds(context, "delay") ?? throw new ArgumentException("delay (seconds) is required.");
            var count = OptionalInt(context, "count");
            var duration = OptionalSeconds(context, "seconds");
            simulator().SlowRest(venue, delay, count, duration);
            var scope = count is { } n ? $"the next {n} request(s)" : $"{duration?.TotalSeconds} s";
            return Reply(context, new ControlReply(venue, $"REST responses held {delay.TotalSeconds} s for {scope}"));
        }));
        faults.MapPost("/rest", context => Run(context, () =>
        {
            var venue = Required(context, "venue");
            var status = OptionalInt(context, "status") ?? throw new ArgumentException("status (429 or 418) is required.");
            var count = OptionalInt(context, "count");
            var duration = OptionalSeconds(context, "seconds");
            var retryAfter = OptionalSeconds(context, "retry_after") ?? duration ?? TimeSpan.FromSeconds(1);
            simulator().FailRest(venue, status, count, duration, retryAfter);
            var scope = count is { } n ? $"the next {n} request(s)" : $"{duration?.TotalSeconds} s";
            return Reply(context, new ControlReply(venue, $"REST answers {status} for {scope}, Retry-After {retryAfter.TotalSeconds} s"));
        }));
        faults.MapPost("/refuse", context => Run(context, () =>
        {
            var venue = Required(context, "venue");
            var duration = OptionalSeconds(context, "seconds") ?? throw new ArgumentException("seconds is required.");
            var status = OptionalInt(context, "status") ?? 503;
            var until = simulator().RefuseConnections(venue, duration, status);
            return Reply(context, new ControlReply(venue, status == 0 ? "upgrades reset" : $"upgrades answered {status}", Until: until));
        }));
    }

    private static async Task Run(HttpContext context, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (ArgumentException ex)
        {
            // The C# parameter name means nothing to an HTTP caller.
            var message = ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal);
            await Error(context, StatusCodes.Status400BadRequest, message);
        }
        catch (KeyNotFoundException ex)
        {
            await Error(context, StatusCodes.Status404NotFound, ex.Message);
        }
    }

    private static Task Json<T>(HttpContext context, T value, JsonTypeInfo<T> type)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted);
    }

    private static Task Reply(HttpContext context, ControlReply reply) => Json(context, reply, ControlJsonContext.Default.ControlReply);

    private static Task Error(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return Json(context, new ControlError(message), ControlJsonContext.Default.ControlError);
    }

    /// <summary>The book with prices and sizes as strings, keeping the exchange's digits, like Binance's depth.</summary>
    private static async Task WriteBook(HttpContext context, TrueBook book)
    {
        context.Response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, WireJson.Options))
        {
            writer.WriteStartObject();
            writer.WriteString("venue", book.Venue);
            writer.WriteString("symbol", book.Symbol);
            writer.WriteNumber("lastUpdateId", book.LastUpdateId);
            JsonDecimals.WriteLevels(writer, "bids", book.Bids);
            JsonDecimals.WriteLevels(writer, "asks", book.Asks);
            writer.WriteEndObject();
        }

        await context.Response.BodyWriter.FlushAsync();
    }

    private static string Required(HttpContext context, string name) =>
        Optional(context, name) ?? throw new ArgumentException($"Query parameter '{name}' is required.");

    private static string? Optional(HttpContext context, string name)
    {
        var value = context.Request.Query[name].ToString();
        return value.Length == 0 ? null : value;
    }

    private static int? OptionalInt(HttpContext context, string name) =>
        Optional(context, name) is { } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new ArgumentException($"Query parameter '{name}' must be an integer; got '{text}'.")
            : null;

    private static long? OptionalLong(HttpContext context, string name) =>
        Optional(context, name) is { } text
            ? long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new ArgumentException($"Query parameter '{name}' must be an integer; got '{text}'.")
            : null;

    private static double? OptionalDouble(HttpContext context, string name) =>
        Optional(context, name) is { } text
            ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
                ? value
                : throw new ArgumentException($"Query parameter '{name}' must be a number; got '{text}'.")
            : null;

    /// <summary>A duration in seconds; beyond a year it is a typo, and far beyond it would overflow a TimeSpan.</summary>
    private static TimeSpan? OptionalSeconds(HttpContext context, string name) =>
        OptionalDouble(context, name) is { } seconds
            ? Math.Abs(seconds) <= MaxFaultSeconds
                ? TimeSpan.FromSeconds(seconds)
                : throw new ArgumentException($"Query parameter '{name}' must be at most {MaxFaultSeconds} seconds; got '{Optional(context, name)}'.")
            : null;
}

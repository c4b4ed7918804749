using System.Globalization;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Simulator.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MarketPrism.Simulator.Coinbase;

/// <summary>
/// Advanced Trade's public REST endpoints under <c>/coinbase/api/v3/brokerage</c> (no key), in the shapes of the real
/// 2026 responses in <c>../shared/exchange-samples/coinbase/</c>: <c>/market/product_book</c> (the true book now),
/// <c>/market/products/{id}/ticker</c> (market trades, newest first, with the best bid and ask),
/// <c>/market/products/{id}/candles</c> (from the trades generated), <c>/market/products[/{id}]</c> and <c>/time</c>.
/// Errors are <c>{"error","error_details","message"}</c> (<em>inferred</em> wording); over the request budget, 429.
/// </summary>
internal sealed class CoinbaseRestApi(CoinbaseSession session, RestGate gate, VenueServices services)
{
    private const string JsonContentType = "application/json";

    /// <summary>Coinbase returns at most 350 candles per request.</summary>
    private const int MaxCandles = 350;

    public void Map(RouteGroupBuilder group)
    {
        var brokerage = group.MapGroup("/api/v3/brokerage");
        brokerage.MapGet("/time", context => ServeAsync(context, TimeAsync));
        brokerage.MapGet("/market/product_book", context => ServeAsync(context, ProductBookAsync));
        brokerage.MapGet("/market/products", context => ServeAsync(context, ProductsAsync));
        brokerage.MapGet("/market/products/{productId}", context => ServeAsync(context, ProductAsync));
        brokerage.MapGet("/market/products/{productId}/ticker", context => ServeAsync(context, MarketTradesAsync));
        brokerage.MapGet("/market/products/{productId}/candles", context => ServeAsync(context, CandlesAsync));
    }

    private Task<int> TimeAsync(HttpContext context)
    {
        var now = session.Now;
        return WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("iso", CoinbaseFrames.Iso(now));
            writer.WriteString("epochSeconds", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            writer.WriteString("epochMillis", now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        });
    }

    /// <summary>The true book now, top <c>limit</c> levels a side (default: all), with last, mid and spread.</summary>
    private Task<int> ProductBookAsync(HttpContext context)
    {
        if (Query(context, "product_id") is not { } productId)
        {
            return ErrorAsync(context, 400, "INVALID_ARGUMENT", "product_id is required");
        }

        var limit = int.MaxValue;
        if (Query(context, "limit") is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit <= 0))
        {
            return ErrorAsync(context, 400, "INVALID_ARGUMENT", $"invalid limit {limitText}");
        }

        if (!session.TryGetDepth(productId, limit, out _, out var bids, out var asks))
        {
            return ErrorAsync(context, 404, "NOT_FOUND", "ProductID is invalid");
        }

        session.TryGetTrades(productId, out var trades, out _, out _);
        return WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("pricebook");
            writer.WriteString("product_id", productId);
            WriteLevels(writer, "bids", bids);
            WriteLevels(writer, "asks", asks);
            writer.WriteString("time", CoinbaseFrames.Iso(session.Now));
            writer.WriteEndObject();
            if (bids.Length > 0 && asks.Length > 0)
            {
                var mid = (bids[0].Price + asks[0].Price) / 2;
                var spread = asks[0].Price - bids[0].Price;
                JsonDecimals.WriteDecimal(writer, "last", trades.Length > 0 ? trades[^1].Price : mid, null);
                JsonDecimals.WriteDecimal(writer, "mid_market", mid, null);
                JsonDecimals.WriteDecimal(writer, "spread_bps", decimal.Round(spread / mid * 10_000, 12, MidpointRounding.AwayFromZero), null);
                JsonDecimals.WriteDecimal(writer, "spread_absolute", spread, null);
            }

            writer.WriteEndObject();
        });
    }

    /// <summary>Market trades, newest first (at most <c>limit</c>, default 100), and the best bid and ask.</summary>
    private Task<int> MarketTradesAsync(HttpContext context)
    {
        var productId = (string)context.Request.RouteValues["productId"]!;
        var limit = 100;
        if (Query(context, "limit") is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit <= 0))
        {
            return ErrorAsync(context, 400, "INVALID_ARGUMENT", $"invalid limit {limitText}");
        }

        if (!session.TryGetTrades(productId, out var trades, out var bid, out var ask))
        {
            return ErrorAsync(context, 404, "NOT_FOUND", "ProductID is invalid");
        }

        return WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("trades");
            for (var i = trades.Length - 1; i >= 0 && trades.Length - i <= limit; i--)
            {
                var trade = trades[i];
                writer.WriteStartObject();
                writer.WriteString("trade_id", trade.TradeId.ToString(CultureInfo.InvariantCulture));
                writer.WriteString("product_id", productId);
                JsonDecimals.WriteDecimal(writer, "price", trade.Price, null);
                JsonDecimals.WriteDecimal(writer, "size", trade.Size, null);
                writer.WriteString("time", CoinbaseFrames.Iso(trade.Time));
                writer.WriteString("side", trade.MakerSide == "buy" ? "BUY" : "SELL");
                writer.WriteString("bid", "");
                writer.WriteString("ask", "");
                writer.WriteString("exchange", "coinbase");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("best_bid", bid is { } b ? Text(b.Price) : "");
            writer.WriteString("best_ask", ask is { } a ? Text(a.Price) : "");
            writer.WriteEndObject();
        });
    }

    /// <summary>Candles of the trades generated between <c>start</c> and <c>end</c> (UNIX seconds), newest first.</summary>
    private Task<int> CandlesAsync(HttpContext context)
    {
        var productId = (string)context.Request.RouteValues["productId"]!;
        if (Granularity(Query(context, "granularity")) is not { } seconds)
        {
            return ErrorAsync(context, 400, "INVALID_ARGUMENT", "granularity must be one of ONE_MINUTE, FIVE_MINUTE, FIFTEEN_MINUTE, THIRTY_MINUTE, ONE_HOUR, TWO_HOUR, SIX_HOUR, ONE_DAY");
        }

        if (!long.TryParse(Query(context, "start"), NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            || !long.TryParse(Query(context, "end"), NumberStyles.None, CultureInfo.InvariantCulture, out var end) || end < start)
        {
            return ErrorAsync(context, 400, "INVALID_ARGUMENT", "start and end must be UNIX seconds, start before end");
        }

        if ((end - start) / seconds > MaxCandles)
        {
            return ErrorAsync(context, 400, "INVALID_ARGUMENT", $"number of candles requested should be less than {MaxCandles}");
        }

        if (!session.TryGetTrades(productId, out var trades, out _, out _))
        {
            return ErrorAsync(context, 404, "NOT_FOUND", "ProductID is invalid");
        }

        var candles = new SortedDictionary<long, (decimal Open, decimal High, decimal Low, decimal Close, decimal Volume)>();
        foreach (var trade in trades)
        {
            var at = trade.Time.ToUnixTimeSeconds();
            if (at < start || at > end)
            {
                continue;
            }

            var bucket = at - (at % seconds);
            candles[bucket] = candles.TryGetValue(bucket, out var c)
                ? (c.Open, Math.Max(c.High, trade.Price), Math.Min(c.Low, trade.Price), trade.Price, c.Volume + trade.Size)
                : (trade.Price, trade.Price, trade.Price, trade.Price, trade.Size);
        }

        return WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("candles");
            foreach (var (bucket, c) in candles.Reverse())
            {
                writer.WriteStartObject();
                writer.WriteString("start", bucket.ToString(CultureInfo.InvariantCulture));
                JsonDecimals.WriteDecimal(writer, "low", c.Low, null);
                JsonDecimals.WriteDecimal(writer, "high", c.High, null);
                JsonDecimals.WriteDecimal(writer, "open", c.Open, null);
                JsonDecimals.WriteDecimal(writer, "close", c.Close, null);
                JsonDecimals.WriteDecimal(writer, "volume", c.Volume, null);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    /// <summary>Every product of the session as an Advanced Trade <c>SPOT</c> product; <c>product_type=FUTURE</c> lists none.</summary>
    private Task<int> ProductsAsync(HttpContext context)
    {
        var type = Query(context, "product_type");
        if (type is not null and not "SPOT" and not "FUTURE" and not "UNKNOWN_PRODUCT_TYPE")
        {
            return ErrorAsync(context, 400, "INVALID_ARGUMENT", $"invalid product_type {type}");
        }

        var ids = type == "FUTURE" ? [] : session.ProductIds;
        return WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("products");
            foreach (var id in ids)
            {
                WriteProduct(writer, id);
            }

            writer.WriteEndArray();
            writer.WriteNumber("num_products", ids.Count);
            writer.WriteEndObject();
        });
    }

    private Task<int> ProductAsync(HttpContext context)
    {
        var productId = (string)context.Request.RouteValues["productId"]!;
        return session.TryGetProduct(productId, out _)
            ? WriteAsync(context, writer => WriteProduct(writer, productId))
            : ErrorAsync(context, 404, "NOT_FOUND", "ProductID is invalid");
    }

    /// <summary>
    /// A product in Advanced Trade's field set (the recorded 2026 product list): price from the last trade or the mid of
    /// the truth, increments from the scale of the recorded levels. Synthetic values, documented as such.
    /// </summary>
    private void WriteProduct(Utf8JsonWriter writer, string productId)
    {
        var dash = productId.IndexOf('-', StringComparison.Ordinal);
        var (baseCurrency, quoteCurrency) = dash > 0 ? (productId[..dash], productId[(dash + 1)..]) : (productId, "");
        session.TryGetDepth(productId, 1, out _, out var bids, out var asks);
        session.TryGetTrades(productId, out var trades, out _, out _);
        var price = trades.Length > 0 ? trades[^1].Price : bids.Length > 0 && asks.Length > 0 ? (bids[0].Price + asks[0].Price) / 2 : 0m;
        var priceScale = bids.Length > 0 ? bids[0].Price.Scale : 2;
        var sizeScale = bids.Length > 0 ? bids[0].Size.Scale : 8;
        writer.WriteStartObject();
        writer.WriteString("product_id", productId);
        writer.WriteString("price", Text(price));
        writer.WriteString("price_percentage_change_24h", "0");
        writer.WriteString("volume_24h", "0");
        writer.WriteString("volume_percentage_change_24h", "0");
        writer.WriteString("base_increment", Increment(sizeScale));
        writer.WriteString("quote_increment", Increment(priceScale));
        writer.WriteString("quote_min_size", "1");
        writer.WriteString("quote_max_size", "10000000");
        writer.WriteString("base_min_size", Increment(sizeScale));
        writer.WriteString("base_max_size", "1000000000");
        writer.WriteString("base_name", baseCurrency);
        writer.WriteString("quote_name", quoteCurrency);
        writer.WriteBoolean("watched", false);
        writer.WriteBoolean("is_disabled", false);
        writer.WriteBoolean("new", false);
        writer.WriteString("status", "online");
        writer.WriteBoolean("cancel_only", false);
        writer.WriteBoolean("limit_only", false);
        writer.WriteBoolean("post_only", false);
        writer.WriteBoolean("trading_disabled", false);
        writer.WriteBoolean("auction_mode", false);
        writer.WriteString("product_type", "SPOT");
        writer.WriteString("quote_currency_id", quoteCurrency);
        writer.WriteString("base_currency_id", baseCurrency);
        writer.WriteString("mid_market_price", "");
        writer.WriteString("alias", "");
        writer.WriteStartArray("alias_to");
        writer.WriteEndArray();
        writer.WriteString("base_display_symbol", baseCurrency);
        writer.WriteString("quote_display_symbol", quoteCurrency);
        writer.WriteBoolean("view_only", false);
        writer.WriteString("price_increment", Increment(priceScale));
        writer.WriteString("display_name", productId.Replace('-', '/'));
        writer.WriteString("product_venue", "CBE");
        writer.WriteString("approximate_quote_24h_volume", "0");
        writer.WriteEndObject();
    }

    private static string Increment(int scale) => scale == 0 ? "1" : "0." + new string('0', scale - 1) + "1";

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static int? Granularity(string? name) => name switch
    {
        "ONE_MINUTE" => 60,
        "FIVE_MINUTE" => 300,
        "FIFTEEN_MINUTE" => 900,
        "THIRTY_MINUTE" => 1800,
        "ONE_HOUR" => 3600,
        "TWO_HOUR" => 7200,
        "SIX_HOUR" => 21_600,
        "ONE_DAY" => 86_400,
        _ => null,
    };

    private static void WriteLevels(Utf8JsonWriter writer, string name, BookLevel[] levels)
    {
        writer.WriteStartArray(name);
        foreach (var level in levels)
        {
            writer.WriteStartObject();
            JsonDecimals.WriteDecimal(writer, "price", level.Price, null);
            JsonDecimals.WriteDecimal(writer, "size", level.Size, null);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static string? Query(HttpContext context, string name)
    {
        var value = context.Request.Query[name].ToString();
        return value.Length == 0 ? null : value;
    }

    private static async Task<int> WriteAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        context.Response.ContentType = JsonContentType;
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, WireJson.Options))
        {
            write(writer);
        }

        await context.Response.BodyWriter.FlushAsync();
        return context.Response.StatusCode;
    }

    private static async Task<int> ErrorAsync(HttpContext context, int status, string error, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonContentType;
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, WireJson.Options))
        {
            writer.WriteStartObject();
            writer.WriteString("error", error);
            writer.WriteString("error_details", message);
            writer.WriteString("message", message);
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
                status = await ErrorAsync(context, 418, "RATE_LIMIT_EXCEEDED", $"IP banned until {admission.BanUntil.ToUnixTimeMilliseconds()}");
                break;
            default:
                context.Response.Headers.RetryAfter = admission.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                status = await ErrorAsync(context, StatusCodes.Status429TooManyRequests, "RATE_LIMIT_EXCEEDED", "Too many requests");
                break;
        }

        services.Requests.Add(new RestRequestRecord(
            arrived,
            CoinbaseVenue.VenueName,
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            status,
            admission.Verdict == RestVerdict.Allowed ? 1 : 0,
            admission.UsedWeight,
            admission.InsideBanWindow,
            admission.InsideRetryAfterWindow));
    }
}

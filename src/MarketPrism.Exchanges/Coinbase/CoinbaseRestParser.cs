using System.Globalization;
using System.Text;
using System.Text.Json;
using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Coinbase;

/// <summary>
/// Advanced Trade's public REST bodies (FORMATS.md 6b, shapes verified on the samples in recordings/coinbase/):
/// <c>product_book</c>, market trades (<c>…/ticker</c>), <c>candles</c> and <c>products</c>. None is on a hot path (the
/// runtime polls nothing from Coinbase; <c>normalize</c> reads captured product books; the products list feeds the
/// instrument catalogue), so they are read with <see cref="JsonDocument"/>. Every method throws
/// <see cref="FormatException"/> naming the endpoint and field for a body it cannot read.
/// </summary>
public static class CoinbaseRestParser
{
    /// <summary>
    /// <c>{"pricebook":{"product_id","bids":[{"price","size"}],"asks":[…],"time"},"last",…}</c>. The book carries no
    /// update id (0) and its own time.
    /// </summary>
    public static DepthSnapshot ParseProductBook(ReadOnlySpan<byte> body, DateTime local)
    {
        const string endpoint = "product_book";
        using var document = Open(body, endpoint);
        var book = Property(document.RootElement, "pricebook", JsonValueKind.Object, endpoint);
        var bids = Levels(book, "bids", endpoint);
        var asks = Levels(book, "asks", endpoint);
        var time = Time(book, "time", endpoint);
        return new DepthSnapshot(0, bids, asks, time, local);
    }

    /// <summary>
    /// <c>{"trades":[{"trade_id","product_id","price","size","time","side"}],"best_bid","best_ask"}</c>, newest first,
    /// as trades oldest first: taker side the opposite of <c>side</c>, the maker's (see docs/schema.md). A trade of a
    /// product the table cannot read throws.
    /// </summary>
    public static IReadOnlyList<TradeRecord> ParseMarketTrades(ReadOnlySpan<byte> body, InstrumentTable instruments, DateTime local)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        const string endpoint = "market trades";
        using var document = Open(body, endpoint);
        var trades = new List<TradeRecord>();
        foreach (var trade in Property(document.RootElement, "trades", JsonValueKind.Array, endpoint).EnumerateArray())
        {
            var productId = Text(trade, "product_id", endpoint);
            if (!instruments.TryGet(Encoding.UTF8.GetBytes(productId), out var instrument))
            {
                throw new FormatException($"{endpoint}: '{productId}' is not a Coinbase {instruments.MarketType.ToWireName()} product");
            }

            var side = Text(trade, "side", endpoint) switch
            {
                "BUY" => Side.Sell,
                "SELL" => Side.Buy,
                var other => throw new FormatException($"{endpoint}: field 'side' is '{other}', not BUY or SELL"),
            };
            trades.Add(new TradeRecord
            {
                Instrument = instrument,
                Timestamp = Time(trade, "time", endpoint),
                LocalTimestamp = local,
                TradeId = RecordId.Parse(Text(trade, "trade_id", endpoint)),
                Price = Decimal(trade, "price", endpoint),
                Quantity = Decimal(trade, "size", endpoint),
                Side = side,
            });
        }

        trades.Sort(static (a, b) => a.TradeId.IsNumeric && b.TradeId.IsNumeric ? a.TradeId.Number.CompareTo(b.TradeId.Number) : 0);
        return trades;
    }

    /// <summary><c>{"candles":[{"start" (UNIX seconds, a string),"low","high","open","close","volume"}]}</c>, newest first, as candles oldest first.</summary>
    public static IReadOnlyList<CoinbaseCandle> ParseCandles(ReadOnlySpan<byte> body)
    {
        const string endpoint = "candles";
        using var document = Open(body, endpoint);
        var candles = new List<CoinbaseCandle>();
        foreach (var candle in Property(document.RootElement, "candles", JsonValueKind.Array, endpoint).EnumerateArray())
        {
            var startText = Text(candle, "start", endpoint);
            if (!long.TryParse(startText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            {
                throw new FormatException($"{endpoint}: field 'start' is '{startText}', not UNIX seconds");
            }

            var low = Decimal(candle, "low", endpoint);
            var high = Decimal(candle, "high", endpoint);
            var open = Decimal(candle, "open", endpoint);
            var close = Decimal(candle, "close", endpoint);
            var volume = Decimal(candle, "volume", endpoint);
            if (low <= 0 || high < low || open < low || open > high || close < low || close > high || volume < 0)
            {
                throw new FormatException($"{endpoint}: the candle at {startText} is impossible (low {low}, high {high}, open {open}, close {close}, volume {volume})");
            }

            candles.Add(new CoinbaseCandle(DateTime.UnixEpoch.AddSeconds(seconds), open, high, low, close, volume));
        }

        candles.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        return candles;
    }

    /// <summary>
    /// <c>{"products":[…],"num_products"}</c> (or one product, <c>GET /market/products/{id}</c>): each product's id,
    /// market, whether it trades now, and a future's expiry (<c>future_product_details.contract_expiry</c>) and
    /// underlying (<c>contract_root_unit</c>). Products of another type (<c>UNKNOWN_PRODUCT_TYPE</c>) are left out.
    /// </summary>
    public static IReadOnlyList<CoinbaseProduct> ParseProducts(ReadOnlySpan<byte> body)
    {
        const string endpoint = "products";
        using var document = Open(body, endpoint);
        var root = document.RootElement;
        var products = new List<CoinbaseProduct>();
        if (root.TryGetProperty("products", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"{endpoint}: field 'products' is not an array");
            }

            foreach (var product in list.EnumerateArray())
            {
                if (ReadProduct(product, endpoint) is { } read)
                {
                    products.Add(read);
                }
            }
        }
        else if (ReadProduct(root, endpoint) is { } single)
        {
            products.Add(single);
        }

        return products;
    }

    /// <summary>
    /// Advanced Trade's error body <c>{"error","error_details","message"}</c> or the Exchange's <c>{"message"}</c>, for
    /// logs; null when the body is neither.
    /// </summary>
    public static string? DescribeError(ReadOnlySpan<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var details = root.TryGetProperty("error_details", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            if (error is null && message is null)
            {
                return null;
            }

            var text = error is null ? message! : message is null ? error : $"{error}: {message}";
            return details is null || details == message ? $"Coinbase: {text}" : $"Coinbase: {text} ({details})";
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static CoinbaseProduct? ReadProduct(JsonElement product, string endpoint)
    {
        var productId = Text(product, "product_id", endpoint);
        var type = product.TryGetProperty("product_type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        MarketType market;
        if (type == "SPOT")
        {
            market = MarketType.Spot;
        }
        else if (type == "FUTURE")
        {
            market = MarketType.Futures;
        }
        else
        {
            return null;
        }

        var status = product.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() ?? "" : "";
        var trading = !Flag(product, "trading_disabled") && !Flag(product, "is_disabled") && !Flag(product, "cancel_only") && !Flag(product, "view_only");
        DateTime? expiry = null;
        string? underlying = null;
        if (market == MarketType.Futures)
        {
            if (!product.TryGetProperty("future_product_details", out var details) || details.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{endpoint}: future '{productId}' has no 'future_product_details'");
            }

            expiry = Time(details, "contract_expiry", endpoint);
            underlying = details.TryGetProperty("contract_root_unit", out var root) && root.ValueKind == JsonValueKind.String ? root.GetString() : null;
        }

        return new CoinbaseProduct(productId, market, status, trading, expiry, underlying);
    }

    private static bool Flag(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static JsonDocument Open(ReadOnlySpan<byte> body, string endpoint)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{endpoint}: invalid JSON: {ex.Message}", ex);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new FormatException($"{endpoint}: the body is not a JSON object");
        }

        return document;
    }

    private static JsonElement Property(JsonElement element, string name, JsonValueKind kind, string endpoint) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == kind
            ? value
            : throw new FormatException($"{endpoint}: field '{name}' is missing or not a JSON {kind.ToString().ToLowerInvariant()}");

    private static string Text(JsonElement element, string name, string endpoint) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new FormatException($"{endpoint}: field '{name}' is missing or not a string");

    private static decimal Decimal(JsonElement element, string name, string endpoint)
    {
        var text = Text(element, name, endpoint);
        return JsonScalars.TryParseDecimal(Encoding.UTF8.GetBytes(text), out var value)
            ? value
            : throw new FormatException($"{endpoint}: field '{name}' is '{text}', not a decimal");
    }

    private static DateTime Time(JsonElement element, string name, string endpoint)
    {
        var text = Text(element, name, endpoint);
        return CoinbaseTime.TryParse(Encoding.UTF8.GetBytes(text), out var time)
            ? time
            : throw new FormatException($"{endpoint}: field '{name}' is '{text}', not an RFC 3339 UTC time");
    }

    private static BookLevel[] Levels(JsonElement book, string name, string endpoint)
    {
        var levels = new List<BookLevel>();
        foreach (var level in Property(book, name, JsonValueKind.Array, endpoint).EnumerateArray())
        {
            levels.Add(new BookLevel(Decimal(level, "price", endpoint), Decimal(level, "size", endpoint)));
        }

        return [.. levels];
    }
}

/// <summary>One candle of <c>GET …/candles</c>.</summary>
/// <param name="Start">The candle's start (UTC).</param>
public sealed record CoinbaseCandle(DateTime Start, decimal Open, decimal High, decimal Low, decimal Close, decimal Volume);

/// <summary>One product of <c>GET /market/products</c>, as the instrument catalogue needs it.</summary>
/// <param name="ProductId">The product id, e.g. <c>BTC-USD</c> or <c>BIT-24APR26-CDE</c>.</param>
/// <param name="Market">Spot, or futures for every <c>FUTURE</c> product.</param>
/// <param name="Status">Coinbase's <c>status</c> (<c>online</c>; empty for futures in the sample).</param>
/// <param name="IsTrading">Neither <c>trading_disabled</c>, <c>is_disabled</c>, <c>cancel_only</c> nor <c>view_only</c>.</param>
/// <param name="Expiry">A future's <c>contract_expiry</c> (UTC); null for spot.</param>
/// <param name="Underlying">A future's <c>contract_root_unit</c> (<c>BTC</c> for <c>BIT-…</c>); null for spot.</param>
public sealed record CoinbaseProduct(string ProductId, MarketType Market, string Status, bool IsTrading, DateTime? Expiry, string? Underlying);

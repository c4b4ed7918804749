using System.Globalization;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Core.Recordings;
using MarketPrism.Simulator.Engine;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Simulator.Coinbase;

/// <summary>The Coinbase session read from the recordings: products and the timeline of one pass.</summary>
internal sealed record CoinbaseSessionData(
    SortedDictionary<string, CoinbaseProduct> Products, CoinbaseEvent[] Events, TimeSpan LoopSpan, DateTimeOffset Origin);

/// <summary>
/// Reads the cryptofeed captures of Coinbase's Exchange feed (connections to a <c>coinbase.com</c> WebSocket, such as
/// <c>recordings/coinbase/COINBASE.ws.28.0</c> from <c>ws-feed.pro.coinbase.com</c>): each product's first
/// <c>snapshot</c> is its starting truth, later <c>l2update</c>s, <c>match</c>es and <c>ticker</c>s are the timeline,
/// and <c>last_match</c> is what a new <c>matches</c> subscriber is told before any trade is replayed. Advanced Trade
/// frames are generated from the same timeline (see <see cref="CoinbaseFrames"/>).
/// </summary>
internal static partial class CoinbaseSessionLoader
{
    /// <summary>The next pass starts this long after the last recorded frame.</summary>
    public static readonly TimeSpan PassGap = TimeSpan.FromMilliseconds(100);

    public static CoinbaseSessionData? Load(string directory, StreamRegistry streams, ILogger logger)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Recordings directory '{Path.GetFullPath(directory)}' does not exist.");
        }

        var frames = new List<(double Received, JsonDocument Document)>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.ws.*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            ReadCapture(file, frames);
        }

        if (frames.Count == 0)
        {
            return null;
        }

        // The documents stay alive: recorded tickers are re-rendered from their elements.
        return Build(frames, streams, logger);
    }

    private static void ReadCapture(string file, List<(double, JsonDocument)> frames)
    {
        var owned = false;
        foreach (var entry in CaptureReader.ReadFile(file))
        {
            if (entry.Kind == CaptureEntryKind.Connect)
            {
                owned = Uri.TryCreate(entry.Url, UriKind.Absolute, out var url) && url.Host.EndsWith("coinbase.com", StringComparison.OrdinalIgnoreCase);
                if (!owned)
                {
                    return;
                }

                continue;
            }

            if (owned && entry.Kind == CaptureEntryKind.Received && entry.UnixSeconds is { } received && entry.Payload.Span.StartsWith("{"u8))
            {
                frames.Add((received, JsonDocument.Parse(entry.Payload)));
            }
        }
    }

    private static CoinbaseSessionData? Build(List<(double Received, JsonDocument Document)> frames, StreamRegistry streams, ILogger logger)
    {
        frames.Sort(static (a, b) => a.Received.CompareTo(b.Received));
        var originSeconds = frames[0].Received;
        var products = new SortedDictionary<string, CoinbaseProduct>(StringComparer.Ordinal);
        var events = new List<CoinbaseEvent>();
        var skipped = 0;
        foreach (var (received, document) in frames)
        {
            var root = document.RootElement;
            if (!root.TryGetProperty("type", out var typeElement) || !root.TryGetProperty("product_id", out var productElement)
                || productElement.GetString() is not { } productId)
            {
                continue; // subscriptions acknowledgements, errors
            }

            if (!products.TryGetValue(productId, out var product))
            {
                product = new CoinbaseProduct(productId, products.Count, streams);
                products.Add(productId, product);
            }

            var offset = TimeSpan.FromMilliseconds(Math.Max(0, Math.Round((received - originSeconds) * 1000)));
            switch (typeElement.GetString())
            {
                case "snapshot" when product.InitialBook is null:
                    var book = new TruthBook { LastUpdateId = 1 };
                    ReadLevels(root.GetProperty("bids"), Side.Buy, book);
                    ReadLevels(root.GetProperty("asks"), Side.Sell, book);
                    product.InitialBook = book;
                    product.Truth = book.Clone();
                    product.LastBookTime = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(received * 1000));
                    break;
                case "l2update" when product.InitialBook is not null:
                    var changes = root.GetProperty("changes");
                    var parsed = new CoinbaseChange[changes.GetArrayLength()];
                    var i = 0;
                    foreach (var change in changes.EnumerateArray())
                    {
                        parsed[i++] = new CoinbaseChange(
                            change[0].GetString() == "buy" ? Side.Buy : Side.Sell, Number(change[1]), Number(change[2]));
                    }

                    events.Add(new CoinbaseEvent(offset, CoinbaseEventKind.BookUpdate, product, Time(root), parsed, null, default));
                    break;
                case "last_match" when product.RecordedLastMatch is null:
                    // A real trade the venue tells every matches subscriber: part of the product's trade history.
                    product.RecordedLastMatch = ReadMatch(root);
                    product.TradeIds.Add(product.RecordedLastMatch.TradeId);
                    break;
                case "match":
                    var match = ReadMatch(root);
                    product.MinTradeId = Math.Min(product.MinTradeId, match.TradeId);
                    product.MaxTradeId = Math.Max(product.MaxTradeId, match.TradeId);
                    Sequence(product, match.Sequence);
                    events.Add(new CoinbaseEvent(offset, CoinbaseEventKind.Match, product, match.Time, [], match, default));
                    break;
                case "ticker":
                    Sequence(product, root.GetProperty("sequence").GetInt64());
                    events.Add(new CoinbaseEvent(offset, CoinbaseEventKind.Ticker, product, Time(root), [], null, root));
                    break;
                default:
                    skipped++; // updates before the product's snapshot, a second snapshot
                    break;
            }
        }

        if (products.Count == 0)
        {
            return null;
        }

        if (skipped > 0)
        {
            LogSkipped(logger, skipped);
        }

        foreach (var product in products.Values)
        {
            if (product.InitialBook is null)
            {
                LogNoSnapshot(logger, product.Id);
            }
        }

        // Updates of a product without a snapshot were never queued (see above); keep its trades and tickers.
        var origin = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(originSeconds * 1000));
        var loopSpan = (events.Count == 0 ? TimeSpan.Zero : events[^1].Offset) + PassGap;
        LogLoaded(logger, products.Count, events.Count, loopSpan.TotalSeconds);
        return new CoinbaseSessionData(products, [.. events], loopSpan, origin);
    }

    private static void Sequence(CoinbaseProduct product, long sequence)
    {
        product.MinSequence = Math.Min(product.MinSequence, sequence);
        product.MaxSequence = Math.Max(product.MaxSequence, sequence);
    }

    private static CoinbaseMatch ReadMatch(JsonElement root) => new(
        root.GetProperty("trade_id").GetInt64(),
        root.GetProperty("sequence").GetInt64(),
        root.GetProperty("maker_order_id").GetString() ?? "",
        root.GetProperty("taker_order_id").GetString() ?? "",
        root.GetProperty("side").GetString() ?? "",
        Number(root.GetProperty("size")),
        Number(root.GetProperty("price")),
        Time(root));

    private static DateTimeOffset Time(JsonElement root) =>
        DateTimeOffset.Parse(root.GetProperty("time").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static decimal Number(JsonElement text) => decimal.Parse(text.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static void ReadLevels(JsonElement levels, Side side, TruthBook book)
    {
        foreach (var level in levels.EnumerateArray())
        {
            book.Set(side, Number(level[0]), Number(level[1]));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "coinbase: loaded {Products} products, {Events} events per pass ({Seconds:0.###} s)")]
    private static partial void LogLoaded(ILogger logger, int products, int events, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "coinbase: {Count} recorded frames skipped (book updates before their product's snapshot, repeated snapshots)")]
    private static partial void LogSkipped(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "coinbase: {Product} has no recorded snapshot; its book is not served")]
    private static partial void LogNoSnapshot(ILogger logger, string product);
}

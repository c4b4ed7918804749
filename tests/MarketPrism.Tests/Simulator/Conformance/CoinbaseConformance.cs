using System.Runtime.CompilerServices;
using System.Text.Json;

namespace MarketPrism.Tests.Simulator.Conformance;

/// <summary>Coinbase's Exchange feed (<c>/coinbase/exchange</c>): <c>level2_batch</c> snapshot, then <c>l2update</c>s.</summary>
public sealed class CoinbaseExchangeConformance : SimulatedVenueConformance
{
    protected override string Venue => "coinbase";

    protected override string ProtocolFolder => "coinbase";

    protected override string GoldenSuffix => "-exchange";

    protected override string WebSocketPath => "/coinbase/exchange";

    protected override string Symbol => "SKL-USD";

    protected override string BookStream => "level2_batch:SKL-USD";

    protected override string SubscribeRequest => """{"type":"subscribe","product_ids":["SKL-USD"],"channels":["level2_batch"]}""";

    protected override string UnknownChannelRequest => """{"type":"subscribe","product_ids":["SKL-USD"],"channels":["level4"]}""";

    /// <summary>Unsubscribing what is not subscribed changes nothing and is answered with a <c>subscriptions</c> message.</summary>
    protected override string MarkerRequest => """{"type":"unsubscribe","product_ids":["SKL-USD"],"channels":["ticker"]}""";

    protected override bool IsMarkerReply(string message) => message.StartsWith("""{"type":"subscriptions",""", StringComparison.Ordinal);

    protected override string RestProbePath => "/coinbase/api/v3/brokerage/time";

    protected override string RestBookPath => "/coinbase/api/v3/brokerage/market/product_book?product_id=SKL-USD";

    protected override bool RestBookHasSequence => false;

    protected override bool SnapshotInBand => true;

    protected override string GapInvisibleBecause =>
        "level2_batch carries no sequence, so a lost update cannot be seen; the gap fault withholds the next match instead (CoinbaseVenueTests)";

    protected override LocalBook ReadRestBook(JsonElement body) => CoinbaseBooks.ReadRestBook(body);

    /// <summary>
    /// Coinbase's level2 has no sequence: the book's <see cref="LocalBook.Sequence"/> counts its messages (the snapshot
    /// is 1), as the simulator's truth does.
    /// </summary>
    protected override bool? ApplyBookFrame(JsonElement message, LocalBook book)
    {
        if (!message.TryGetProperty("type", out var type) || !message.TryGetProperty("product_id", out var product) || product.GetString() != Symbol)
        {
            return null;
        }

        switch (type.GetString())
        {
            case "snapshot":
                book.Clear();
                CoinbaseBooks.SetPairs(book.Bids, message.GetProperty("bids"));
                CoinbaseBooks.SetPairs(book.Asks, message.GetProperty("asks"));
                book.Sequence = 1;
                return true;
            case "l2update":
                foreach (var change in message.GetProperty("changes").EnumerateArray())
                {
                    LocalBook.Set(change[0].GetString() == "buy" ? book.Bids : book.Asks, LocalBook.Parse(change[1].GetString()!), LocalBook.Parse(change[2].GetString()!));
                }

                book.Sequence++;
                return true;
            default:
                return null;
        }
    }
}

/// <summary>
/// Coinbase Advanced Trade (<c>/coinbase/advanced-trade</c>): <c>l2_data</c> snapshot, then updates, every message
/// numbered per connection by <c>sequence_num</c>.
/// </summary>
public sealed class CoinbaseAdvancedTradeConformance : SimulatedVenueConformance
{
    /// <summary>The last <c>sequence_num</c> each followed book's connection showed, and numbers skipped since its last book frame.</summary>
    private readonly ConditionalWeakTable<LocalBook, StrongBox<(long Last, long Skipped)>> _numbers = [];

    protected override string Venue => "coinbase";

    protected override string ProtocolFolder => "coinbase";

    protected override string GoldenSuffix => "-advanced-trade";

    protected override IReadOnlyCollection<string> VolatilePaths => ["$.timestamp"];

    protected override string WebSocketPath => "/coinbase/advanced-trade";

    protected override string Symbol => "SKL-USD";

    protected override string BookStream => "advanced-trade/level2:SKL-USD";

    protected override string SubscribeRequest => """{"type":"subscribe","product_ids":["SKL-USD"],"channel":"level2"}""";

    protected override string UnknownChannelRequest => """{"type":"subscribe","product_ids":["SKL-USD"],"channel":"level4"}""";

    /// <summary>Every answer of Advanced Trade is a <c>subscriptions</c> message, an unsubscribe's too.</summary>
    protected override string MarkerRequest => """{"type":"unsubscribe","product_ids":["SKL-USD"],"channel":"ticker"}""";

    protected override bool IsMarkerReply(string message) => message.StartsWith("""{"channel":"subscriptions",""", StringComparison.Ordinal);

    protected override string RestProbePath => "/coinbase/api/v3/brokerage/time";

    protected override string RestBookPath => "/coinbase/api/v3/brokerage/market/product_book?product_id=SKL-USD";

    protected override bool RestBookHasSequence => false;

    protected override bool SnapshotInBand => true;

    protected override LocalBook ReadRestBook(JsonElement body) => CoinbaseBooks.ReadRestBook(body);

    /// <summary>
    /// The book counts its messages (the snapshot is 1, as the truth counts them). A jump in <c>sequence_num</c> on any
    /// message is a lost message; the client cannot tell which channel lost it, and the break is reported on the book's
    /// next update, with the lost numbers counted as the book's.
    /// </summary>
    protected override bool? ApplyBookFrame(JsonElement message, LocalBook book)
    {
        if (!message.TryGetProperty("sequence_num", out var numberElement))
        {
            return null;
        }

        var numbers = _numbers.GetOrCreateValue(book);
        var number = numberElement.GetInt64();
        var skipped = numbers.Value.Last == 0 && number <= 1 ? 0 : Math.Max(0, number - numbers.Value.Last - 1);
        numbers.Value = (number, numbers.Value.Skipped + skipped);
        if (message.GetProperty("channel").GetString() != "l2_data")
        {
            return null;
        }

        var ev = message.GetProperty("events")[0];
        if (ev.GetProperty("product_id").GetString() != Symbol)
        {
            return null;
        }

        var snapshot = ev.GetProperty("type").GetString() == "snapshot";
        if (snapshot)
        {
            book.Clear();
        }

        foreach (var update in ev.GetProperty("updates").EnumerateArray())
        {
            LocalBook.Set(
                update.GetProperty("side").GetString() == "bid" ? book.Bids : book.Asks,
                LocalBook.Parse(update.GetProperty("price_level").GetString()!),
                LocalBook.Parse(update.GetProperty("new_quantity").GetString()!));
        }

        var lost = numbers.Value.Skipped;
        numbers.Value = (number, 0);
        book.Sequence = snapshot ? 1 : book.Sequence + 1 + lost;
        return snapshot || lost == 0;
    }
}

/// <summary>What both Coinbase protocols' books share: the REST <c>product_book</c> and <c>[price, size]</c> pairs.</summary>
internal static class CoinbaseBooks
{
    public static LocalBook ReadRestBook(JsonElement body)
    {
        var pricebook = body.GetProperty("pricebook");
        var book = new LocalBook();
        foreach (var level in pricebook.GetProperty("bids").EnumerateArray())
        {
            LocalBook.Set(book.Bids, LocalBook.Parse(level.GetProperty("price").GetString()!), LocalBook.Parse(level.GetProperty("size").GetString()!));
        }

        foreach (var level in pricebook.GetProperty("asks").EnumerateArray())
        {
            LocalBook.Set(book.Asks, LocalBook.Parse(level.GetProperty("price").GetString()!), LocalBook.Parse(level.GetProperty("size").GetString()!));
        }

        return book;
    }

    public static void SetPairs(SortedDictionary<decimal, decimal> side, JsonElement levels)
    {
        foreach (var level in levels.EnumerateArray())
        {
            LocalBook.Set(side, LocalBook.Parse(level[0].GetString()!), LocalBook.Parse(level[1].GetString()!));
        }
    }
}

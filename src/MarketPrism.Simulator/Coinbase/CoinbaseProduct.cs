using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Coinbase;

/// <summary>
/// One product of the Coinbase session (<c>SKL-USD</c>): its true book, the trades and sequences generated, and the
/// streams each API serves it on. Book and trade state is changed under the session's gate only.
/// </summary>
internal sealed class CoinbaseProduct(string id, int index, StreamRegistry streams)
{
    public string Id { get; } = id;

    public int Index { get; } = index;

    /// <summary>The recorded <c>snapshot</c>: the truth at the start of every pass.</summary>
    public TruthBook? InitialBook { get; set; }

    /// <summary>
    /// The true book. Coinbase's level2 carries no sequence, so its <see cref="TruthBook.LastUpdateId"/> is the
    /// simulator's own count of the book's messages: 1 for the recorded snapshot, one more per update generated.
    /// </summary>
    public TruthBook? Truth { get; set; }

    /// <summary>Recorded time of the last book message (shifted as sent), for a snapshot sent now.</summary>
    public DateTimeOffset LastBookTime { get; set; }

    /// <summary>The recorded <c>last_match</c>, sent as the first <c>last_match</c> before any trade was replayed.</summary>
    public CoinbaseMatch? RecordedLastMatch { get; set; }

    /// <summary>The last trade generated (ids and time as sent), for <c>last_match</c> and the trades snapshot.</summary>
    public CoinbaseMatch? LastMatch { get; set; }

    /// <summary>The last recorded ticker replayed (as recorded), for Advanced Trade's ticker snapshot and 24 h figures.</summary>
    public JsonElement? LastTicker { get; set; }

    /// <summary>Trade ids generated, the Exchange feed's <c>trade_id</c> and Advanced Trade's alike.</summary>
    public IdRangeSet TradeIds { get; } = new();

    /// <summary>Recent trades, newest last, for REST market trades and candles (at most <see cref="RecentTradesKept"/>).</summary>
    public List<CoinbaseMatch> RecentTrades { get; } = [];

    public const int RecentTradesKept = 1000;

    public long MinTradeId { get; set; } = long.MaxValue;

    public long MaxTradeId { get; set; } = long.MinValue;

    public long MinSequence { get; set; } = long.MaxValue;

    public long MaxSequence { get; set; } = long.MinValue;

    public long TradeIdShift { get; set; }

    public long SequenceShift { get; set; }

    /// <summary>The last <c>sequence</c> generated (match or ticker), as sent.</summary>
    public long LastSequence { get; set; }

    public StreamChannel ExchangeBook { get; } = streams.GetOrAdd(CoinbaseStreams.ExchangeName(CoinbaseStreams.Level2Batch, id));

    public StreamChannel ExchangeMatches { get; } = streams.GetOrAdd(CoinbaseStreams.ExchangeName(CoinbaseStreams.Matches, id));

    public StreamChannel ExchangeTicker { get; } = streams.GetOrAdd(CoinbaseStreams.ExchangeName(CoinbaseStreams.Ticker, id));

    /// <summary>The Exchange feed's <c>heartbeat</c> channel of the product: once a second, its last trade id and sequence.</summary>
    public StreamChannel ExchangeHeartbeat { get; } = streams.GetOrAdd(CoinbaseStreams.ExchangeName(CoinbaseStreams.Heartbeat, id));

    public StreamChannel AdvancedBook { get; } = streams.GetOrAdd(CoinbaseStreams.AdvancedName(CoinbaseStreams.Level2, id));

    public StreamChannel AdvancedTrades { get; } = streams.GetOrAdd(CoinbaseStreams.AdvancedName(CoinbaseStreams.MarketTrades, id));

    public StreamChannel AdvancedTicker { get; } = streams.GetOrAdd(CoinbaseStreams.AdvancedName(CoinbaseStreams.Ticker, id));

    private int _exchangeGap;
    private int _advancedGap;

    /// <summary>Arms "drop one message" on both APIs (see <see cref="CoinbaseVenue.TryInjectGap"/>).</summary>
    public void ArmGap()
    {
        Volatile.Write(ref _exchangeGap, 1);
        Volatile.Write(ref _advancedGap, 1);
    }

    /// <summary>True once after <see cref="ArmGap"/>: the next match is withheld from the Exchange feed.</summary>
    public bool ConsumeExchangeGap() => Interlocked.Exchange(ref _exchangeGap, 0) == 1;

    /// <summary>True once after <see cref="ArmGap"/>: the next book update is withheld from Advanced Trade.</summary>
    public bool ConsumeAdvancedGap() => Interlocked.Exchange(ref _advancedGap, 0) == 1;

    public bool TryGetTop(out BookLevel bid, out BookLevel ask)
    {
        bid = ask = default;
        return Truth is { } truth && truth.TryGetBest(Side.Buy, out bid) && truth.TryGetBest(Side.Sell, out ask);
    }
}

/// <summary>One trade as the Exchange feed's <c>match</c> carries it (maker order's side, lower case).</summary>
internal sealed record CoinbaseMatch(
    long TradeId, long Sequence, string MakerOrderId, string TakerOrderId, string MakerSide, decimal Size, decimal Price, DateTimeOffset Time)
{
    /// <summary>The same trade with its ids and time moved by a pass's shifts.</summary>
    public CoinbaseMatch Shifted(long tradeIdShift, long sequenceShift, TimeSpan timeShift) =>
        tradeIdShift == 0 && sequenceShift == 0 && timeShift == TimeSpan.Zero
            ? this
            : this with { TradeId = TradeId + tradeIdShift, Sequence = Sequence + sequenceShift, Time = Time + timeShift };
}

/// <summary>One price level change of an <c>l2update</c>: side, price and the level's new absolute size.</summary>
internal readonly record struct CoinbaseChange(Side Side, decimal Price, decimal Size);

internal enum CoinbaseEventKind : byte
{
    BookUpdate,
    Match,
    Ticker,
}

/// <summary>One recorded event of the timeline.</summary>
internal sealed record CoinbaseEvent(
    TimeSpan Offset,
    CoinbaseEventKind Kind,
    CoinbaseProduct Product,
    DateTimeOffset Time,
    CoinbaseChange[] Changes,
    CoinbaseMatch? Match,
    JsonElement Ticker);

/// <summary>The stream names of both APIs: <c>level2_batch:SKL-USD</c> (Exchange) and <c>advanced-trade/level2:SKL-USD</c>.</summary>
internal static class CoinbaseStreams
{
    public const string Level2Batch = "level2_batch";
    public const string Level2 = "level2";
    public const string Matches = "matches";
    public const string Ticker = "ticker";
    public const string MarketTrades = "market_trades";
    public const string Heartbeats = "heartbeats";
    public const string Heartbeat = "heartbeat";

    /// <summary>Prefix of the Advanced Trade streams, whose channel names overlap the Exchange feed's (<c>ticker</c>).</summary>
    public const string AdvancedPrefix = "advanced-trade/";

    public static string ExchangeName(string channel, string product) => string.Concat(channel, ":", product);

    public static string AdvancedName(string channel, string product) => string.Concat(AdvancedPrefix, channel, ":", product);

    public static readonly string HeartbeatsName = AdvancedPrefix + Heartbeats;
}

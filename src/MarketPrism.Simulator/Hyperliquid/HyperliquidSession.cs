using MarketPrism.Simulator.Engine;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Simulator.Hyperliquid;

/// <summary>
/// Hyperliquid's recorded session as the timeline replays it. Recorded <c>l2Book</c> pushes are whole books: each
/// replaces the coin's truth and goes out as recorded (times retimed); a <c>bbo</c> push follows whenever the best bid
/// or ask changed. Recorded <c>trades</c> pushes go out as recorded. <c>activeAssetCtx</c> is synthetic (the capture has
/// none): one push a second per coin, computed from the truth and the trades replayed so far
/// (see <see cref="ComputeContext"/>). Later passes shift every <c>tid</c> above all earlier ones, so ids stay unique.
/// </summary>
internal sealed partial class HyperliquidSession : ITimelineSession
{
    private static readonly TimeSpan PassGap = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ContextEvery = TimeSpan.FromSeconds(1);

    /// <summary>Hyperliquid caps funding at 4% an hour ("Funding": "capped at 4%/hour").</summary>
    private const decimal FundingCap = 0.04m;

    /// <summary>The interest-rate component, 0.01% per 8 hours ("Funding"), of which one eighth is paid each hour.</summary>
    private const decimal InterestRate = 0.0001m;

    private readonly HyperliquidEvent[] _events;
    private readonly Dictionary<string, HyperliquidCoin> _coins = new(StringComparer.Ordinal);
    private readonly string[] _coinNames;
    private readonly TimeProvider _time;
    private readonly bool _retime;
    private readonly bool _waitForRoom;
    private readonly long _originMs;
    private readonly long _tidSpan;
    private long _passShiftMs;
    private long _tidShift;
    private long _retimeNowMs;
    private long _gapsInjected;

    public HyperliquidSession(IReadOnlyList<HyperliquidRecordedPush> pushes, StreamRegistry streams, TimeProvider time, bool retime, bool waitForRoom, ILogger logger)
    {
        _time = time;
        _retime = retime;
        _waitForRoom = waitForRoom;
        _retimeNowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var events = new List<HyperliquidEvent>();
        var lastBookTime = new Dictionary<string, long>(StringComparer.Ordinal);
        var sizeDecimals = SizeDecimals(pushes);
        long maxTid = 0;
        var last = TimeSpan.Zero;
        _originMs = long.MaxValue;
        foreach (var push in pushes)
        {
            if (push.Book is { } book)
            {
                if (lastBookTime.TryGetValue(book.Coin, out var previous) && book.Time <= previous)
                {
                    // The capture repeats its first snapshot (the subscription's and the first push): one is enough.
                    LogRepeatedSnapshot(logger, book.Coin, book.Time);
                    continue;
                }

                lastBookTime[book.Coin] = book.Time;
                if (!_coins.ContainsKey(book.Coin))
                {
                    _coins.Add(book.Coin, new HyperliquidCoin(book.Coin, book, sizeDecimals.GetValueOrDefault(book.Coin), streams));
                    _originMs = Math.Min(_originMs, book.Time);
                }

                events.Add(new HyperliquidEvent(HyperliquidEventKind.Book, push.Offset, book.Coin, book, null));
            }
            else if (push.Trades is { } trades)
            {
                maxTid = Math.Max(maxTid, trades.Max(trade => trade.Tid));
                events.Add(new HyperliquidEvent(HyperliquidEventKind.Trades, push.Offset, push.Coin, null, trades));
            }

            last = push.Offset > last ? push.Offset : last;
        }

        // Trades of a coin without a recorded book have no truth to follow: they are not served.
        events.RemoveAll(ev => !_coins.ContainsKey(ev.Coin));
        foreach (var coin in _coins.Keys)
        {
            for (var at = TimeSpan.Zero; at <= last; at += ContextEvery)
            {
                events.Add(new HyperliquidEvent(HyperliquidEventKind.AssetContext, at, coin, null, null));
            }
        }

        _events = [.. events.Select((ev, order) => (ev, order)).OrderBy(x => x.ev.Offset).ThenBy(x => x.order).Select(x => x.ev)];
        _coinNames = [.. _coins.Keys.Order(StringComparer.Ordinal)];
        _tidSpan = maxTid + 1;
        LoopSpan = last + PassGap;
        if (_originMs == long.MaxValue)
        {
            _originMs = 0;
        }

        // Before the replay starts the truth is each coin's first recorded book, timed as the first push will be.
        foreach (var coin in _coins.Values)
        {
            coin.BookTime = TimeOf(coin.Initial.Time);
        }
    }

    public int EventCount => _events.Length;

    public TimeSpan LoopSpan { get; }

    public IReadOnlyList<string> CoinNames => _coinNames;

    public long GapsInjected => Interlocked.Read(ref _gapsInjected);

    public TimeSpan OffsetOf(int index) => _events[index].Offset;

    public bool IsFirstPassOnly(int index) => false;

    public bool TryGetCoin(string name, out HyperliquidCoin coin) => _coins.TryGetValue(name, out coin!);

    public ValueTask BeginPassAsync(int pass, CancellationToken cancellationToken)
    {
        if (pass == 0)
        {
            _retimeNowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        }
        else
        {
            // Books are whole snapshots, so nothing joins two passes: the next pass's first snapshot replaces the book.
            _passShiftMs = pass * (long)LoopSpan.TotalMilliseconds;
            _tidShift = pass * _tidSpan;
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask EmitAsync(int index, CancellationToken cancellationToken)
    {
        var ev = _events[index];
        var coin = _coins[ev.Coin];
        List<Publication> publications;
        lock (coin.Gate)
        {
            publications = ev.Kind switch
            {
                HyperliquidEventKind.Book => ApplyBook(coin, ev.Book!),
                HyperliquidEventKind.Trades => ReplayTrades(coin, ev.Trades!),
                _ => PushContext(coin),
            };
        }

        await PublishAsync(publications, cancellationToken);
    }

    /// <summary>
    /// Joins <paramref name="connection"/> to one of a coin's streams: a book, bbo or asset-context subscription first
    /// gets the current value (as Hyperliquid sends the current book on subscribing), atomically with joining, so the
    /// next push follows it. False when the connection's queue is full (it is dropped as slow).
    /// </summary>
    public static bool Join(SimConnection connection, HyperliquidCoin coin, StreamChannel channel)
    {
        lock (coin.Gate)
        {
            byte[]? current = null;
            if (channel == coin.BookChannel)
            {
                current = HyperliquidFrames.L2Book(coin.Name, coin.BookTime, coin.Bids, coin.Asks);
            }
            else if (channel == coin.BboChannel)
            {
                current = HyperliquidFrames.Bbo(coin.Name, coin.BookTime, Best(coin.Bids), Best(coin.Asks));
            }
            else if (channel == coin.ContextChannel && ComputeContext(coin) is { } context)
            {
                current = HyperliquidFrames.ActiveAssetContext(coin.Name, context);
            }

            // Sent as an answer to the subscription, not as a frame of the stream: FramesSent keeps counting exactly the
            // pushes generated while the connection listened (what the control API's callers compare with).
            if (current is not null && !channel.Withholds(connection) && !connection.TryEnqueueReply(current))
            {
                connection.DropSlowConsumer();
                return false;
            }

            channel.Add(connection);
            return true;
        }
    }

    /// <summary>The coin's truth now: its whole book and its time.</summary>
    public bool TryGetBook(string name, out HyperliquidLevel[] bids, out HyperliquidLevel[] asks, out long time)
    {
        if (!_coins.TryGetValue(name, out var coin))
        {
            bids = asks = [];
            time = 0;
            return false;
        }

        lock (coin.Gate)
        {
            (bids, asks, time) = (coin.Bids, coin.Asks, coin.BookTime);
        }

        return true;
    }

    /// <summary>The coin's asset context now (what the next push would say); null when its book lacks a side.</summary>
    public static HyperliquidAssetContext? CurrentContext(HyperliquidCoin coin)
    {
        lock (coin.Gate)
        {
            return ComputeContext(coin);
        }
    }

    /// <summary>The hourly funding rate of an hour that has passed, for <c>fundingHistory</c>: the current rate, varied by hour.</summary>
    public static (decimal Rate, decimal Premium) HistoricalFunding(HyperliquidAssetContext now, long hourStartMs)
    {
        // Deterministic per hour: the premium swings by up to ±0.02% around today's, so pages and repeats agree.
        var swing = ((hourStartMs / 3_600_000 % 9) - 4) * 0.00005m;
        var premium = Trim(decimal.Round(now.Premium + swing, 8, MidpointRounding.AwayFromZero));
        return (Funding(premium), premium);
    }

    public static void ArmGap(HyperliquidCoin coin)
    {
        lock (coin.Gate)
        {
            coin.GapArmed = true;
        }
    }

    public long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>A recorded exchange time moved to this pass, and (when retiming) to today.</summary>
    private long TimeOf(long recordedMs) => recordedMs + _passShiftMs + (_retime ? _retimeNowMs - _originMs : 0);

    private List<Publication> ApplyBook(HyperliquidCoin coin, HyperliquidRecordedBook book)
    {
        coin.Bids = book.Bids;
        coin.Asks = book.Asks;
        coin.BookTime = TimeOf(book.Time);
        var publications = new List<Publication>(2);
        var frame = HyperliquidFrames.L2Book(coin.Name, coin.BookTime, coin.Bids, coin.Asks);
        if (coin.GapArmed)
        {
            // A lost push. Nothing on Hyperliquid's wire can show it (no sequence, no checksum): the client's book is
            // one snapshot old until the next push, which replaces it whole.
            coin.GapArmed = false;
            coin.BookChannel.CountGenerated();
            Interlocked.Increment(ref _gapsInjected);
        }
        else
        {
            publications.Add(new Publication(coin.BookChannel, frame, coin.BookChannel.Subscribers));
        }

        var best = (Best(coin.Bids), Best(coin.Asks));
        if (coin.LastBbo != best)
        {
            coin.LastBbo = best;
            var bbo = HyperliquidFrames.Bbo(coin.Name, coin.BookTime, best.Item1, best.Item2);
            publications.Add(new Publication(coin.BboChannel, bbo, coin.BboChannel.Subscribers));
        }

        return publications;
    }

    private List<Publication> ReplayTrades(HyperliquidCoin coin, HyperliquidRecordedTrade[] recorded)
    {
        var trades = new HyperliquidRecordedTrade[recorded.Length];
        for (var i = 0; i < recorded.Length; i++)
        {
            var trade = recorded[i] with { Tid = recorded[i].Tid + _tidShift, Time = TimeOf(recorded[i].Time) };
            trades[i] = trade;
            coin.TradeIds.Add(trade.Tid);

            // The aggressor opens or adds to a position: buys raise the synthetic open interest, sells lower it.
            coin.OpenInterest = trade.Side == "B" ? coin.OpenInterest + trade.Size : Math.Max(trade.Size, coin.OpenInterest - trade.Size);
            coin.DayBaseVolume += trade.Size;
            coin.DayNotionalVolume += trade.Size * trade.Price;
        }

        var frame = HyperliquidFrames.Trades(trades);
        return [new Publication(coin.TradeChannel, frame, coin.TradeChannel.Subscribers)];
    }

    private static List<Publication> PushContext(HyperliquidCoin coin)
    {
        if (ComputeContext(coin) is not { } context)
        {
            return [];
        }

        coin.Context = context;
        var frame = HyperliquidFrames.ActiveAssetContext(coin.Name, context);
        return [new Publication(coin.ContextChannel, frame, coin.ContextChannel.Subscribers)];
    }

    /// <summary>
    /// The synthetic asset context: mid and mark the middle of the true book's best bid and ask, oracle a quarter
    /// spread below, premium (mark − oracle) / oracle, the hourly funding Hyperliquid's formula gives for that premium
    /// (<see cref="Funding"/>), impact prices the best bid and ask, the previous day's price 2% under the session's first
    /// mid, and open interest and day volumes moved by the replayed trades. Null when the book lacks a side.
    /// </summary>
    private static HyperliquidAssetContext? ComputeContext(HyperliquidCoin coin)
    {
        if (Best(coin.Bids) is not { } bid || Best(coin.Asks) is not { } ask)
        {
            return null;
        }

        var scale = coin.PriceScale;
        var mid = decimal.Round((bid.Price + ask.Price) / 2, scale + 1, MidpointRounding.AwayFromZero);
        var mark = decimal.Round(mid, scale + 1, MidpointRounding.AwayFromZero);
        var oracle = decimal.Round(mid - ((ask.Price - bid.Price) / 4), scale, MidpointRounding.AwayFromZero);
        var premium = Trim(decimal.Round((mark - oracle) / oracle, 10, MidpointRounding.AwayFromZero));
        return new HyperliquidAssetContext(
            Funding(premium),
            coin.OpenInterest,
            Trim(decimal.Round(coin.InitialMid * 0.98m, scale, MidpointRounding.AwayFromZero)),
            Trim(decimal.Round(coin.DayNotionalVolume, 10, MidpointRounding.AwayFromZero)),
            premium,
            Trim(oracle),
            Trim(mark),
            Trim(mid),
            bid.Price,
            ask.Price,
            coin.DayBaseVolume);
    }

    /// <summary>
    /// Hyperliquid's hourly funding for a premium P: (P + clamp(0.01% − P, −0.05%, 0.05%)) / 8, capped at ±4% an hour
    /// (docs, "Funding": the 8-hour rate paid one eighth each hour).
    /// </summary>
    private static decimal Funding(decimal premium)
    {
        var eightHour = premium + Math.Clamp(InterestRate - premium, -0.0005m, 0.0005m);
        return Trim(decimal.Round(Math.Clamp(eightHour / 8, -FundingCap, FundingCap), 10, MidpointRounding.AwayFromZero));
    }

    private static HyperliquidLevel? Best(HyperliquidLevel[] side) => side.Length > 0 ? side[0] : null;

    /// <summary>A decimal without trailing zeros, but with one decimal at least, as Hyperliquid writes numbers ("0.0", "105055.5").</summary>
    private static decimal Trim(decimal value)
    {
        var trimmed = value / 1.000000000000000000000000000000000m;
        return trimmed.Scale == 0 ? trimmed + 0.0m : trimmed;
    }

    /// <summary><c>szDecimals</c> per coin: the most decimals of any recorded size.</summary>
    private static Dictionary<string, int> SizeDecimals(IReadOnlyList<HyperliquidRecordedPush> pushes)
    {
        var decimals = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var push in pushes)
        {
            var sizes = push.Book is { } book
                ? book.Bids.Concat(book.Asks).Select(level => level.Size)
                : push.Trades!.Select(trade => trade.Size);
            foreach (var size in sizes)
            {
                decimals[push.Coin] = Math.Max(decimals.GetValueOrDefault(push.Coin), size.Scale);
            }
        }

        return decimals;
    }

    private async ValueTask PublishAsync(List<Publication> publications, CancellationToken cancellationToken)
    {
        foreach (var (channel, frame, subscribers) in publications)
        {
            channel.CountGenerated();
            var outbound = new OutboundFrame(frame, 0, frame.Length);
            foreach (var subscriber in subscribers)
            {
                // The stall fault holds the stream back from its stalled subscribers while the truth advances.
                if (channel.Withholds(subscriber))
                {
                    continue;
                }

                if (subscriber.TryEnqueue(outbound))
                {
                    continue;
                }

                if (_waitForRoom)
                {
                    await subscriber.EnqueueAsync(outbound, cancellationToken);
                }
                else
                {
                    subscriber.DropSlowConsumer();
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "hyperliquid: {Coin}: a recorded l2Book at time {Time} repeats an earlier one and is replayed once")]
    private static partial void LogRepeatedSnapshot(ILogger logger, string coin, long time);

    /// <summary>One generated frame and the subscribers it goes to, captured under the coin's lock.</summary>
    private readonly record struct Publication(StreamChannel Channel, byte[] Frame, SimConnection[] Subscribers);
}

internal enum HyperliquidEventKind
{
    Book,
    Trades,
    AssetContext,
}

/// <summary>One event of the timeline: a recorded book or trades push, or a synthetic asset-context push.</summary>
internal sealed record HyperliquidEvent(HyperliquidEventKind Kind, TimeSpan Offset, string Coin, HyperliquidRecordedBook? Book, HyperliquidRecordedTrade[]? Trades);

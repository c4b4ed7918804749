using System.Globalization;
using MarketPrism.Core.Model;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Bybit;

/// <summary>
/// A Bybit market's session as the timeline replays it. The recorded book deltas drive a true book per symbol;
/// every <c>orderbook.{depth}</c> topic is the top <c>depth</c> levels of that truth, sent as the changes to them with
/// the topic's own <c>u</c> (the recorded depth's messages carry the recorded levels, so pass 0 repeats the recorded
/// <c>u</c> and content). Trades, tickers and liquidations are synthetic (the recording has none), derived from the
/// truth deterministically. Subscribing a book or ticker topic sends a snapshot first, atomically with joining the
/// topic, so the next message continues it.
/// </summary>
internal sealed class BybitSession : ITimelineSession
{
    private const long EightHoursMs = 8 * 60 * 60 * 1000;
    private const long TopOfBookRepushMs = 3000;
    private static readonly TimeSpan PassGap = TimeSpan.FromMilliseconds(100);
    private static readonly decimal MaxFundingRate = 0.0075m;

    private readonly BybitMarket _market;
    private readonly BybitEvent[] _events;
    private readonly Dictionary<string, BybitSymbol> _symbols = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (BybitSymbol Symbol, BybitDepthStream? Depth)> _sources = new(StringComparer.Ordinal);
    private readonly string[] _symbolNames;
    private readonly TimeProvider _time;
    private readonly bool _retime;
    private readonly bool _waitForRoom;
    private long _passShiftMs;
    private long _retimeNowMs;
    private long _gapsInjected;

    public BybitSession(BybitMarket market, IReadOnlyList<BybitRecordedBook> books, StreamRegistry streams, TimeProvider time, bool retime, bool waitForRoom)
    {
        _market = market;
        _time = time;
        _retime = retime;
        _waitForRoom = waitForRoom;
        var events = new List<BybitEvent>();
        var span = PassGap;
        foreach (var book in books)
        {
            var symbol = new BybitSymbol(market, book, streams);
            _symbols.Add(symbol.Name, symbol);
            foreach (var depth in symbol.Depths)
            {
                _sources.Add(depth.Channel.Name, (symbol, depth));
            }

            _sources.Add(symbol.TradeChannel.Name, (symbol, null));
            _sources.Add(symbol.TickerChannel.Name, (symbol, null));
            if (symbol.LiquidationChannel is { } liquidations)
            {
                _sources.Add(liquidations.Name, (symbol, null));
            }

            AddEvents(symbol, events);
            if (book.Deltas.Count > 0 && book.Deltas[^1].Offset + PassGap > span)
            {
                span = book.Deltas[^1].Offset + PassGap;
            }
        }

        // Stable: events at the same offset keep their generation order (book, then trades, then ticker).
        _events = [.. events.Select((ev, order) => (ev, order)).OrderBy(x => x.ev.Offset).ThenBy(x => x.order).Select(x => x.ev)];
        _symbolNames = [.. _symbols.Keys.Order(StringComparer.Ordinal)];
        LoopSpan = span;
    }

    public int EventCount => _events.Length;

    public TimeSpan LoopSpan { get; }

    public IReadOnlyList<string> SymbolNames => _symbolNames;

    public long GapsInjected => Interlocked.Read(ref _gapsInjected);

    public TimeSpan OffsetOf(int index) => _events[index].Offset;

    public bool IsFirstPassOnly(int index) => false;

    public bool TryGetSymbol(string name, out BybitSymbol symbol) => _symbols.TryGetValue(name, out symbol!);

    /// <summary>The symbol (and book depth) a topic belongs to; false for a topic this session never produces.</summary>
    public bool TryGetSource(string topic, out BybitSymbol symbol, out BybitDepthStream? depth)
    {
        if (_sources.TryGetValue(topic, out var source))
        {
            (symbol, depth) = source;
            return true;
        }

        symbol = null!;
        depth = null;
        return false;
    }

    public async ValueTask BeginPassAsync(int pass, CancellationToken cancellationToken)
    {
        if (pass == 0)
        {
            _retimeNowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            return;
        }

        _passShiftMs = pass * (long)LoopSpan.TotalMilliseconds;
        foreach (var symbol in _symbols.Values)
        {
            List<Publication> publications;
            lock (symbol.Gate)
            {
                // One generated message per changed topic puts the truth back to the recorded snapshot, so every pass
                // replays the same books; the recorded sequences then continue above everything generated so far.
                var (bids, asks) = symbol.Truth.DiffTo(symbol.Initial);
                publications = ApplyBook(symbol, bids, asks, recorded: null, TimeOf(symbol, TimeSpan.Zero), symbol.LastSequence + 1);
                symbol.SequenceShift = symbol.LastSequence + 1 - symbol.Recording.Snapshot.Sequence;
            }

            await PublishAsync(publications, cancellationToken);
        }
    }

    public async ValueTask EmitAsync(int index, CancellationToken cancellationToken)
    {
        var ev = _events[index];
        var symbol = ev.Symbol;
        var time = TimeOf(symbol, ev.Offset);
        List<Publication> publications;
        lock (symbol.Gate)
        {
            publications = ev.Kind switch
            {
                BybitEventKind.Book => ApplyRecordedDelta(symbol, ev.Delta!, time),
                BybitEventKind.Trades => GenerateTrades(symbol, ev.TradeCount, time),
                BybitEventKind.Ticker => GenerateTicker(symbol, time),
                _ => GenerateLiquidation(symbol, time),
            };
        }

        await PublishAsync(publications, cancellationToken);
    }

    /// <summary>
    /// Joins <paramref name="connection"/> to a topic: for a book or ticker topic, the current snapshot goes into the
    /// connection's queue first, and both happen under the symbol's lock, so the next message of the topic continues
    /// exactly where the snapshot stands. False when the connection's queue is full (it is dropped as slow).
    /// </summary>
    public bool Join(SimConnection connection, BybitSymbol symbol, BybitDepthStream? depth, StreamChannel channel)
    {
        lock (symbol.Gate)
        {
            byte[]? snapshot = null;
            if (depth is not null)
            {
                snapshot = BybitFrames.OrderBook(
                    depth.Channel.Name, snapshot: true, symbol.LastTime, symbol.Name, depth.Bids, depth.Asks, depth.UpdateId, symbol.LastSequence, symbol.LastMatchTime);
            }
            else if (channel == symbol.TickerChannel && EnsureTicker(symbol))
            {
                snapshot = BybitFrames.Ticker(channel.Name, _market.IsSpot, snapshot: true, symbol.LastTime, symbol.LastSequence, symbol.Ticker.Snapshot());
            }

            if (snapshot is not null && !connection.TryEnqueue(new OutboundFrame(snapshot, 0, snapshot.Length)))
            {
                connection.DropSlowConsumer();
                return false;
            }

            channel.Add(connection);
            return true;
        }
    }

    /// <summary>The true book's top levels with the recorded depth's <c>u</c> and the last sequence and time.</summary>
    public bool TryGetBook(string name, int levels, out BybitBookView view)
    {
        if (!_symbols.TryGetValue(name, out var symbol))
        {
            view = default;
            return false;
        }

        lock (symbol.Gate)
        {
            view = new BybitBookView(
                symbol.Truth.Top(Side.Buy, levels), symbol.Truth.Top(Side.Sell, levels), RecordedDepthStream(symbol).UpdateId, symbol.LastSequence, symbol.LastTime, symbol.LastMatchTime);
        }

        return true;
    }

    public void CountGap() => Interlocked.Increment(ref _gapsInjected);

    /// <summary>The stream whose <c>u</c> stands for the book: the recorded depth, or the deepest one served.</summary>
    public static BybitDepthStream RecordedDepthStream(BybitSymbol symbol) =>
        Array.Find(symbol.Depths, depth => depth.Depth == symbol.Recording.Depth) ?? symbol.Depths[^1];

    private static void AddEvents(BybitSymbol symbol, List<BybitEvent> events)
    {
        var deltas = symbol.Recording.Deltas;
        var liquidationAt = TimeSpan.FromMilliseconds(500);
        for (var k = 0; k < deltas.Count; k++)
        {
            var offset = deltas[k].Offset;
            while (symbol.LiquidationChannel is not null && liquidationAt <= offset)
            {
                events.Add(new BybitEvent(BybitEventKind.Liquidation, symbol, liquidationAt));
                liquidationAt += TimeSpan.FromSeconds(1);
            }

            events.Add(new BybitEvent(BybitEventKind.Book, symbol, offset, Delta: deltas[k]));
            if (k % 2 == 1)
            {
                events.Add(new BybitEvent(BybitEventKind.Trades, symbol, offset + TimeSpan.FromMilliseconds(1), TradeCount: 1 + (k / 2 % 3)));
            }

            events.Add(new BybitEvent(BybitEventKind.Ticker, symbol, offset + TimeSpan.FromMilliseconds(2)));
        }
    }

    private long TimeOf(BybitSymbol symbol, TimeSpan offset)
    {
        var origin = symbol.Recording.Snapshot.Time;
        return origin + (long)offset.TotalMilliseconds + _passShiftMs + (_retime ? _retimeNowMs - origin : 0);
    }

    private List<Publication> ApplyRecordedDelta(BybitSymbol symbol, BybitRecordedUpdate delta, long time) =>
        ApplyBook(symbol, delta.Bids, delta.Asks, delta, time, Math.Max(delta.Sequence + symbol.SequenceShift, symbol.LastSequence + 1));

    /// <summary>
    /// Applies level changes to the truth and derives every depth's message. <paramref name="recorded"/> is the
    /// recorded delta, whose levels are sent as recorded on depths that hold the whole recorded book.
    /// </summary>
    private List<Publication> ApplyBook(BybitSymbol symbol, IReadOnlyList<BookLevel> bids, IReadOnlyList<BookLevel> asks, BybitRecordedUpdate? recorded, long time, long sequence)
    {
        foreach (var level in bids)
        {
            symbol.Truth.Set(Side.Buy, level.Price, level.Size);
        }

        foreach (var level in asks)
        {
            symbol.Truth.Set(Side.Sell, level.Price, level.Size);
        }

        symbol.LastSequence = sequence;
        symbol.LastTime = time;
        var matchTime = recorded is null ? time : recorded.MatchTime - recorded.Time + time;
        symbol.LastMatchTime = matchTime;
        var withheld = recorded is not null && symbol.ConsumeGap();
        if (withheld)
        {
            CountGap();
        }

        var publications = new List<Publication>(symbol.Depths.Length);
        foreach (var depth in symbol.Depths)
        {
            var newBids = symbol.Truth.Top(Side.Buy, depth.Depth);
            var newAsks = symbol.Truth.Top(Side.Sell, depth.Depth);
            byte[] frame;
            if (depth.IsTopOfBook)
            {
                var changed = !SameLevels(depth.Bids, newBids) || !SameLevels(depth.Asks, newAsks);
                if (!changed && time - depth.LastPushTime < TopOfBookRepushMs)
                {
                    continue;
                }

                // "if 3 seconds have elapsed without a change in the orderbook, a snapshot message will be pushed
                // again, and the field u will be the same as that in the previous message".
                if (changed)
                {
                    depth.UpdateId++;
                    depth.Bids = newBids;
                    depth.Asks = newAsks;
                }

                depth.LastPushTime = time;
                frame = BybitFrames.OrderBook(depth.Channel.Name, snapshot: true, time, symbol.Name, depth.Bids, depth.Asks, depth.UpdateId, sequence, matchTime);
            }
            else
            {
                var wholeBook = recorded is not null && depth.Depth >= symbol.Recording.Depth;
                IReadOnlyList<BookLevel> bidChanges = wholeBook ? recorded!.Bids : Diff(depth.Bids, newBids, descending: true);
                IReadOnlyList<BookLevel> askChanges = wholeBook ? recorded!.Asks : Diff(depth.Asks, newAsks, descending: false);
                if (bidChanges.Count == 0 && askChanges.Count == 0)
                {
                    continue;
                }

                depth.UpdateId++;
                depth.Bids = newBids;
                depth.Asks = newAsks;
                frame = BybitFrames.OrderBook(depth.Channel.Name, snapshot: false, time, symbol.Name, bidChanges, askChanges, depth.UpdateId, sequence, matchTime);
            }

            if (withheld)
            {
                depth.Channel.CountGenerated();
                continue;
            }

            publications.Add(new Publication(depth.Channel, frame, depth.Channel.Subscribers));
        }

        return publications;
    }

    private List<Publication> GenerateTrades(BybitSymbol symbol, int count, long time)
    {
        var trades = new List<BybitTrade>(count);
        for (var i = 0; i < count; i++)
        {
            var side = symbol.NextTakerSide;

            // A taker buy lifts the best ask, a taker sell hits the best bid.
            if (!symbol.Truth.TryGetBest(side == Side.Buy ? Side.Sell : Side.Buy, out var level))
            {
                break;
            }

            symbol.NextTakerSide = side == Side.Buy ? Side.Sell : Side.Buy;
            var number = ++symbol.LastTradeNumber;
            var quantity = Portion(level.Size, 2 + (int)(number % 4));
            symbol.TradeNumbers.Add(number);
            symbol.TickDirection = symbol.LastTradePrice is not { } previous
                ? symbol.TickDirection
                : level.Price > previous ? "PlusTick"
                : level.Price < previous ? "MinusTick"
                : symbol.TickDirection.EndsWith("PlusTick", StringComparison.Ordinal) ? "ZeroPlusTick" : "ZeroMinusTick";
            symbol.LastTradePrice = level.Price;
            symbol.OpenInterest = side == Side.Buy ? symbol.OpenInterest + quantity : Math.Max(quantity, symbol.OpenInterest - quantity);
            symbol.Volume += quantity;
            symbol.Turnover += quantity * level.Price;
            symbol.LastSequence++;
            trades.Add(new BybitTrade(time - 2, side, quantity, level.Price, symbol.TickDirection, BybitTradeIds.Format(_market.IsSpot, number), symbol.LastSequence));
        }

        symbol.LastTime = time;
        if (trades.Count == 0)
        {
            return [];
        }

        var frame = BybitFrames.Trades(symbol.TradeChannel.Name, time, symbol.Name, _market.IsSpot, trades);
        return [new Publication(symbol.TradeChannel, frame, symbol.TradeChannel.Subscribers)];
    }

    private List<Publication> GenerateTicker(BybitSymbol symbol, long time)
    {
        if (!TryComputeTicker(symbol, time, out var values))
        {
            return [];
        }

        var changed = symbol.Ticker.Update(values);
        symbol.LastTime = time;
        byte[] frame;
        if (_market.IsSpot)
        {
            // "Spot & Option tickers message are snapshot only".
            frame = BybitFrames.Ticker(symbol.TickerChannel.Name, spot: true, snapshot: true, time, symbol.LastSequence, symbol.Ticker.Snapshot());
        }
        else if (changed.Count > 0)
        {
            frame = BybitFrames.Ticker(symbol.TickerChannel.Name, spot: false, snapshot: false, time, symbol.LastSequence, changed);
        }
        else
        {
            return [];
        }

        return [new Publication(symbol.TickerChannel, frame, symbol.TickerChannel.Subscribers)];
    }

    private static List<Publication> GenerateLiquidation(BybitSymbol symbol, long time)
    {
        var channel = symbol.LiquidationChannel!;
        var position = symbol.NextLiquidatedPosition;

        // A liquidated long is sold into the bids at a bankruptcy price below them; a liquidated short is bought
        // from the asks above them.
        if (!symbol.Truth.TryGetBest(position == Side.Buy ? Side.Buy : Side.Sell, out var level))
        {
            return [];
        }

        symbol.NextLiquidatedPosition = position == Side.Buy ? Side.Sell : Side.Buy;
        var price = decimal.Round(level.Price * (position == Side.Buy ? 0.99m : 1.01m), level.Price.Scale, MidpointRounding.AwayFromZero);
        var liquidation = new BybitLiquidation(time - 250, position, Portion(level.Size, 5), price);
        symbol.LastTime = time;
        var frame = BybitFrames.Liquidations(channel.Name, time, symbol.Name, [liquidation]);
        return [new Publication(channel, frame, channel.Subscribers)];
    }

    /// <summary>Sets the ticker from the truth the first time a subscriber needs it; false when the book has an empty side.</summary>
    private bool EnsureTicker(BybitSymbol symbol)
    {
        if (symbol.Ticker.HasValues)
        {
            return true;
        }

        if (!TryComputeTicker(symbol, symbol.LastTime, out var values))
        {
            return false;
        }

        symbol.Ticker.Update(values);
        return true;
    }

    /// <summary>
    /// The synthetic ticker: mark price the mid of the true book, index a quarter spread below it, funding 0.01% plus
    /// an eighth of the premium (clamped to ±0.75%, 6 decimals), next funding at the next 00/08/16 h UTC, open interest
    /// moved by each trade (up for taker buys, down for taker sells) and valued at the mark price, best bid and ask
    /// from the truth, 24 h figures from the session's start price and its trades.
    /// </summary>
    private bool TryComputeTicker(BybitSymbol symbol, long time, out string[] values)
    {
        values = [];
        if (!symbol.Truth.TryGetBest(Side.Buy, out var bid) || !symbol.Truth.TryGetBest(Side.Sell, out var ask))
        {
            return false;
        }

        var scale = symbol.PriceScale;
        var mid = (bid.Price + ask.Price) / 2;
        var mark = decimal.Round(mid, scale, MidpointRounding.AwayFromZero);
        var index = decimal.Round(mid - ((ask.Price - bid.Price) / 4), scale + 1, MidpointRounding.AwayFromZero);
        var last = symbol.LastTradePrice ?? mark;
        var previous24h = decimal.Round(symbol.InitialMid * 0.98m, scale, MidpointRounding.AwayFromZero);
        var high = decimal.Round(Math.Max(symbol.InitialMid * 1.01m, last), scale, MidpointRounding.AwayFromZero);
        var low = decimal.Round(Math.Min(symbol.InitialMid * 0.97m, last), scale, MidpointRounding.AwayFromZero);
        var change = previous24h == 0 ? 0 : (last - previous24h) / previous24h;
        var volume = symbol.Volume + 1_000_000m;
        var turnover = symbol.Turnover + (1_000_000m * symbol.InitialMid);
        if (_market.IsSpot)
        {
            values =
            [
                symbol.Name, Text(last), Text(high), Text(low), Text(previous24h), Text(volume, "F" + Digits(symbol.SizeScale)),
                Text(turnover, "F4"), Text(change, "F4"), Text(mark),
            ];
            return true;
        }

        var premium = index == 0 ? 0 : (mark - index) / index;
        var rate = decimal.Round(Math.Clamp(0.0001m + (premium / 8), -MaxFundingRate, MaxFundingRate), 6, MidpointRounding.AwayFromZero);
        var nextFunding = ((time / EightHoursMs) + 1) * EightHoursMs;
        var openInterestValue = decimal.Round(symbol.OpenInterest * mark, 2, MidpointRounding.AwayFromZero);
        values =
        [
            symbol.Name, symbol.TickDirection, Text(change, "F6"), Text(last), Text(previous24h), Text(high), Text(low),
            Text(decimal.Round(symbol.InitialMid * 0.995m, scale, MidpointRounding.AwayFromZero)), Text(mark), Text(index),
            Text(symbol.OpenInterest), Text(openInterestValue, "F2"), Text(turnover, "F4"), Text(volume, "F" + Digits(symbol.SizeScale)),
            nextFunding.ToString(CultureInfo.InvariantCulture), Text(rate, "0.######"), Text(bid.Price), Text(bid.Size), Text(ask.Price), Text(ask.Size),
        ];
        return true;
    }

    private async ValueTask PublishAsync(List<Publication> publications, CancellationToken cancellationToken)
    {
        foreach (var (channel, frame, subscribers) in publications)
        {
            channel.CountGenerated();
            var outbound = new OutboundFrame(frame, 0, frame.Length);
            foreach (var subscriber in subscribers)
            {
                // The stall fault holds the topic back from its stalled subscribers while the truth advances.
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

    /// <summary>The level changes that turn <paramref name="before"/> into <paramref name="after"/>, best first.</summary>
    private static List<BookLevel> Diff(BookLevel[] before, BookLevel[] after, bool descending)
    {
        var changes = new List<BookLevel>();
        var next = new Dictionary<decimal, decimal>(after.Length);
        foreach (var level in after)
        {
            next[level.Price] = level.Size;
        }

        var previous = new Dictionary<decimal, decimal>(before.Length);
        foreach (var level in before)
        {
            previous[level.Price] = level.Size;
            if (!next.ContainsKey(level.Price))
            {
                changes.Add(new BookLevel(level.Price, 0m)); // Bybit writes a removal as "0".
            }
        }

        foreach (var level in after)
        {
            if (!previous.TryGetValue(level.Price, out var size) || size != level.Size || size.Scale != level.Size.Scale)
            {
                changes.Add(level);
            }
        }

        changes.Sort((x, y) => descending ? y.Price.CompareTo(x.Price) : x.Price.CompareTo(y.Price));
        return changes;
    }

    private static bool SameLevels(BookLevel[] x, BookLevel[] y) => x.AsSpan().SequenceEqual(y);

    /// <summary>About 1/<paramref name="divisor"/> of a size, at least one unit of its scale and at most all of it.</summary>
    private static decimal Portion(decimal size, int divisor)
    {
        var unit = new decimal(1, 0, 0, false, (byte)size.Scale);
        var portion = decimal.Round(size / divisor, size.Scale, MidpointRounding.AwayFromZero);
        return Math.Min(size, Math.Max(unit, portion));
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(decimal value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Digits(int scale) => scale.ToString(CultureInfo.InvariantCulture);

    /// <summary>One generated message and the subscribers it goes to, captured under the symbol's lock.</summary>
    private readonly record struct Publication(StreamChannel Channel, byte[] Frame, SimConnection[] Subscribers);
}

/// <summary>The book a REST <c>/v5/market/orderbook</c> request returns now.</summary>
internal readonly record struct BybitBookView(BookLevel[] Bids, BookLevel[] Asks, long UpdateId, long Sequence, long Time, long MatchTime);

using MarketPrism.Core.Model;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Deribit;

/// <summary>
/// The Deribit session as the timeline replays it. Generating an event updates the instrument's truth and sends
/// its frames; book changes get the next change id (previous generated id + the recorded step), so
/// <c>prev_change_id</c> always names the change before, across passes and after an injected gap. Each later pass
/// starts with one generated change per recorded book that puts it back to the recorded snapshot. The snapshot a
/// subscriber gets is rendered from the truth at the moment it subscribes (<see cref="SubscribeBook"/>).
/// </summary>
internal sealed class DeribitSession : ITimelineSession
{
    private readonly DeribitEvent[] _events;
    private readonly SortedDictionary<string, DeribitInstrument> _instruments;
    private readonly TimeProvider _time;
    private readonly bool _retime;
    private readonly bool _waitForRoom;
    private readonly long _originMs;
    private long _passTimeShift;
    private long _retimeNowMs;
    private long _gapsInjected;

    public DeribitSession(DeribitSessionData data, TimeProvider time, bool retime, bool waitForRoom)
    {
        _events = data.Events;
        _instruments = data.Instruments;
        _originMs = data.OriginMs;
        _time = time;
        _retime = retime;
        _waitForRoom = waitForRoom;
        LoopSpan = data.LoopSpan;
        InstrumentNames = [.. data.Instruments.Keys];
    }

    public int EventCount => _events.Length;

    public TimeSpan LoopSpan { get; }

    public IReadOnlyList<string> InstrumentNames { get; }

    public long GapsInjected => Interlocked.Read(ref _gapsInjected);

    public TimeSpan OffsetOf(int index) => _events[index].Offset;

    public bool IsFirstPassOnly(int index) => false;

    public bool TryGetInstrument(string name, out DeribitInstrument instrument) => _instruments.TryGetValue(name, out instrument!);

    public async ValueTask BeginPassAsync(int pass, CancellationToken cancellationToken)
    {
        if (pass == 0)
        {
            _retimeNowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            return;
        }

        _passTimeShift = pass * (long)LoopSpan.TotalMilliseconds;
        foreach (var instrument in _instruments.Values)
        {
            if (instrument.InitialBook is { } initial)
            {
                await EmitChangeAsync(instrument, initial, _originMs + TimeShift(), cancellationToken);
            }
        }
    }

    public ValueTask EmitAsync(int index, CancellationToken cancellationToken)
    {
        var ev = _events[index];
        var time = ev.Time + TimeShift();
        return ev.Kind switch
        {
            DeribitEventKind.RecordedTicker => ev.Instrument!.TickerChannel.PublishAsync(
                ev.Template!.Render(new PatchValues { TimeShift = TimeShift() }), _waitForRoom, cancellationToken),
            DeribitEventKind.RecordedBookChange => EmitRecordedChangeAsync(ev, time, cancellationToken),
            DeribitEventKind.PerpetualTick => EmitPerpetualTickAsync(ev, time, cancellationToken),
            DeribitEventKind.PerpetualTrade => EmitPerpetualTradeAsync(ev, time, cancellationToken),
            _ => ev.Channel!.PublishAsync(DeribitFrames.VolatilityIndex(ev.IndexName!, time, ev.Volatility), _waitForRoom, cancellationToken),
        };
    }

    /// <summary>
    /// Sends the book snapshot to a new subscriber and starts its changes, atomically with respect to the timeline:
    /// every change is either in the snapshot or sent after it (a change both in the snapshot and sent has a
    /// <c>change_id</c> the snapshot already holds, which a client skips as stale).
    /// </summary>
    public void SubscribeBook(DeribitInstrument instrument, SimConnection connection)
    {
        lock (instrument.Gate)
        {
            var time = BookTime(instrument);
            var frame = DeribitFrames.Book(
                instrument.BookChannel.Name,
                instrument.Name,
                snapshot: true,
                time,
                previousChangeId: null,
                instrument.LastChangeId,
                Levels(instrument.Truth.Top(Side.Buy, int.MaxValue)),
                Levels(instrument.Truth.Top(Side.Sell, int.MaxValue)));
            if (!connection.TryEnqueue(frame))
            {
                connection.DropSlowConsumer();
                return;
            }

            connection.Activate([instrument.BookChannel]);
        }
    }

    /// <summary>The true book now: what a client that applied the snapshot and every change holds.</summary>
    public bool TryGetBook(string name, int depth, out long changeId, out BookLevel[] bids, out BookLevel[] asks, out long time)
    {
        if (!_instruments.TryGetValue(name, out var instrument))
        {
            changeId = 0;
            bids = [];
            asks = [];
            time = 0;
            return false;
        }

        lock (instrument.Gate)
        {
            changeId = instrument.LastChangeId;
            bids = instrument.Truth.Top(Side.Buy, depth);
            asks = instrument.Truth.Top(Side.Sell, depth);
            time = BookTime(instrument);
        }

        return true;
    }

    /// <summary>
    /// When the book last changed: the last change's time, else the starting book's (shifted like everything else;
    /// before a retimed timeline has started, now).
    /// </summary>
    private long BookTime(DeribitInstrument instrument)
    {
        if (instrument.LastBookTime > 0)
        {
            return instrument.LastBookTime;
        }

        return _retime && _retimeNowMs == 0 ? _time.GetUtcNow().ToUnixTimeMilliseconds() : instrument.InitialBookTime + TimeShift();
    }

    private long TimeShift() => _passTimeShift + (_retime && _retimeNowMs != 0 ? _retimeNowMs - _originMs : 0);

    private async ValueTask EmitRecordedChangeAsync(DeribitEvent ev, long time, CancellationToken cancellationToken)
    {
        var instrument = ev.Instrument!;
        OutboundFrame change;
        OutboundFrame? quote;
        bool withheld;
        lock (instrument.Gate)
        {
            foreach (var level in ev.Bids)
            {
                instrument.Truth.Set(Side.Buy, level.Price, level.ToBookLevel().Size);
            }

            foreach (var level in ev.Asks)
            {
                instrument.Truth.Set(Side.Sell, level.Price, level.ToBookLevel().Size);
            }

            var previous = instrument.LastChangeId;
            var changeId = previous + ev.ChangeStep;
            change = Advance(instrument, previous, changeId, time, ev.Bids, ev.Asks);
            quote = QuoteIfChanged(instrument, time);
            withheld = instrument.ConsumeGap();
        }

        await PublishChangeAsync(instrument, change, withheld, cancellationToken);
        if (quote is not null)
        {
            await instrument.QuoteChannel.PublishAsync(quote, _waitForRoom, cancellationToken);
        }
    }

    private async ValueTask EmitPerpetualTickAsync(DeribitEvent ev, long time, CancellationToken cancellationToken)
    {
        var instrument = ev.Instrument!;
        var target = DeribitSynthesis.PerpetualBook(instrument, ev.IndexPrice, ev.Sequence);
        await EmitChangeAsync(instrument, target, time, cancellationToken, step: 1 + (ev.Sequence % 7));

        OutboundFrame ticker;
        lock (instrument.Gate)
        {
            var (bidPrice, bidAmount, askPrice, askAmount) = instrument.CurrentQuote();
            var mark = DeribitSynthesis.Mark(bidPrice, askPrice);
            var funding = DeribitSynthesis.CurrentFunding(mark, ev.IndexPrice);
            var openInterest = instrument.OpenInterest;
            var last = instrument.LastTradePrice ?? mark;
            ticker = DeribitFrames.Notification(instrument.TickerChannel.Name, writer =>
            {
                // The field order of Deribit's perpetual ticker (tardis-node's recorded BTC-PERPETUAL frames).
                writer.WriteStartObject();
                writer.WriteNumber("timestamp", time);
                writer.WriteStartObject("stats");
                writer.WriteNumber("volume", 1000m + ev.Sequence);
                writer.WriteNumber("low", decimal.Round(mark * 0.98m, 1));
                writer.WriteNumber("high", decimal.Round(mark * 1.02m, 1));
                writer.WriteEndObject();
                writer.WriteString("state", "open");
                writer.WriteNumber("settlement_price", ev.IndexPrice);
                writer.WriteNumber("open_interest", openInterest);
                writer.WriteNumber("min_price", decimal.Round(mark * 0.97m, 2));
                writer.WriteNumber("max_price", decimal.Round(mark * 1.03m, 2));
                writer.WriteNumber("mark_price", mark);
                writer.WriteNumber("last_price", last);
                writer.WriteNumber("interest_value", 0m);
                writer.WriteString("instrument_name", instrument.Name);
                writer.WriteNumber("index_price", ev.IndexPrice);
                writer.WriteNumber("funding_8h", funding);
                writer.WriteNumber("estimated_delivery_price", ev.IndexPrice);
                writer.WriteNumber("current_funding", funding);
                writer.WriteNumber("best_bid_price", bidPrice);
                writer.WriteNumber("best_bid_amount", bidAmount);
                writer.WriteNumber("best_ask_price", askPrice);
                writer.WriteNumber("best_ask_amount", askAmount);
                writer.WriteEndObject();
            });
        }

        await instrument.TickerChannel.PublishAsync(ticker, _waitForRoom, cancellationToken);
    }

    private ValueTask EmitPerpetualTradeAsync(DeribitEvent ev, long time, CancellationToken cancellationToken)
    {
        var instrument = ev.Instrument!;
        OutboundFrame frame;
        lock (instrument.Gate)
        {
            var number = ++instrument.TradesGenerated;
            var buy = number % 2 == 1;
            if (!instrument.Truth.TryGetBest(buy ? Side.Sell : Side.Buy, out var level))
            {
                return ValueTask.CompletedTask;
            }

            var amount = DeribitSynthesis.TradeAmount(instrument, number);
            var flag = DeribitSynthesis.LiquidationFlag(number);
            var sequence = instrument.NextTradeSequence++;
            var id = instrument.NextTradeId++;
            instrument.TradeIds.Add(id);
            instrument.OpenInterest += buy ? amount : -amount;
            instrument.LastTradePrice = level.Price;
            var tradeId = instrument.Currency == "BTC" ? id.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{instrument.Currency}-{id}";
            var mark = DeribitSynthesis.Mark(
                instrument.Truth.TryGetBest(Side.Buy, out var bid) ? bid.Price : level.Price,
                instrument.Truth.TryGetBest(Side.Sell, out var ask) ? ask.Price : level.Price);
            frame = DeribitFrames.Notification(instrument.TradesChannel.Name, writer =>
            {
                // The fields of Deribit's trades notification (tardis-node's recorded frames, plus mark_price and
                // contracts, which current frames carry).
                writer.WriteStartArray();
                writer.WriteStartObject();
                writer.WriteNumber("trade_seq", sequence);
                writer.WriteString("trade_id", tradeId);
                writer.WriteNumber("timestamp", time);
                writer.WriteNumber("tick_direction", buy ? 0 : 2);
                writer.WriteNumber("price", level.Price);
                writer.WriteNumber("mark_price", mark);
                if (flag is not null)
                {
                    writer.WriteString("liquidation", flag);
                }

                writer.WriteString("instrument_name", instrument.Name);
                writer.WriteNumber("index_price", ev.IndexPrice);
                writer.WriteString("direction", buy ? "buy" : "sell");
                writer.WriteNumber("amount", amount);
                writer.WriteNumber("contracts", amount / instrument.ContractSize);
                writer.WriteEndObject();
                writer.WriteEndArray();
            });
        }

        return instrument.TradesChannel.PublishAsync(frame, _waitForRoom, cancellationToken);
    }

    /// <summary>Moves an instrument's truth to <paramref name="target"/> with one change (nothing when they are equal).</summary>
    private async ValueTask EmitChangeAsync(DeribitInstrument instrument, TruthBook target, long time, CancellationToken cancellationToken, long step = 1)
    {
        OutboundFrame? change = null;
        OutboundFrame? quote;
        bool withheld;
        lock (instrument.Gate)
        {
            var bids = Actions(instrument.Truth, Side.Buy, target);
            var asks = Actions(instrument.Truth, Side.Sell, target);
            if (bids.Count > 0 || asks.Count > 0)
            {
                foreach (var level in bids)
                {
                    instrument.Truth.Set(Side.Buy, level.Price, level.ToBookLevel().Size);
                }

                foreach (var level in asks)
                {
                    instrument.Truth.Set(Side.Sell, level.Price, level.ToBookLevel().Size);
                }

                var previous = instrument.LastChangeId;
                change = Advance(instrument, previous, previous + step, time, bids, asks);
            }

            quote = QuoteIfChanged(instrument, time);
            withheld = change is not null && instrument.ConsumeGap();
        }

        if (change is not null)
        {
            await PublishChangeAsync(instrument, change, withheld, cancellationToken);
        }

        if (quote is not null)
        {
            await instrument.QuoteChannel.PublishAsync(quote, _waitForRoom, cancellationToken);
        }
    }

    /// <summary>Records the new change id and time and renders the change. Under the instrument's gate.</summary>
    private static OutboundFrame Advance(
        DeribitInstrument instrument, long previous, long changeId, long time, IReadOnlyList<DeribitLevel> bids, IReadOnlyList<DeribitLevel> asks)
    {
        instrument.LastChangeId = changeId;
        instrument.Truth.LastUpdateId = changeId;
        instrument.LastBookTime = time;
        return DeribitFrames.Book(instrument.BookChannel.Name, instrument.Name, snapshot: false, time, previous, changeId, bids, asks);
    }

    private ValueTask PublishChangeAsync(DeribitInstrument instrument, OutboundFrame change, bool withheld, CancellationToken cancellationToken)
    {
        if (!withheld)
        {
            return instrument.BookChannel.PublishAsync(change, _waitForRoom, cancellationToken);
        }

        // The gap fault: generated (the truth moved on), counted, not sent.
        instrument.BookChannel.CountGenerated();
        Interlocked.Increment(ref _gapsInjected);
        return ValueTask.CompletedTask;
    }

    /// <summary>A quote frame when the top of the book differs from the last quote sent. Under the instrument's gate.</summary>
    private static OutboundFrame? QuoteIfChanged(DeribitInstrument instrument, long time)
    {
        var quote = instrument.CurrentQuote();
        if (instrument.LastQuote == quote)
        {
            return null;
        }

        instrument.LastQuote = quote;
        return DeribitFrames.Quote(instrument.Name, time, quote);
    }

    /// <summary>The levels that turn one side into the target's, with Deribit's actions: new, change or delete.</summary>
    private static List<DeribitLevel> Actions(TruthBook truth, Side side, TruthBook target)
    {
        var current = new Dictionary<decimal, decimal>();
        foreach (var level in truth.Top(side, int.MaxValue))
        {
            current[level.Price] = level.Size;
        }

        var wanted = target.Top(side, int.MaxValue);
        var actions = new List<DeribitLevel>();
        foreach (var price in current.Keys)
        {
            if (Array.FindIndex(wanted, level => level.Price == price) < 0)
            {
                actions.Add(new DeribitLevel("delete", price, 0m));
            }
        }

        foreach (var level in wanted)
        {
            if (!current.TryGetValue(level.Price, out var size))
            {
                actions.Add(new DeribitLevel("new", level.Price, level.Size));
            }
            else if (size != level.Size)
            {
                actions.Add(new DeribitLevel("change", level.Price, level.Size));
            }
        }

        return actions;
    }

    private static DeribitLevel[] Levels(BookLevel[] levels)
    {
        var result = new DeribitLevel[levels.Length];
        for (var i = 0; i < levels.Length; i++)
        {
            result[i] = new DeribitLevel("new", levels[i].Price, levels[i].Size);
        }

        return result;
    }
}

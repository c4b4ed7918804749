using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Binance;

/// <summary>A depth snapshot as the REST endpoint returns it.</summary>
internal readonly record struct DepthView(long LastUpdateId, BookLevel[] Bids, BookLevel[] Asks, long EventTime, long TransactionTime);

/// <summary>
/// A Binance market's session as the timeline replays it. Generating an event applies it to the truth and
/// renders its frame once from the recorded template; between passes every id is shifted so sequences continue
/// (depth <c>U</c>/<c>u</c>/<c>pu</c>, bookTicker <c>u</c>, aggTrade <c>a</c>/<c>f</c>/<c>l</c>, trade <c>t</c>)
/// and timestamps move forward. Each later pass starts with one generated diff that puts the truth back to the
/// recorded snapshot, so every pass replays the same books instead of drifting (and never crosses).
/// </summary>
internal sealed class BinanceSession : ITimelineSession
{
    private const long EightHoursMs = 8 * 60 * 60 * 1000;
    private static readonly decimal MaxFundingRate = 0.0075m;

    private readonly BinanceMarket _market;
    private readonly BinanceEvent[] _events;
    private readonly SortedDictionary<string, BinanceSymbol> _symbols;
    private readonly string[] _symbolNames;
    private readonly TimeProvider _time;
    private readonly bool _retime;
    private readonly bool _waitForRoom;
    private readonly long _sessionOriginMs;
    private long _passTimeShift;
    private long _retimeNowMs;
    private long _gapsInjected;

    public BinanceSession(BinanceMarket market, BinanceSessionData data, TimeProvider time, bool retime, bool waitForRoom)
    {
        _market = market;
        _events = data.Events;
        _symbols = data.Symbols;
        _symbolNames = [.. data.Symbols.Keys];
        _time = time;
        _retime = retime;
        _waitForRoom = waitForRoom;
        LoopSpan = data.LoopSpan;
        _sessionOriginMs = _events.Length > 0 ? _events[0].OriginMs : 0;
        foreach (var symbol in _symbols.Values)
        {
            symbol.NextDerivedTradeId = symbol.FirstDerivedTradeId;
        }
    }

    public int EventCount => _events.Length;

    public TimeSpan LoopSpan { get; }

    public IReadOnlyList<string> SymbolNames => _symbolNames;

    public long GapsInjected => Interlocked.Read(ref _gapsInjected);

    public TimeSpan OffsetOf(int index) => _events[index].Offset;

    public bool IsFirstPassOnly(int index) => _events[index].FirstPassOnly;

    public bool TryGetSymbol(string name, out BinanceSymbol symbol) => _symbols.TryGetValue(name, out symbol!);

    public async ValueTask BeginPassAsync(int pass, CancellationToken cancellationToken)
    {
        if (pass == 0)
        {
            _retimeNowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            return;
        }

        _passTimeShift = pass * (long)LoopSpan.TotalMilliseconds;
        foreach (var symbol in _symbols.Values)
        {
            if (symbol.Truth is not null && symbol.DepthChannel is not null)
            {
                await EmitResetDiffAsync(symbol, cancellationToken);
            }

            // The pass's smallest update id follows the largest one generated so far.
            if (symbol.MinReplayedUpdateId is { } min && symbol.MaxGeneratedUpdateId is { } max)
            {
                symbol.UpdateIdShift = max + 1 - min;
            }

            if (symbol.MinAggregateId <= symbol.MaxAggregateId)
            {
                symbol.AggregateIdShift = pass * (symbol.MaxAggregateId - symbol.MinAggregateId + 1);
            }

            if (symbol.MinTradeId <= symbol.MaxTradeId)
            {
                symbol.TradeIdShift = pass * (symbol.MaxTradeId - symbol.MinTradeId + 1);
            }
        }
    }

    public ValueTask EmitAsync(int index, CancellationToken cancellationToken)
    {
        var ev = _events[index];
        var timeShift = TimeShiftFor(ev.OriginMs);
        switch (ev.Kind)
        {
            case BinanceEventKind.DepthDiff:
                return EmitDepthDiff(ev, timeShift, cancellationToken);
            case BinanceEventKind.MarkPrice:
                return EmitMarkPriceAsync(ev, timeShift, cancellationToken);
            case BinanceEventKind.Liquidation:
                return EmitLiquidationAsync(ev, timeShift, cancellationToken);
        }

        var values = new PatchValues { TimeShift = timeShift };
        if (ev.Symbol is { } symbol)
        {
            values.UpdateIdShift = symbol.UpdateIdShift;
            values.AggregateIdShift = symbol.AggregateIdShift;
            values.TradeIdShift = symbol.TradeIdShift;
            lock (symbol.Gate)
            {
                switch (ev.Kind)
                {
                    case BinanceEventKind.BookTicker:
                        symbol.NoteGeneratedUpdateId(ev.FinalUpdateId + symbol.UpdateIdShift);
                        break;
                    case BinanceEventKind.AggregateTrade:
                        symbol.AggregateIds.Add(ev.TradeKey + symbol.AggregateIdShift);
                        break;
                    case BinanceEventKind.Trade:
                        symbol.TradeIds.Add(ev.TradeKey + symbol.TradeIdShift);
                        break;
                    case BinanceEventKind.DerivedTrade:
                        values.AssignedTradeId = symbol.NextDerivedTradeId++;
                        symbol.TradeIds.Add(values.AssignedTradeId);
                        break;
                }
            }
        }

        return ev.Channel.PublishAsync(ev.Template!.Render(values), _waitForRoom, cancellationToken);
    }

    /// <summary>The book a REST depth request returns now: the truth's top levels and its last update id.</summary>
    public bool TryGetDepth(string name, int levels, out DepthView view)
    {
        if (!_symbols.TryGetValue(name, out var symbol) || symbol.Truth is not { } truth)
        {
            view = default;
            return false;
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (symbol.Gate)
        {
            view = new DepthView(
                truth.LastUpdateId,
                truth.Top(Side.Buy, levels),
                truth.Top(Side.Sell, levels),
                symbol.LastDepthEventTime > 0 ? symbol.LastDepthEventTime : now,
                symbol.LastDepthTransactionTime > 0 ? symbol.LastDepthTransactionTime : now);
        }

        return true;
    }

    /// <summary>The last synthetic mark price, or one computed from the truth now when none was generated yet.</summary>
    public bool TryGetMarkPrice(string name, out MarkPriceState mark)
    {
        mark = default;
        if (!_symbols.TryGetValue(name, out var symbol) || symbol.Truth is null)
        {
            return false;
        }

        lock (symbol.Gate)
        {
            if (symbol.LastMark is { } last)
            {
                mark = last;
                return true;
            }
        }

        return TryComputeMark(symbol, _time.GetUtcNow().ToUnixTimeMilliseconds(), out mark);
    }

    private long TimeShiftFor(long originMs) => _passTimeShift + (_retime ? _retimeNowMs - originMs : 0);

    private ValueTask EmitDepthDiff(BinanceEvent ev, long timeShift, CancellationToken cancellationToken)
    {
        var symbol = ev.Symbol!;
        var truth = symbol.Truth!;
        long? previous;
        var final = ev.FinalUpdateId + symbol.UpdateIdShift;
        lock (symbol.Gate)
        {
            foreach (var level in ev.Bids)
            {
                truth.Set(Side.Buy, level.Price, level.Size);
            }

            foreach (var level in ev.Asks)
            {
                truth.Set(Side.Sell, level.Price, level.Size);
            }

            previous = symbol.LastGeneratedUpdateId;
            truth.LastUpdateId = final;
            symbol.LastGeneratedUpdateId = final;
            symbol.NoteGeneratedUpdateId(final);
            symbol.LastDepthEventTime = ev.EventTime + timeShift;
            symbol.LastDepthTransactionTime = ev.TransactionTime + timeShift;
        }

        // pu is the previous generated u: as recorded, except across passes and after an injected gap.
        var values = new PatchValues
        {
            TimeShift = timeShift,
            UpdateIdShift = symbol.UpdateIdShift,
            HasPreviousUpdateId = previous.HasValue,
            PreviousUpdateId = previous ?? 0,
        };
        var frame = ev.Template!.Render(values);
        if (symbol.ConsumeGap())
        {
            ev.Channel.CountGenerated();
            Interlocked.Increment(ref _gapsInjected);
            return ValueTask.CompletedTask;
        }

        return ev.Channel.PublishAsync(frame, _waitForRoom, cancellationToken);
    }

    private ValueTask EmitResetDiffAsync(BinanceSymbol symbol, CancellationToken cancellationToken)
    {
        var truth = symbol.Truth!;
        var eventTime = _sessionOriginMs + TimeShiftFor(_sessionOriginMs);
        List<BookLevel> bids;
        List<BookLevel> asks;
        long previous;
        long first;
        long final;
        lock (symbol.Gate)
        {
            (bids, asks) = truth.DiffTo(symbol.InitialBook!);
            foreach (var level in bids)
            {
                truth.Set(Side.Buy, level.Price, level.Size);
            }

            foreach (var level in asks)
            {
                truth.Set(Side.Sell, level.Price, level.Size);
            }

            // U continues the last diff; u also passes every id a bookTicker has used, so the next pass's ids
            // stay above everything generated so far.
            previous = symbol.LastGeneratedUpdateId ?? truth.LastUpdateId;
            first = previous + 1;
            final = Math.Max(previous, symbol.MaxGeneratedUpdateId ?? previous) + 1;
            truth.LastUpdateId = final;
            symbol.LastGeneratedUpdateId = final;
            symbol.NoteGeneratedUpdateId(final);
            symbol.LastDepthEventTime = eventTime;
            symbol.LastDepthTransactionTime = eventTime;
        }

        var data = WriteData(writer =>
        {
            writer.WriteString("e", "depthUpdate");
            writer.WriteNumber("E", eventTime);
            if (_market.IsFutures)
            {
                writer.WriteNumber("T", eventTime);
            }

            writer.WriteString("s", symbol.Name);
            writer.WriteNumber("U", first);
            writer.WriteNumber("u", final);
            if (_market.IsFutures)
            {
                writer.WriteNumber("pu", previous);
            }

            JsonDecimals.WriteLevels(writer, "b", bids);
            JsonDecimals.WriteLevels(writer, "a", asks);
        });

        return symbol.DepthChannel!.PublishAsync(Wrap(symbol.DepthChannel.Name, data), _waitForRoom, cancellationToken);
    }

    private async ValueTask EmitMarkPriceAsync(BinanceEvent ev, long timeShift, CancellationToken cancellationToken)
    {
        var symbol = ev.Symbol!;
        if (!TryComputeMark(symbol, ev.EventTime + timeShift, out var mark))
        {
            return; // One side of the book is empty: nothing to mark.
        }

        lock (symbol.Gate)
        {
            symbol.LastMark = mark;
        }

        var data = WriteData(writer =>
        {
            writer.WriteString("e", "markPriceUpdate");
            writer.WriteNumber("E", mark.Time);
            writer.WriteString("s", symbol.Name);
            JsonDecimals.WriteDecimal(writer, "p", mark.MarkPrice, "F8");
            JsonDecimals.WriteDecimal(writer, "i", mark.IndexPrice, "F8");
            JsonDecimals.WriteDecimal(writer, "P", mark.EstimatedSettlePrice, "F8");
            JsonDecimals.WriteDecimal(writer, "r", mark.FundingRate, "F8");
            writer.WriteNumber("T", mark.NextFundingTime);
        });

        await ev.Channel.PublishAsync(Wrap(ev.Channel.Name, data), _waitForRoom, cancellationToken);
        if (ev.SecondaryChannel is { } slow)
        {
            await slow.PublishAsync(Wrap(slow.Name, data), _waitForRoom, cancellationToken);
        }
    }

    private async ValueTask EmitLiquidationAsync(BinanceEvent ev, long timeShift, CancellationToken cancellationToken)
    {
        var symbol = ev.Symbol!;
        Side side;
        BookLevel level;
        lock (symbol.Gate)
        {
            side = symbol.NextLiquidationSide;

            // A liquidated long sells into the bids, a liquidated short buys from the asks.
            if (!symbol.Truth!.TryGetBest(side == Side.Sell ? Side.Buy : Side.Sell, out level))
            {
                return;
            }

            symbol.NextLiquidationSide = side == Side.Sell ? Side.Buy : Side.Sell;
        }

        var eventTime = ev.EventTime + timeShift;
        var scale = level.Price.Scale;
        var limitPrice = decimal.Round(level.Price * (side == Side.Sell ? 0.99m : 1.01m), scale, MidpointRounding.AwayFromZero);
        var priceFormat = "F" + scale.ToString(CultureInfo.InvariantCulture);
        var data = WriteData(writer =>
        {
            writer.WriteString("e", "forceOrder");
            writer.WriteNumber("E", eventTime);
            writer.WriteStartObject("o");
            writer.WriteString("s", symbol.Name);
            writer.WriteString("S", side == Side.Sell ? "SELL" : "BUY");
            writer.WriteString("o", "LIMIT");
            writer.WriteString("f", "IOC");
            JsonDecimals.WriteDecimal(writer, "q", level.Size, null);
            JsonDecimals.WriteDecimal(writer, "p", limitPrice, priceFormat);
            JsonDecimals.WriteDecimal(writer, "ap", level.Price, null);
            writer.WriteString("X", "FILLED");
            JsonDecimals.WriteDecimal(writer, "l", level.Size, null);
            JsonDecimals.WriteDecimal(writer, "z", level.Size, null);
            writer.WriteNumber("T", eventTime - 5);
            writer.WriteEndObject();
        });

        await ev.Channel.PublishAsync(Wrap(ev.Channel.Name, data), _waitForRoom, cancellationToken);
        if (ev.SecondaryChannel is { } all)
        {
            await all.PublishAsync(Wrap(all.Name, data), _waitForRoom, cancellationToken);
        }
    }

    /// <summary>
    /// Synthetic mark price: the mid of the true book (8 decimals); the index a quarter spread below it; the
    /// estimated settle price equal to the index; funding = 0.01% + premium/8, clamped to ±0.75%; next funding at
    /// the next 00:00/08:00/16:00 UTC after the event.
    /// </summary>
    private static bool TryComputeMark(BinanceSymbol symbol, long time, out MarkPriceState mark)
    {
        BookLevel bid;
        BookLevel ask;
        lock (symbol.Gate)
        {
            if (!symbol.Truth!.TryGetBest(Side.Buy, out bid) || !symbol.Truth.TryGetBest(Side.Sell, out ask))
            {
                mark = default;
                return false;
            }
        }

        var mid = (bid.Price + ask.Price) / 2;
        var markPrice = decimal.Round(mid, 8, MidpointRounding.AwayFromZero);
        var index = decimal.Round(mid - ((ask.Price - bid.Price) / 4), 8, MidpointRounding.AwayFromZero);
        var premium = index == 0 ? 0 : (markPrice - index) / index;
        var rate = decimal.Round(Math.Clamp(0.0001m + (premium / 8), -MaxFundingRate, MaxFundingRate), 8, MidpointRounding.AwayFromZero);
        var nextFunding = ((time / EightHoursMs) + 1) * EightHoursMs;
        mark = new MarkPriceState(markPrice, index, index, rate, nextFunding, time);
        return true;
    }

    private static byte[] WriteData(Action<Utf8JsonWriter> writeFields)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WireJson.Options))
        {
            writer.WriteStartObject();
            writeFields(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static OutboundFrame Wrap(string stream, byte[] data)
    {
        var (combined, dataStart) = CombinedFrame.Wrap(stream, data);
        return new OutboundFrame(combined, dataStart, data.Length);
    }
}

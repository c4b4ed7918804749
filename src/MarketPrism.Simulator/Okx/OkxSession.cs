using MarketPrism.Core.Model;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Okx;

/// <summary>
/// The OKX session as the timeline replays it. Book updates are applied to each instrument's true book and sent with
/// a generated <c>seqId</c>/<c>prevSeqId</c> and the checksum of the truth after them (the 2022 capture predates
/// sequence ids); a subscription to <c>books</c> gets the truth as a snapshot first, atomically with the updates
/// that follow it. Each later pass starts with one update per book that puts the truth back to the recorded
/// snapshot, and shifts trade ids and times forward, so passes never drift and ids never repeat.
/// </summary>
internal sealed class OkxSession : ITimelineSession, IDisposable
{
    /// <summary>OKX's <c>books</c> channel holds 400 levels a side; a snapshot sends them.</summary>
    public const int SnapshotDepth = 400;

    private const decimal MaxFundingRate = 0.0075m;

    private readonly OkxSimEvent[] _events;
    private readonly SortedDictionary<string, OkxSimInstrument> _instruments;
    private readonly TimeProvider _time;
    private readonly bool _retime;
    private readonly bool _waitForRoom;
    private readonly bool _withholdSnapshot;
    private readonly long _originMs;

    // Book state (truth, seqIds, the last bbo) changes and subscriptions to books are serialized by this gate, so a
    // new subscriber's snapshot and the updates after it are in order.
    private readonly SemaphoreSlim _bookGate = new(1, 1);
    private long _passTimeShift;
    private long _retimeNowMs;
    private long _gapsInjected;

    /// <param name="withholdSnapshot">Subscriptions to <c>books</c> get no snapshot (<see cref="OkxVenueOptions.WithholdBookSnapshot"/>).</param>
    public OkxSession(OkxSessionData data, TimeProvider time, bool retime, bool waitForRoom, bool withholdSnapshot = false)
    {
        _withholdSnapshot = withholdSnapshot;
        _events = data.Events;
        _instruments = data.Instruments;
        _time = time;
        _retime = retime;
        _waitForRoom = waitForRoom;
        _originMs = data.OriginMs;
        LoopSpan = data.LoopSpan;
        foreach (var instrument in _instruments.Values)
        {
            // Deterministic, distinct starting points; OKX's ids are not contiguous, nor are these (see NextSeqId).
            instrument.SeqId = 1_000_000L * (instrument.Index + 1);
        }
    }

    public int EventCount => _events.Length;

    public TimeSpan LoopSpan { get; }

    public IReadOnlyList<string> InstrumentIds => [.. _instruments.Keys];

    public long GapsInjected => Interlocked.Read(ref _gapsInjected);

    public TimeSpan OffsetOf(int index) => _events[index].Offset;

    public bool IsFirstPassOnly(int index) => false;

    public bool TryGetInstrument(string instId, out OkxSimInstrument instrument) => _instruments.TryGetValue(instId, out instrument!);

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
            if (instrument.Truth is not null)
            {
                await EmitResetAsync(instrument, cancellationToken);
            }

            if (instrument.MinTradeId <= instrument.MaxTradeId)
            {
                instrument.TradeIdShift = pass * (instrument.MaxTradeId - instrument.MinTradeId + 1);
            }
        }
    }

    public ValueTask EmitAsync(int index, CancellationToken cancellationToken)
    {
        var ev = _events[index];
        var instrument = ev.Instrument;
        var time = ev.Time + TimeShift;
        switch (ev.Kind)
        {
            case OkxSimEventKind.BookUpdate:
                return EmitBookUpdateAsync(instrument, ev.Bids, ev.Asks, time, cancellationToken);
            case OkxSimEventKind.Trade:
                lock (instrument.TradeGate)
                {
                    foreach (var trade in ev.Trades)
                    {
                        instrument.TradeIds.Add(trade.TradeId + instrument.TradeIdShift);
                    }
                }

                return ev.Channel.PublishAsync(OkxFrames.Trades(instrument.InstId, ev.Trades, instrument.TradeIdShift, TimeShift), _waitForRoom, cancellationToken);
            case OkxSimEventKind.Ticker:
                return ev.Channel.PublishAsync(OkxFrames.Ticker(instrument.InstId, ev.TickerFields, time), _waitForRoom, cancellationToken);
            case OkxSimEventKind.MarkPrice:
                return TryGetMarkPrice(instrument, out var mark)
                    ? ev.Channel.PublishAsync(OkxFrames.MarkPrice(instrument.InstId, OkxInstTypes.Name(instrument.Type), mark, time), _waitForRoom, cancellationToken)
                    : ValueTask.CompletedTask;
            case OkxSimEventKind.FundingRate:
                return TryGetFunding(instrument, time, out var funding)
                    ? ev.Channel.PublishAsync(OkxFrames.FundingRate(funding), _waitForRoom, cancellationToken)
                    : ValueTask.CompletedTask;
            case OkxSimEventKind.OpenInterest:
                return TryGetOpenInterest(instrument, time, out var openInterest)
                    ? ev.Channel.PublishAsync(OkxFrames.OpenInterest(openInterest), _waitForRoom, cancellationToken)
                    : ValueTask.CompletedTask;
            default:
                return EmitLiquidationAsync(ev, time, cancellationToken);
        }
    }

    /// <summary>
    /// Subscribes a connection to an instrument's <c>books</c>: queues the true book as a snapshot, then adds the
    /// connection to the channel, both under the book gate so no update falls between them. With the snapshot
    /// withheld, only the updates after the subscription are sent; the REST book's <c>seqId</c> bridges them.
    /// </summary>
    public async ValueTask SubscribeBooksAsync(SimConnection connection, OkxSimInstrument instrument, CancellationToken cancellationToken)
    {
        await _bookGate.WaitAsync(cancellationToken);
        try
        {
            if (_withholdSnapshot)
            {
                instrument.BooksChannel!.Add(connection);
                return;
            }

            var truth = instrument.Truth!;
            var bids = truth.Top(Side.Buy, SnapshotDepth);
            var asks = truth.Top(Side.Sell, SnapshotDepth);
            var time = SnapshotTime(instrument);
            var snapshot = OkxFrames.BookSnapshot(instrument.InstId, bids, asks, time, instrument.SeqId, OkxBookChecksum.Compute(bids, asks));
            if (!connection.TryEnqueue(snapshot))
            {
                await connection.EnqueueAsync(snapshot, cancellationToken);
            }

            instrument.BooksChannel!.Add(connection);
        }
        finally
        {
            _bookGate.Release();
        }
    }

    /// <summary>The true book now, top <paramref name="depth"/> levels, with the seqId of the last message.</summary>
    public bool TryGetDepth(string instId, int depth, out long seqId, out BookLevel[] bids, out BookLevel[] asks)
    {
        seqId = 0;
        bids = asks = [];
        if (!_instruments.TryGetValue(instId, out var instrument) || instrument.Truth is not { } truth)
        {
            return false;
        }

        _bookGate.Wait();
        try
        {
            seqId = instrument.SeqId;
            bids = truth.Top(Side.Buy, depth);
            asks = truth.Top(Side.Sell, depth);
            return true;
        }
        finally
        {
            _bookGate.Release();
        }
    }

    /// <summary>Synthetic mark price: the mid of the true book.</summary>
    public bool TryGetMarkPrice(OkxSimInstrument instrument, out decimal mark)
    {
        mark = 0;
        if (!TryGetTop(instrument, out var bid, out var ask))
        {
            return false;
        }

        mark = (bid.Price + ask.Price) / 2;
        return true;
    }

    /// <summary>
    /// Synthetic funding: 0.01% plus an eighth of the relative spread (clamped to ±0.75%), charged at the next
    /// 00/08/16 h UTC; the premium is half the relative spread.
    /// </summary>
    public bool TryGetFunding(OkxSimInstrument instrument, long time, out OkxFunding funding)
    {
        funding = default;
        if (instrument.Type != OkxInstType.Swap || !TryGetTop(instrument, out var bid, out var ask))
        {
            return false;
        }

        var mid = (bid.Price + ask.Price) / 2;
        var relativeSpread = mid == 0 ? 0 : (ask.Price - bid.Price) / mid;
        var rate = decimal.Round(Math.Clamp(0.0001m + (relativeSpread / 8), -MaxFundingRate, MaxFundingRate), 10, MidpointRounding.AwayFromZero);
        var premium = decimal.Round(relativeSpread / 2, 10, MidpointRounding.AwayFromZero);
        funding = new OkxFunding(instrument.InstId, rate, premium, ((time / OkxFunding.Period) + 1) * OkxFunding.Period, time);
        return true;
    }

    /// <summary>
    /// Synthetic open interest: the recorded snapshot's total size in contracts, a tenth of that in coins (as if one
    /// contract were 0.1 coin), valued at the mark price in USD.
    /// </summary>
    public bool TryGetOpenInterest(OkxSimInstrument instrument, long time, out OkxOpenInterest openInterest)
    {
        openInterest = default;
        if (!instrument.IsDerivative || !TryGetMarkPrice(instrument, out var mark))
        {
            return false;
        }

        var coins = instrument.OpenInterestContracts / 10;
        openInterest = new OkxOpenInterest(
            instrument.InstId,
            OkxInstTypes.Name(instrument.Type),
            instrument.OpenInterestContracts,
            coins,
            decimal.Round(coins * mark, 2, MidpointRounding.AwayFromZero),
            time);
        return true;
    }

    /// <summary>The current time as the session's clock would stamp it (for REST answers).</summary>
    public long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public void Dispose() => _bookGate.Dispose();

    private long TimeShift => _passTimeShift + (_retime ? _retimeNowMs - _originMs : 0);

    /// <summary>
    /// A snapshot is stamped with the time of the last book message (the recorded snapshot's before the first update;
    /// "now" when retiming and the timeline has not started, since the shift is fixed only at its start).
    /// </summary>
    private long SnapshotTime(OkxSimInstrument instrument) =>
        instrument.Updates > 0 ? instrument.LastBookTime
        : _retime && Volatile.Read(ref _retimeNowMs) == 0 ? Now
        : instrument.LastBookTime + TimeShift;

    private bool TryGetTop(OkxSimInstrument instrument, out BookLevel bid, out BookLevel ask)
    {
        bid = ask = default;
        if (instrument.Truth is not { } truth)
        {
            return false;
        }

        _bookGate.Wait();
        try
        {
            return truth.TryGetBest(Side.Buy, out bid) && truth.TryGetBest(Side.Sell, out ask);
        }
        finally
        {
            _bookGate.Release();
        }
    }

    private async ValueTask EmitBookUpdateAsync(OkxSimInstrument instrument, BookLevel[] bids, BookLevel[] asks, long time, CancellationToken cancellationToken)
    {
        await _bookGate.WaitAsync(cancellationToken);
        try
        {
            var truth = instrument.Truth!;
            foreach (var level in bids)
            {
                truth.Set(Side.Buy, level.Price, level.Size);
            }

            foreach (var level in asks)
            {
                truth.Set(Side.Sell, level.Price, level.Size);
            }

            var previous = instrument.SeqId;
            var seqId = NextSeqId(instrument);
            instrument.LastBookTime = time;
            var checksum = OkxBookChecksum.Compute(truth.Top(Side.Buy, OkxBookChecksum.Depth), truth.Top(Side.Sell, OkxBookChecksum.Depth));
            if (instrument.ConsumeChecksumFault())
            {
                checksum ^= 0x5A5A5A5A;
            }

            var frame = OkxFrames.BookUpdate(instrument.InstId, bids, asks, time, previous, seqId, checksum);
            if (instrument.ConsumeGap())
            {
                // Generated (the truth and the sequence moved on) but not sent: the next update's prevSeqId breaks.
                instrument.BooksChannel!.CountGenerated();
                Interlocked.Increment(ref _gapsInjected);
            }
            else
            {
                await instrument.BooksChannel!.PublishAsync(frame, _waitForRoom, cancellationToken);
            }

            await PublishBboIfChangedAsync(instrument, time, seqId, cancellationToken);
        }
        finally
        {
            _bookGate.Release();
        }
    }

    /// <summary>Puts the truth back to the recorded snapshot with one update, at the start of a later pass.</summary>
    private async ValueTask EmitResetAsync(OkxSimInstrument instrument, CancellationToken cancellationToken)
    {
        List<BookLevel> bids;
        List<BookLevel> asks;
        await _bookGate.WaitAsync(cancellationToken);
        try
        {
            (bids, asks) = instrument.Truth!.DiffTo(instrument.InitialBook!);
        }
        finally
        {
            _bookGate.Release();
        }

        // Stamped with the previous message's time: a pass's first recorded update can be stamped earlier than its
        // first frame arrived, and book times must never go backwards. (TruthBook writes removals as size zero.)
        await EmitBookUpdateAsync(instrument, [.. bids], [.. asks], instrument.LastBookTime, cancellationToken);
    }

    private async ValueTask PublishBboIfChangedAsync(OkxSimInstrument instrument, long time, long seqId, CancellationToken cancellationToken)
    {
        if (!instrument.Truth!.TryGetBest(Side.Buy, out var bid) || !instrument.Truth.TryGetBest(Side.Sell, out var ask))
        {
            return;
        }

        if (instrument.LastBbo is { } last && last.Bid == bid && last.Ask == ask)
        {
            return;
        }

        instrument.LastBbo = (bid, ask);
        await instrument.BboChannel!.PublishAsync(OkxFrames.BestBidOffer(instrument.InstId, bid, ask, time, seqId), _waitForRoom, cancellationToken);
    }

    private async ValueTask EmitLiquidationAsync(OkxSimEvent ev, long time, CancellationToken cancellationToken)
    {
        var instrument = ev.Instrument;
        Side side;
        BookLevel level;
        await _bookGate.WaitAsync(cancellationToken);
        try
        {
            side = instrument.NextLiquidationSide;

            // A liquidated long is closed by a sell order into the bids, a liquidated short by a buy from the asks.
            if (!instrument.Truth!.TryGetBest(side == Side.Sell ? Side.Buy : Side.Sell, out level))
            {
                return;
            }

            instrument.NextLiquidationSide = side == Side.Sell ? Side.Buy : Side.Sell;
        }
        finally
        {
            _bookGate.Release();
        }

        await ev.Channel.PublishAsync(
            OkxFrames.Liquidation(instrument.InstId, OkxInstTypes.Name(instrument.Type), side, level.Price, level.Size, time), _waitForRoom, cancellationToken);
    }

    /// <summary>OKX's seqIds grow by uneven steps ("not contiguous"); these step by 1 to 5, deterministically.</summary>
    private static long NextSeqId(OkxSimInstrument instrument)
    {
        instrument.Updates++;
        instrument.SeqId += 1 + (instrument.Updates % 5);
        return instrument.SeqId;
    }
}

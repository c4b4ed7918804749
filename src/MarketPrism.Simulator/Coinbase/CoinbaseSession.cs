using System.Diagnostics;
using MarketPrism.Core.Model;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Coinbase;

/// <summary>
/// The Coinbase session as the timeline replays it, once for both APIs: each recorded <c>l2update</c> is applied to the
/// product's true book and sent as an Exchange <c>l2update</c> and an Advanced Trade <c>l2_data</c> update; each
/// <c>match</c> goes out as a <c>match</c> and a <c>market_trades</c> update with the same trade id; each <c>ticker</c>
/// as the recorded Exchange ticker and an Advanced Trade ticker built from it and the true book. A subscription to a
/// book gets the truth as a snapshot first, atomically with the updates that follow. Each later pass starts with one
/// update per book back to the recorded snapshot and moves trade ids, sequences and times on, so ids never repeat and
/// trade ids stay contiguous across passes.
/// </summary>
internal sealed class CoinbaseSession : ITimelineSession, IDisposable
{
    private readonly CoinbaseEvent[] _events;
    private readonly SortedDictionary<string, CoinbaseProduct> _products;
    private readonly TimeProvider _time;
    private readonly bool _retime;
    private readonly bool _waitForRoom;
    private readonly DateTimeOffset _origin;

    // Book and trade state and subscriptions to books are serialized by this gate, so a new subscriber's snapshot and
    // the updates after it are in order.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TimeSpan _passShift;
    private TimeSpan? _retimeShift;
    private long _gapsInjected;

    public CoinbaseSession(CoinbaseSessionData data, TimeProvider time, bool retime, bool waitForRoom)
    {
        _events = data.Events;
        _products = data.Products;
        _time = time;
        _retime = retime;
        _waitForRoom = waitForRoom;
        _origin = data.Origin;
        LoopSpan = data.LoopSpan;
        foreach (var ev in _events)
        {
            ev.Product.ExchangeHeartbeat.HasSource = true;
            switch (ev.Kind)
            {
                case CoinbaseEventKind.BookUpdate:
                    ev.Product.ExchangeBook.HasSource = ev.Product.AdvancedBook.HasSource = true;
                    break;
                case CoinbaseEventKind.Match:
                    ev.Product.ExchangeMatches.HasSource = ev.Product.AdvancedTrades.HasSource = true;
                    break;
                default:
                    ev.Product.ExchangeTicker.HasSource = ev.Product.AdvancedTicker.HasSource = true;
                    break;
            }
        }
    }

    public int EventCount => _events.Length;

    public TimeSpan LoopSpan { get; }

    public IReadOnlyList<string> ProductIds => [.. _products.Keys];

    public long GapsInjected => Interlocked.Read(ref _gapsInjected);

    /// <summary>The current time as the session's clock has it (REST answers, envelopes).</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    public TimeSpan OffsetOf(int index) => _events[index].Offset;

    public bool IsFirstPassOnly(int index) => false;

    public bool TryGetProduct(string id, out CoinbaseProduct product) => _products.TryGetValue(id, out product!);

    /// <summary>Counts an armed gap (the fault is counted when armed: it withholds one message on each API).</summary>
    public void CountGap() => Interlocked.Increment(ref _gapsInjected);

    public async ValueTask BeginPassAsync(int pass, CancellationToken cancellationToken)
    {
        if (pass == 0)
        {
            _retimeShift = _retime ? _time.GetUtcNow() - _origin : TimeSpan.Zero;
            return;
        }

        _passShift = LoopSpan * pass;
        foreach (var product in _products.Values)
        {
            if (product.MinTradeId <= product.MaxTradeId)
            {
                product.TradeIdShift = pass * (product.MaxTradeId - product.MinTradeId + 1);
            }

            if (product.MinSequence <= product.MaxSequence)
            {
                product.SequenceShift = pass * (product.MaxSequence - product.MinSequence + 1);
            }

            if (product.Truth is not null)
            {
                await EmitResetAsync(product, cancellationToken);
            }
        }
    }

    public ValueTask EmitAsync(int index, CancellationToken cancellationToken)
    {
        var ev = _events[index];
        return ev.Kind switch
        {
            CoinbaseEventKind.BookUpdate => EmitBookUpdateAsync(ev.Product, ev.Changes, ev.Time + TimeShift, cancellationToken),
            CoinbaseEventKind.Match => EmitMatchAsync(ev.Product, ev.Match!, cancellationToken),
            _ => EmitTickerAsync(ev, cancellationToken),
        };
    }

    /// <summary>Exchange <c>level2_batch</c>: queues the true book as a <c>snapshot</c>, then joins the product's stream.</summary>
    public async ValueTask SubscribeExchangeBookAsync(SimConnection connection, CoinbaseProduct product, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (product.Truth is { } truth)
            {
                await EnqueueAsync(connection, CoinbaseFrames.ExchangeSnapshot(product.Id, truth.Top(Side.Buy, int.MaxValue), truth.Top(Side.Sell, int.MaxValue)), cancellationToken);
            }

            product.ExchangeBook.Add(connection);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Exchange <c>matches</c>: tells the product's last trade as <c>last_match</c>, then joins the stream.</summary>
    public async ValueTask SubscribeExchangeMatchesAsync(SimConnection connection, CoinbaseProduct product, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (CurrentLastMatch(product) is { } last)
            {
                await EnqueueAsync(connection, CoinbaseFrames.ExchangeMatch("last_match", product.Id, last), cancellationToken);
            }

            product.ExchangeMatches.Add(connection);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Advanced Trade <c>level2</c>: queues the true book as an <c>l2_data</c> snapshot, then joins the stream.</summary>
    public async ValueTask SubscribeAdvancedBookAsync(SimConnection connection, CoinbaseProduct product, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (product.Truth is { } truth)
            {
                var levels = new List<CoinbaseChange>(truth.BidCount + truth.AskCount);
                foreach (var level in truth.Top(Side.Buy, int.MaxValue))
                {
                    levels.Add(new CoinbaseChange(Side.Buy, level.Price, level.Size));
                }

                foreach (var level in truth.Top(Side.Sell, int.MaxValue))
                {
                    levels.Add(new CoinbaseChange(Side.Sell, level.Price, level.Size));
                }

                var (bytes, at) = CoinbaseFrames.AdvancedBook("snapshot", product.Id, levels, SnapshotTime(product), Now);
                await EnqueueAsync(connection, OutboundFrame.Sequenced(bytes, at), cancellationToken);
            }

            product.AdvancedBook.Add(connection);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Advanced Trade <c>market_trades</c>: a <c>snapshot</c> of the last trade, then the stream.</summary>
    public async ValueTask SubscribeAdvancedTradesAsync(SimConnection connection, CoinbaseProduct product, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (CurrentLastMatch(product) is { } last)
            {
                var (bytes, at) = CoinbaseFrames.AdvancedTrades("snapshot", product.Id, [last], Now);
                await EnqueueAsync(connection, OutboundFrame.Sequenced(bytes, at), cancellationToken);
            }

            product.AdvancedTrades.Add(connection);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Advanced Trade <c>ticker</c>: a <c>snapshot</c> of the current ticker (once one was recorded), then the stream.</summary>
    public async ValueTask SubscribeAdvancedTickerAsync(SimConnection connection, CoinbaseProduct product, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (product.LastTicker is { } recorded && product.TryGetTop(out var bid, out var ask))
            {
                var (bytes, at) = CoinbaseFrames.AdvancedTicker("snapshot", product.Id, recorded, bid, ask, Now);
                await EnqueueAsync(connection, OutboundFrame.Sequenced(bytes, at), cancellationToken);
            }

            product.AdvancedTicker.Add(connection);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The Exchange feed's <c>heartbeat</c> of every product, <c>{"type","sequence","last_trade_id","product_id","time"}</c>
    /// (Exchange "Channels" docs), under the gate so it never names a trade whose match is not yet queued before it.
    /// </summary>
    public void PublishExchangeHeartbeats()
    {
        _gate.Wait();
        try
        {
            var now = Now;
            foreach (var product in _products.Values)
            {
                if (product.ExchangeHeartbeat.Subscribers.Length == 0 || CurrentLastMatch(product) is not { } last)
                {
                    continue;
                }

                var sequence = Math.Max(product.LastSequence, last.Sequence);
                var publishing = product.ExchangeHeartbeat.PublishAsync(CoinbaseFrames.ExchangeHeartbeat(product.Id, sequence, last.TradeId, now), waitForRoom: false, CancellationToken.None);
                Debug.Assert(publishing.IsCompletedSuccessfully, "a publish that does not wait for room completes at once");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The true book now: its message count (see <see cref="CoinbaseProduct.Truth"/>) and top levels.</summary>
    public bool TryGetDepth(string productId, int depth, out long version, out BookLevel[] bids, out BookLevel[] asks)
    {
        version = 0;
        bids = asks = [];
        if (!_products.TryGetValue(productId, out var product) || product.Truth is not { } truth)
        {
            return false;
        }

        _gate.Wait();
        try
        {
            version = truth.LastUpdateId;
            bids = truth.Top(Side.Buy, depth);
            asks = truth.Top(Side.Sell, depth);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The product's recent trades (newest last) and its best levels, read together.</summary>
    public bool TryGetTrades(string productId, out CoinbaseMatch[] trades, out BookLevel? bid, out BookLevel? ask)
    {
        trades = [];
        bid = ask = null;
        if (!_products.TryGetValue(productId, out var product))
        {
            return false;
        }

        _gate.Wait();
        try
        {
            trades = [.. product.RecentTrades];
            if (trades.Length == 0 && CurrentLastMatch(product) is { } last)
            {
                trades = [last];
            }

            if (product.Truth is { } truth)
            {
                bid = truth.TryGetBest(Side.Buy, out var b) ? b : null;
                ask = truth.TryGetBest(Side.Sell, out var a) ? a : null;
            }

            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Trade ids generated for a product (Exchange <c>trade_id</c> and Advanced Trade <c>trade_id</c> alike).</summary>
    public bool TryGetTradeIds(string productId, out long count, out IdRange[] ranges)
    {
        count = 0;
        ranges = [];
        if (!_products.TryGetValue(productId, out var product))
        {
            return false;
        }

        _gate.Wait();
        try
        {
            count = product.TradeIds.Count;
            ranges = product.TradeIds.ToArray();
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>
    /// How far recorded times move: the pass's offset, plus (when retiming) the distance from the recording's start to
    /// when the timeline started, or to now before it starts.
    /// </summary>
    private TimeSpan TimeShift => _passShift + (_retimeShift ?? (_retime ? _time.GetUtcNow() - _origin : TimeSpan.Zero));

    private DateTimeOffset SnapshotTime(CoinbaseProduct product) =>
        product.Truth!.LastUpdateId > 1 ? product.LastBookTime : product.LastBookTime + TimeShift;

    /// <summary>The trade a new subscriber is told first: the last one generated, else the recorded <c>last_match</c>.</summary>
    private CoinbaseMatch? CurrentLastMatch(CoinbaseProduct product) =>
        product.LastMatch ?? product.RecordedLastMatch?.Shifted(0, 0, TimeShift);

    private static ValueTask EnqueueAsync(SimConnection connection, OutboundFrame frame, CancellationToken cancellationToken) =>
        connection.TryEnqueue(frame) ? ValueTask.CompletedTask : connection.EnqueueAsync(frame, cancellationToken);

    private async ValueTask EmitBookUpdateAsync(CoinbaseProduct product, IReadOnlyList<CoinbaseChange> changes, DateTimeOffset time, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var truth = product.Truth!;
            foreach (var change in changes)
            {
                truth.Set(change.Side, change.Price, change.Size);
            }

            truth.LastUpdateId++;
            product.LastBookTime = time;
            await product.ExchangeBook.PublishAsync(CoinbaseFrames.ExchangeUpdate(product.Id, changes, time), _waitForRoom, cancellationToken);
            if (product.ConsumeAdvancedGap())
            {
                // Numbered and lost: every Advanced Trade subscriber's sequence_num skips one; the truth moved on.
                await product.AdvancedBook.PublishAsync(OutboundFrame.SequenceSkip, _waitForRoom, cancellationToken);
            }
            else
            {
                var (bytes, at) = CoinbaseFrames.AdvancedBook("update", product.Id, changes, time, Now);
                await product.AdvancedBook.PublishAsync(OutboundFrame.Sequenced(bytes, at), _waitForRoom, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async ValueTask EmitMatchAsync(CoinbaseProduct product, CoinbaseMatch recorded, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var match = recorded.Shifted(product.TradeIdShift, product.SequenceShift, TimeShift);
            product.TradeIds.Add(match.TradeId);
            product.LastMatch = match;
            product.LastSequence = match.Sequence;
            if (product.RecentTrades.Count == CoinbaseProduct.RecentTradesKept)
            {
                product.RecentTrades.RemoveAt(0);
            }

            product.RecentTrades.Add(match);
            if (product.ConsumeExchangeGap())
            {
                // The Exchange feed's level2 carries no sequence, so the message whose loss a client can see is a
                // match: its trade_id and sequence are skipped. Generated, not sent.
                product.ExchangeMatches.CountGenerated();
            }
            else
            {
                await product.ExchangeMatches.PublishAsync(CoinbaseFrames.ExchangeMatch("match", product.Id, match), _waitForRoom, cancellationToken);
            }

            var (bytes, at) = CoinbaseFrames.AdvancedTrades("update", product.Id, [match], Now);
            await product.AdvancedTrades.PublishAsync(OutboundFrame.Sequenced(bytes, at), _waitForRoom, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async ValueTask EmitTickerAsync(CoinbaseEvent ev, CancellationToken cancellationToken)
    {
        var product = ev.Product;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            product.LastTicker = ev.Ticker;
            product.LastSequence = ev.Ticker.GetProperty("sequence").GetInt64() + product.SequenceShift;
            await product.ExchangeTicker.PublishAsync(
                CoinbaseFrames.ExchangeTicker(ev.Ticker, product.SequenceShift, product.TradeIdShift, TimeShift), _waitForRoom, cancellationToken);
            if (product.TryGetTop(out var bid, out var ask))
            {
                var (bytes, at) = CoinbaseFrames.AdvancedTicker("update", product.Id, ev.Ticker, bid, ask, Now);
                await product.AdvancedTicker.PublishAsync(OutboundFrame.Sequenced(bytes, at), _waitForRoom, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Puts the truth back to the recorded snapshot with one update, at the start of a later pass.</summary>
    private async ValueTask EmitResetAsync(CoinbaseProduct product, CancellationToken cancellationToken)
    {
        List<BookLevel> bids;
        List<BookLevel> asks;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            (bids, asks) = product.Truth!.DiffTo(product.InitialBook!);
        }
        finally
        {
            _gate.Release();
        }

        if (bids.Count + asks.Count == 0)
        {
            return;
        }

        var changes = new List<CoinbaseChange>(bids.Count + asks.Count);
        bids.ForEach(level => changes.Add(new CoinbaseChange(Side.Buy, level.Price, level.Size)));
        asks.ForEach(level => changes.Add(new CoinbaseChange(Side.Sell, level.Price, level.Size)));

        // Stamped with the previous book message's time, so book times never go backwards.
        await EmitBookUpdateAsync(product, changes, product.LastBookTime, cancellationToken);
    }
}

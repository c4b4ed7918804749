using MarketPrism.Core.Model;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Binance;

/// <summary>
/// One symbol of a Binance session: its truth book, the id shifts of the current pass, and the ids generated.
/// The timeline writes it; REST and truth queries read it under <see cref="Gate"/>.
/// </summary>
internal sealed class BinanceSymbol
{
    private int _gapPending;

    public BinanceSymbol(string name) => Name = name;

    /// <summary>Exchange symbol, upper case: <c>NKNUSDT</c>.</summary>
    public string Name { get; }

    public Lock Gate { get; } = new();

    /// <summary>The true book; null when the session has neither a snapshot nor depth diffs for the symbol.</summary>
    public TruthBook? Truth { get; set; }

    /// <summary>The truth at the start of every pass (the recorded snapshot).</summary>
    public TruthBook? InitialBook { get; set; }

    /// <summary>The depth stream whose diffs drive the truth.</summary>
    public StreamChannel? DepthChannel { get; set; }

    /// <summary>Smallest update id replayed in passes after the first (depth <c>U</c>, bookTicker <c>u</c>).</summary>
    public long? MinReplayedUpdateId { get; set; }

    public long MinAggregateId { get; set; } = long.MaxValue;

    public long MaxAggregateId { get; set; } = long.MinValue;

    public long MinTradeId { get; set; } = long.MaxValue;

    public long MaxTradeId { get; set; } = long.MinValue;

    /// <summary>First id of derived trades (the first aggregate trade's first trade id).</summary>
    public long FirstDerivedTradeId { get; set; } = 1;

    // Per-pass state, written by the timeline.
    public long UpdateIdShift { get; set; }

    public long AggregateIdShift { get; set; }

    public long TradeIdShift { get; set; }

    /// <summary>Final update id of the last diff generated, if any.</summary>
    public long? LastGeneratedUpdateId { get; set; }

    /// <summary>Largest update id generated on any stream of the symbol.</summary>
    public long? MaxGeneratedUpdateId { get; set; }

    public long NextDerivedTradeId { get; set; }

    /// <summary>Event and transaction time (ms) of the last diff generated; 0 before the first.</summary>
    public long LastDepthEventTime { get; set; }

    public long LastDepthTransactionTime { get; set; }

    public IdRangeSet AggregateIds { get; } = new();

    public IdRangeSet TradeIds { get; } = new();

    public MarkPriceState? LastMark { get; set; }

    public Side NextLiquidationSide { get; set; } = Side.Sell;

    /// <summary>Synthetic open interest (contracts): the recorded snapshot's total quantity, constant.</summary>
    public decimal OpenInterest { get; set; }

    /// <summary>The next depth diff is generated but not sent (the gap fault).</summary>
    public void ArmGap() => Volatile.Write(ref _gapPending, 1);

    public bool ConsumeGap() => Interlocked.Exchange(ref _gapPending, 0) == 1;

    public void NoteGeneratedUpdateId(long id)
    {
        if (MaxGeneratedUpdateId is not { } max || id > max)
        {
            MaxGeneratedUpdateId = id;
        }
    }
}

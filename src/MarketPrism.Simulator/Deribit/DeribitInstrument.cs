using MarketPrism.Core.Model;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Deribit;

/// <summary>
/// One instrument of the Deribit session: its true book and the change id and time it was last changed at, its
/// channels, and the counters of its synthetic trades. Everything mutable is touched under <see cref="Gate"/>.
/// </summary>
internal sealed class DeribitInstrument
{
    private int _gapArmed;

    public DeribitInstrument(string name, string currency, DeribitInstrumentKind kind, StreamRegistry streams)
    {
        Name = name;
        Currency = currency;
        Kind = kind;
        BookChannel = streams.GetOrAdd(DeribitChannelNames.Book(name));
        TradesChannel = streams.GetOrAdd(DeribitChannelNames.Trades(name));
        TickerChannel = streams.GetOrAdd(DeribitChannelNames.Ticker(name));
        QuoteChannel = streams.GetOrAdd(DeribitChannelNames.Quote(name));
    }

    /// <summary>Deribit's instrument name, e.g. <c>BTC-24SEP21-8000-P</c>.</summary>
    public string Name { get; }

    /// <summary>The base currency, e.g. <c>BTC</c>.</summary>
    public string Currency { get; }

    public DeribitInstrumentKind Kind { get; }

    public Lock Gate { get; } = new();

    public StreamChannel BookChannel { get; }

    public StreamChannel TradesChannel { get; }

    public StreamChannel TickerChannel { get; }

    public StreamChannel QuoteChannel { get; }

    /// <summary>The book a client holds after the snapshot and every change generated so far.</summary>
    public TruthBook Truth { get; } = new();

    /// <summary>The recorded snapshot, which every later pass returns to.</summary>
    public TruthBook? InitialBook { get; set; }

    /// <summary><c>change_id</c> of the last change generated (of the recorded snapshot before any).</summary>
    public long LastChangeId { get; set; }

    /// <summary>Exchange time (ms) of the starting book as recorded (or synthesized), before any shift.</summary>
    public long InitialBookTime { get; set; }

    /// <summary>Exchange time (ms) of the last change generated; 0 before any.</summary>
    public long LastBookTime { get; set; }

    /// <summary>The last quote published: best bid and ask (price and amount; zeros for an empty side).</summary>
    public (decimal BidPrice, decimal BidAmount, decimal AskPrice, decimal AskAmount)? LastQuote { get; set; }

    /// <summary>Synthetic perpetuals: the price step of the book.</summary>
    public decimal TickSize { get; init; } = 0.5m;

    /// <summary>Synthetic perpetuals: USD per contract (10 for BTC, 1 for the others), the step of every amount.</summary>
    public decimal ContractSize { get; init; } = 10m;

    /// <summary>Numeric part of every trade id generated, as runs.</summary>
    public IdRangeSet TradeIds { get; } = new();

    public long NextTradeSequence { get; set; }

    public long NextTradeId { get; set; }

    public int TradesGenerated { get; set; }

    /// <summary>Open interest in USD (synthetic perpetuals).</summary>
    public decimal OpenInterest { get; set; }

    public decimal? LastTradePrice { get; set; }

    /// <summary>Arms the gap fault: the next book change is generated (the truth advances) but not sent.</summary>
    public void ArmGap() => Volatile.Write(ref _gapArmed, 1);

    public bool ConsumeGap() => Interlocked.Exchange(ref _gapArmed, 0) == 1;

    /// <summary>The current top of book as a quote, zeros for an empty side. Under <see cref="Gate"/>.</summary>
    public (decimal BidPrice, decimal BidAmount, decimal AskPrice, decimal AskAmount) CurrentQuote()
    {
        var bid = Truth.TryGetBest(Side.Buy, out var best) ? best : default;
        var ask = Truth.TryGetBest(Side.Sell, out var bestAsk) ? bestAsk : default;
        return (bid.Price, bid.Size, ask.Price, ask.Size);
    }
}

using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Hyperliquid;

/// <summary>
/// One recorded perpetual (a coin such as <c>BTC</c>) and its truth: the latest full book snapshot pushed (Hyperliquid's
/// books are whole 20-level snapshots, so the truth is simply the last one), the trade ids sent, and the synthetic
/// asset context's running figures. Guarded by <see cref="Gate"/>.
/// </summary>
internal sealed class HyperliquidCoin
{
    /// <summary>Open interest the synthetic asset context starts from (base units), before the replayed trades move it.</summary>
    private const decimal StartingOpenInterest = 25_000m;

    /// <summary>The day's base volume the synthetic context starts from, before the replayed trades add to it.</summary>
    private const decimal StartingDayVolume = 10_000m;

    public HyperliquidCoin(string name, HyperliquidRecordedBook initial, int sizeDecimals, StreamRegistry streams)
    {
        Name = name;
        Initial = initial;
        SizeDecimals = sizeDecimals;
        BookChannel = Source(streams, "l2Book:" + name);
        TradeChannel = Source(streams, "trades:" + name);
        BboChannel = Source(streams, "bbo:" + name);
        ContextChannel = Source(streams, "activeAssetCtx:" + name);
        Bids = initial.Bids;
        Asks = initial.Asks;
        BookTime = initial.Time;
        PriceScale = initial.Bids.Concat(initial.Asks).Select(level => (int)level.Price.Scale).DefaultIfEmpty(1).Max();
        var mid = initial.Bids.Length > 0 && initial.Asks.Length > 0 ? (initial.Bids[0].Price + initial.Asks[0].Price) / 2 : 1m;
        InitialMid = mid;
        OpenInterest = decimal.Round(StartingOpenInterest, sizeDecimals) + new decimal(0, 0, 0, false, (byte)sizeDecimals);
        DayBaseVolume = StartingDayVolume + new decimal(0, 0, 0, false, (byte)sizeDecimals);
        DayNotionalVolume = StartingDayVolume * mid;
    }

    public Lock Gate { get; } = new();

    public string Name { get; }

    /// <summary>The first recorded book: the truth before the replay starts.</summary>
    public HyperliquidRecordedBook Initial { get; }

    /// <summary><c>szDecimals</c> of the coin in <c>meta</c>: the most decimals a recorded size has.</summary>
    public int SizeDecimals { get; }

    public int PriceScale { get; }

    public decimal InitialMid { get; }

    public StreamChannel BookChannel { get; }

    public StreamChannel TradeChannel { get; }

    public StreamChannel BboChannel { get; }

    public StreamChannel ContextChannel { get; }

    /// <summary>The truth: the last snapshot generated (pushed or withheld by a gap), best first.</summary>
    public HyperliquidLevel[] Bids { get; set; }

    public HyperliquidLevel[] Asks { get; set; }

    /// <summary>The truth's <c>time</c> (ms), which stands for its sequence: Hyperliquid's books carry none.</summary>
    public long BookTime { get; set; }

    /// <summary>The best bid and ask of the last <c>bbo</c> push; null before the first.</summary>
    public (HyperliquidLevel? Bid, HyperliquidLevel? Ask)? LastBbo { get; set; }

    public long LastBboTime { get; set; }

    /// <summary>Every <c>tid</c> generated, in order (each its own run: Hyperliquid's ids are not contiguous).</summary>
    public IdRangeSet TradeIds { get; } = new();

    public decimal OpenInterest { get; set; }

    public decimal DayBaseVolume { get; set; }

    public decimal DayNotionalVolume { get; set; }

    /// <summary>The last asset context pushed, and its time; null before the first.</summary>
    public HyperliquidAssetContext? Context { get; set; }

    /// <summary>Set by the gap fault: the next book snapshot is generated (the truth moves) but not sent.</summary>
    public bool GapArmed { get; set; }

    private static StreamChannel Source(StreamRegistry streams, string name)
    {
        var channel = streams.GetOrAdd(name);
        channel.HasSource = true;
        return channel;
    }
}

using System.Globalization;
using MarketPrism.Core.Model;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Bybit;

/// <summary>
/// One symbol of a Bybit market while it is replayed: the true book, every topic it publishes with that topic's
/// state, the synthetic trade, ticker and liquidation state, and the armed faults. Everything is touched under
/// <see cref="Gate"/>, which also makes a subscriber's snapshot and its first delta consecutive.
/// </summary>
internal sealed class BybitSymbol
{
    /// <summary>Fields of a contract's ticker, in the order Bybit sends them (the recorded linear snapshot).</summary>
    public static readonly string[] ContractTickerFields =
    [
        "symbol", "tickDirection", "price24hPcnt", "lastPrice", "prevPrice24h", "highPrice24h", "lowPrice24h", "prevPrice1h",
        "markPrice", "indexPrice", "openInterest", "openInterestValue", "turnover24h", "volume24h", "nextFundingTime",
        "fundingRate", "bid1Price", "bid1Size", "ask1Price", "ask1Size",
    ];

    /// <summary>Fields of a spot ticker (docs "Ticker", spot example).</summary>
    public static readonly string[] SpotTickerFields =
    [
        "symbol", "lastPrice", "highPrice24h", "lowPrice24h", "prevPrice24h", "volume24h", "turnover24h", "price24hPcnt", "usdIndexPrice",
    ];

    public BybitSymbol(BybitMarket market, BybitRecordedBook recording, StreamRegistry streams)
    {
        Market = market;
        Recording = recording;
        Name = recording.Symbol;
        Initial = new TruthBook { LastUpdateId = recording.Snapshot.UpdateId };
        foreach (var level in recording.Snapshot.Bids)
        {
            Initial.Set(Side.Buy, level.Price, level.Size);
        }

        foreach (var level in recording.Snapshot.Asks)
        {
            Initial.Set(Side.Sell, level.Price, level.Size);
        }

        Truth = Initial.Clone();
        Depths = new BybitDepthStream[market.Depths.Count];
        for (var i = 0; i < Depths.Length; i++)
        {
            var depth = market.Depths[i];
            var stream = new BybitDepthStream(depth, Source(streams, OrderBookTopic(depth, Name)), recording.Snapshot.UpdateId)
            {
                Bids = Truth.Top(Side.Buy, depth),
                Asks = Truth.Top(Side.Sell, depth),
                LastPushTime = recording.Snapshot.Time,
            };
            Depths[i] = stream;
        }

        TradeChannel = Source(streams, "publicTrade." + Name);
        TickerChannel = Source(streams, "tickers." + Name);
        LiquidationChannel = market.IsSpot ? null : Source(streams, "allLiquidation." + Name);
        Ticker = new BybitTickerBoard(market.IsSpot ? SpotTickerFields : ContractTickerFields);
        LastSequence = recording.Snapshot.Sequence;
        LastTime = recording.Snapshot.Time;
        LastMatchTime = recording.Snapshot.MatchTime;

        // Synthetic open interest starts at the recorded book's total size: a stable, plausible size for the market.
        foreach (var level in recording.Snapshot.Bids.Concat(recording.Snapshot.Asks))
        {
            OpenInterest += level.Size;
        }

        if (Truth.TryGetBest(Side.Buy, out var bid) && Truth.TryGetBest(Side.Sell, out var ask))
        {
            InitialMid = (bid.Price + ask.Price) / 2;
            PriceScale = bid.Price.Scale;
            SizeScale = bid.Size.Scale;
        }
    }

    public Lock Gate { get; } = new();

    public BybitMarket Market { get; }

    public BybitRecordedBook Recording { get; }

    public string Name { get; }

    /// <summary>The recorded snapshot: every pass starts from it.</summary>
    public TruthBook Initial { get; }

    public TruthBook Truth { get; }

    /// <summary>The <c>orderbook</c> topics, smallest depth first (depth 1, the top of book, first).</summary>
    public BybitDepthStream[] Depths { get; }

    public StreamChannel TradeChannel { get; }

    public StreamChannel TickerChannel { get; }

    /// <summary><c>allLiquidation</c>; null on spot, which has none.</summary>
    public StreamChannel? LiquidationChannel { get; }

    public BybitTickerBoard Ticker { get; }

    /// <summary>The cross sequence of the last message generated.</summary>
    public long LastSequence { get; set; }

    /// <summary>Added to recorded sequences so they keep rising from pass to pass.</summary>
    public long SequenceShift { get; set; }

    /// <summary>Exchange time (ms, retimed) of the last message generated; new subscribers' snapshots carry it.</summary>
    public long LastTime { get; set; }

    /// <summary>Matching-engine time (<c>cts</c>, ms, retimed) of the book's last change.</summary>
    public long LastMatchTime { get; set; }

    /// <summary>Running number of the last synthetic trade.</summary>
    public long LastTradeNumber { get; set; }

    public IdRangeSet TradeNumbers { get; } = new();

    public Side NextTakerSide { get; set; } = Side.Buy;

    public Side NextLiquidatedPosition { get; set; } = Side.Buy;

    public decimal? LastTradePrice { get; set; }

    public string TickDirection { get; set; } = "ZeroPlusTick";

    public decimal OpenInterest { get; set; }

    public decimal Volume { get; set; }

    public decimal Turnover { get; set; }

    public decimal InitialMid { get; }

    public int PriceScale { get; }

    public int SizeScale { get; }

    public bool GapArmed { get; private set; }

    public void ArmGap() => GapArmed = true;

    /// <summary>True once after <see cref="ArmGap"/>.</summary>
    public bool ConsumeGap()
    {
        var armed = GapArmed;
        GapArmed = false;
        return armed;
    }

    public static string OrderBookTopic(int depth, string symbol) => string.Create(CultureInfo.InvariantCulture, $"orderbook.{depth}.{symbol}");

    private static StreamChannel Source(StreamRegistry streams, string name)
    {
        var channel = streams.GetOrAdd(name);
        channel.HasSource = true;
        return channel;
    }
}

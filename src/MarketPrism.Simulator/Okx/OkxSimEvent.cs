using MarketPrism.Core.Model;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Okx;

/// <summary>What one timeline event of the OKX session is.</summary>
internal enum OkxSimEventKind
{
    /// <summary>A recorded <c>books</c> update, applied to the truth and sent with generated seqId and checksum.</summary>
    BookUpdate,

    /// <summary>A recorded public trade.</summary>
    Trade,

    /// <summary>A recorded ticker.</summary>
    Ticker,

    /// <summary>Synthetic: a mark price from the true book.</summary>
    MarkPrice,

    /// <summary>Synthetic: a funding rate (swaps).</summary>
    FundingRate,

    /// <summary>Synthetic: open interest.</summary>
    OpenInterest,

    /// <summary>Synthetic: a liquidation order against the true book.</summary>
    Liquidation,
}

/// <summary>A recorded trade: OKX's fields, the id numeric so loops can shift it.</summary>
internal readonly record struct OkxRecordedTrade(long TradeId, string Price, string Size, string Side, long Time);

/// <summary>One event of the session at its offset from the start of a pass.</summary>
internal sealed class OkxSimEvent
{
    public required OkxSimEventKind Kind { get; init; }

    public required TimeSpan Offset { get; init; }

    /// <summary>The exchange time the event carries (recorded <c>ts</c>, or the offset's time for synthetic events), ms.</summary>
    public required long Time { get; init; }

    public required OkxSimInstrument Instrument { get; init; }

    public required StreamChannel Channel { get; init; }

    public BookLevel[] Bids { get; init; } = [];

    public BookLevel[] Asks { get; init; } = [];

    public OkxRecordedTrade[] Trades { get; init; } = [];

    /// <summary>A ticker's fields as recorded, in order, except <c>ts</c>.</summary>
    public (string Name, string Value)[] TickerFields { get; init; } = [];
}

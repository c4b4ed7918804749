using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;

namespace MarketPrism.Collector.Feeds;

/// <summary>
/// What the runtime remembers per instrument: its book synchronizer and the last ids/times handed on per data type,
/// which suppress copies when two connections overlap (hand-over) and reveal gaps after a reconnect. Touched only
/// under the feed's processing gate, except <see cref="MarkPrice"/>, which pollers read from other tasks.
/// </summary>
internal sealed class InstrumentState(Instrument instrument, BookSynchronizer? book)
{
    private readonly Lock _markLock = new();
    private decimal? _markPrice;

    public Instrument Instrument { get; } = instrument;

    public BookSynchronizer? Book { get; } = book;

    /// <summary>The stream that carries each data type of this instrument, by <see cref="Core.Model.DataType"/>; null where none does.</summary>
    public StreamActivity?[] Activity { get; } = new StreamActivity?[Core.Model.WireNames.AllDataTypes.Count];

    public long? LastTradeId { get; set; }

    /// <summary>Recent trade ids that are text (created on the first one): copies are recognized by id, not by order.</summary>
    public RecentIdWindow? RecentTextTradeIds { get; set; }

    public long? LastQuoteUpdateId { get; set; }

    public DateTime LastFundingTimestamp { get; set; }

    /// <summary>
    /// Event times of the funding rates handed on lately, by the stream or a REST poll (created on the first one): a
    /// poll may answer with an observation the stream delivered a while ago, and the stream may bring one a poll
    /// already handed on, so a copy is recognized by its time in either order, not only against the latest.
    /// </summary>
    public RecentIdWindow? RecentFundingTimestamps { get; set; }

    public DateTime LastMarkTimestamp { get; set; }

    public DateTime LastLiquidationTimestamp { get; set; }

    /// <summary>The liquidations handed on at <see cref="LastLiquidationTimestamp"/>.</summary>
    public List<(decimal Price, decimal Quantity, Core.Model.Side Side)> LastLiquidations { get; } = [];

    /// <summary>Time and values of the last quote handed on that had no update id (Deribit).</summary>
    public DateTime LastQuoteTimestamp { get; set; }

    public (decimal BidPrice, decimal BidSize, decimal AskPrice, decimal AskSize) LastQuote { get; set; }

    /// <summary>Time of the last streamed open interest handed on (REST polls are not deduplicated).</summary>
    public DateTime LastOpenInterestTimestamp { get; set; }

    public DateTime LastVolatilityTimestamp { get; set; }

    /// <summary>A resubscription of this instrument's book is scheduled or running (set and cleared under the gate).</summary>
    public bool ResubscribePending { get; set; }

    /// <summary>
    /// Fires <see cref="BookSnapshotSource.InBandWithRestFallback"/> books' REST fallback when no in-band snapshot came
    /// within <see cref="BookOptions.InBandSnapshotTimeout"/> of subscribing; re-armed by every (re)subscription,
    /// stopped when the connection is lost. Null for other venues and for instruments without a book.
    /// </summary>
    public ITimer? InBandSnapshotTimer { get; set; }

    /// <summary>When the book was last resubscribed (a <see cref="TimeProvider"/> timestamp; 0 = never).</summary>
    public long LastResubscribeAt { get; set; }

    public decimal? MarkPrice
    {
        get
        {
            lock (_markLock)
            {
                return _markPrice;
            }
        }

        set
        {
            lock (_markLock)
            {
                _markPrice = value;
            }
        }
    }
}

namespace MarketPrism.Core.Model;

/// <summary>
/// One exchange book update (<c>book_delta</c>): the changed levels with absolute sizes; size 0 removes a level.
/// Only updates that were applied to a synchronized book are emitted.
/// </summary>
public sealed class BookDeltaRecord : BookRecord
{
    public override DataType DataType => DataType.BookDelta;

    /// <summary>
    /// The exchange's id of the previous update when it sends one (Binance futures <c>pu</c>, Deribit
    /// <c>prev_change_id</c>); used for continuity checks, not written to storage.
    /// </summary>
    public long? PreviousUpdateId { get; init; }

    /// <summary>
    /// True when the venue sends this update as a full book (an in-band snapshot) that replaces the local one.
    /// Not written to storage: a replaced book is recorded as a <c>book_snapshot</c>.
    /// </summary>
    public bool IsSnapshot { get; init; }

    /// <summary>A venue checksum over the book after this update (OKX), or null. Not written to storage.</summary>
    public long? Checksum { get; init; }
}

namespace MarketPrism.Core.Books;

/// <summary>Where a venue's full book comes from when a local book is (re)synchronized.</summary>
public enum BookSnapshotSource : byte
{
    /// <summary>
    /// A REST snapshot bridged to buffered stream updates (Binance): the synchronizer asks for
    /// <see cref="BookSyncAction.FetchSnapshot"/> and is handed the response through
    /// <see cref="BookSynchronizer.OnSnapshot"/>.
    /// </summary>
    Rest,

    /// <summary>
    /// The stream itself sends the full book as a frame (OKX, Bybit, Deribit): a
    /// <see cref="Model.BookDeltaRecord"/> with <see cref="Model.BookDeltaRecord.IsSnapshot"/> set. A broken book is
    /// repaired with <see cref="BookSyncAction.Resubscribe"/>.
    /// </summary>
    InBand,
}
